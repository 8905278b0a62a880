"""Sign-in with a social account against the live sandbox, through allauth's real OpenID Connect
code path and the sandbox's provider: a known identity signs straight in; an unknown one opens the
registration prefilled and, once registered, signs straight in the next time; no Django user is ever
made; providers show only when configured; errors end on the login page; staff sign-in is as it was.
Then the module's own decisions called directly on a RequestFactory request (the buttons' order, the
pending registration in the session, the provider's answer without a token or for an unknown account)."""

from http import HTTPStatus
from types import SimpleNamespace

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from portal.accounts import services
from portal.accounts import social as signin
from portal.accounts.session import SESSION_KEY
from portal.accounts.social import PENDING_KEY
from portal.carecloud import ValidationError
from tests.accounts.test_register import unique_email, valid
from tests.support.oidc import CLIENT_ID, NETWORK_ID, configure_portal, round_trip

pytestmark = pytest.mark.django_db

LOGIN_URL = f"/social/oidc/{NETWORK_ID}/login/"


@pytest.fixture
def social(carecloud, settings):
    """The sandbox's OpenID Connect provider configured as `make run` configures it."""
    configure_portal(settings, carecloud)
    return carecloud


def page_url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def sign_in(client, identity, *, new=None, next_url="/en/"):
    """Press the button, choose ``identity`` at the provider, come back: the portal's last answer."""
    return round_trip(client, identity, new=new, next_url=next_url)


def assert_no_django_user():
    assert get_user_model().objects.count() == 0
    assert SocialAccount.objects.count() == 0 and SocialToken.objects.count() == 0


def test_the_login_and_registration_pages_offer_the_configured_provider(client, social):
    for name in ("accounts:login", "accounts:register"):
        html = client.get(page_url(name)).content.decode()
        assert "Continue with Sandbox ID" in html
        assert f'action="{LOGIN_URL}"' in html and 'name="csrfmiddlewaretoken"' in html
    czech = client.get(page_url("accounts:login", "cs")).content.decode()
    assert "Pokračovat přes Sandbox ID" in czech and 'name="next" value="/cs/overview/"' in czech


def test_no_provider_configured_no_button_and_no_sign_in(client, carecloud, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    for name in ("accounts:login", "accounts:register"):
        assert "social-login" not in client.get(page_url(name)).content.decode()
    assert client.post(LOGIN_URL, {"process": "login"}).status_code == HTTPStatus.NOT_FOUND
    assert client.post("/social/google/login/", {"process": "login"}).status_code == HTTPStatus.NOT_FOUND


def test_a_known_identity_signs_the_demo_customer_straight_in(client, social, ids):
    response = sign_in(client, ids.DEMO_OIDC_IDENTITY, next_url="/en/points/")
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == "/en/points/"
    assert client.session[SESSION_KEY]["customer_id"] == ids.DEMO_CUSTOMER
    overview = client.get(page_url("overview:dashboard"))
    assert overview.status_code == HTTPStatus.OK and "You are signed in with Sandbox ID" in overview.content.decode()
    assert_no_django_user()


def test_an_unknown_identity_registers_prefilled_and_then_signs_straight_in(client, social, ids, fresh_sandbox):
    email = unique_email()
    response = sign_in(client, "new", new={"given_name": "Nela", "family_name": "Nováková", "email": email})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == page_url("accounts:register") + "?next=%2Fen%2F"
    assert SESSION_KEY not in client.session
    form = client.get(response["Location"]).content.decode()
    assert f'value="{email}"' in form and 'value="Nela"' in form and 'value="Nováková"' in form
    assert "We do not know your Sandbox ID account yet" in form and "Continue with Sandbox ID" not in form
    assert client.session[PENDING_KEY]["social_network_token"] not in form  # the credential stays server-side
    joined = client.post(response["Location"], valid(ids, first_name="Nela", last_name="Nováková", email=email))
    assert joined.status_code == HTTPStatus.FOUND, joined.content.decode()[:2000]
    customer_id = client.session[SESSION_KEY]["customer_id"]
    assert PENDING_KEY not in client.session
    client.post(page_url("accounts:logout"))
    # The next time: choose the same identity (it is listed now), straight to the overview.
    sub = next(iter_identities(fresh_sandbox, email))
    again = sign_in(client, sub)
    assert again.status_code == HTTPStatus.FOUND and again["Location"] == "/en/"
    assert client.session[SESSION_KEY]["customer_id"] == customer_id
    assert_no_django_user()


def iter_identities(sandbox, email):
    """The identity ids the sandbox's identity page lists for ``email``."""
    import re

    import requests

    page = requests.get(f"{sandbox.url}/oidc/authorize", params={
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": "http://testserver/cb", "scope": "openid"},
        timeout=30).text
    for match in re.finditer(r'value="([0-9a-f]{26})">.*?<span class="identity-detail">([^<·]+)', page, flags=re.S):
        if match.group(2).strip() == email:
            yield match.group(1)


def test_cancelling_at_the_provider_ends_on_the_login_page_with_a_message(client, social):
    response = sign_in(client, "cancel", next_url="/cs/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(page_url("accounts:login", "cs"))
    page = client.get(response["Location"]).content.decode()
    assert "Přihlášení přes Sandbox ID bylo zrušeno" in page and 'name="password"' in page
    assert SESSION_KEY not in client.session


def test_carecloud_failing_ends_on_the_login_page(client, social, ids):
    social.set_faults(force_status=503)
    try:
        response = sign_in(client, ids.DEMO_OIDC_IDENTITY)
    finally:
        social.clear_faults()
    assert response["Location"].startswith(page_url("accounts:login"))
    assert "We cannot sign you in right now" in client.get(response["Location"]).content.decode()
    assert SESSION_KEY not in client.session


def test_returns_from_the_provider_are_rate_limited(client, social, ids, settings):
    settings.PORTAL_RATE_LIMITS = {"social-login": "1/15m/ip"}
    sign_in(client, ids.DEMO_OIDC_IDENTITY)
    client.post(page_url("accounts:logout"))
    response = sign_in(client, ids.DEMO_OIDC_IDENTITY)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    html = response.content.decode()
    assert "Too many sign-in attempts" in html and f'href="{page_url("accounts:login")}?next=%2Fen%2F"' in html
    assert SESSION_KEY not in client.session


def test_staff_sign_in_is_unchanged_and_offers_no_social_account(client, social):
    page = client.get("/staff/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Staff sign-in" in html and "Continue with" not in html and "/social/" not in html
    assert client.post(f"/staff/accounts/oidc/{NETWORK_ID}/login/", {"process": "login"}).status_code == 404
    assert client.get("/staff/accounts/3rdparty/").status_code == HTTPStatus.NOT_FOUND


def test_a_get_of_the_providers_url_asks_for_a_button_press(client, social):
    page = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Continue with Sandbox ID" in html and 'method="post"' in html


@pytest.mark.parametrize("query", ["", "?code=forged&state=forged", "?error=server_error&state=x"])
def test_a_forged_or_broken_return_ends_on_the_login_page_never_a_500(client, social, query):
    response = client.get(f"/social/oidc/{NETWORK_ID}/login/callback/{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == HTTPStatus.FOUND and response["Location"].startswith("/en/account/login/")
    assert "We could not sign you in" in client.get(response["Location"]).content.decode()
    assert SESSION_KEY not in client.session
    assert client.post("/social/oidc/unknown/login/", {"process": "login"}).status_code == HTTPStatus.NOT_FOUND


# --- the module's own decisions, called directly (quick and precise, for make mutation) ---------------

PENDING = {"social_network_id": "sandbox", "social_network_token": "provider-access-token", "provider": "Sandbox ID",
           "first_name": "Nela", "last_name": "", "email": "nela@example.com"}


def social_request(path="/social/oidc/sandbox/login/callback/", pending=None):
    request = RequestFactory().get(path)
    request.session = SessionStore()
    if pending is not None:
        request.session[PENDING_KEY] = dict(pending)
    request._messages = CookieStorage(request)
    return request


def told(request):
    return [str(message) for message in get_messages(request)]


def test_the_buttons_come_google_apple_facebook_first_then_openid_connect_by_name(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": [
            {"provider_id": "zeta", "name": "Zeta ID", "client_id": "z", "secret": "s",
             "settings": {"server_url": "https://zeta.example/oidc"}},
            {"provider_id": "alpha", "name": "Alpha ID", "client_id": "a", "secret": "s",
             "settings": {"server_url": "https://alpha.example/oidc"}}]},
        "facebook": {"APPS": [{"client_id": "f", "secret": "s"}]},
        "google": {"APPS": [{"client_id": "g", "secret": "s"}]},
    }
    providers = signin.configured_providers(social_request())
    assert [provider.sub_id for provider in providers] == ["google", "facebook", "alpha", "zeta"]


def test_the_pending_registration_is_read_from_the_session_and_its_credentials_go_to_carecloud():
    request = social_request(pending=PENDING)
    assert signin.pending_signup(request) == PENDING
    assert signin.pending_credentials(request) == {"social_network_id": "sandbox",
                                                   "social_network_token": "provider-access-token"}
    assert signin.pending_prefill(request) == {"first_name": "Nela", "email": "nela@example.com"}
    empty = social_request()
    assert signin.pending_signup(empty) is None and signin.pending_credentials(empty) is None


def test_forgetting_the_pending_registration_removes_it_from_the_session():
    request = social_request(pending=PENDING)
    signin.forget_pending(request)
    assert PENDING_KEY not in request.session and signin.pending_signup(request) is None


def test_credentials_carecloud_refused_are_forgotten_and_the_provider_named_other_refusals_keep_them():
    request = social_request(pending=PENDING)
    other = ValidationError(400, invalid_params=[{"name": "email", "reason": "taken"}, {"reason": "unnamed"}])
    assert signin.refused_credentials(request, other) == ""
    assert request.session[PENDING_KEY] == PENDING
    refused = ValidationError(400, invalid_params=[{"name": "social_network_credentials.social_network_token",
                                                    "reason": "expired"}])
    assert signin.refused_credentials(request, refused) == "Sandbox ID"
    assert PENDING_KEY not in request.session


def provider_answer(*, token="provider-access-token", user=None, next_url="/en/points/"):
    """What allauth hands pre_social_login: the provider, the state the login view kept, the token, the user."""
    provider = SimpleNamespace(sub_id="sandbox", name="Sandbox ID")
    return SimpleNamespace(account=SimpleNamespace(get_provider=lambda request: provider), state={"next": next_url},
                           token=SimpleNamespace(token=token) if token else None, user=user)


def test_a_provider_answer_without_an_access_token_ends_on_the_login_page_with_a_message():
    request = social_request()
    with translation.override("en"):
        response = signin.social_return(request, provider_answer(token=""))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/en/account/login/?next=%2Fen%2Fpoints%2F"
    assert told(request)[0].startswith("We could not sign you in with Sandbox ID.")
    assert PENDING_KEY not in request.session


@pytest.mark.parametrize(("user", "pending_names", "prefill"), [
    # A profile without a family name: the field stays empty for the customer to fill in.
    (SimpleNamespace(first_name="Nela", last_name="", email="nela@example.com"),
     ("Nela", "", "nela@example.com"), {"first_name": "Nela", "email": "nela@example.com"}),
    (SimpleNamespace(first_name=None, last_name="Nováková", email=None),
     ("", "Nováková", ""), {"last_name": "Nováková"}),
    # No profile at all: the registration opens empty, not a 500.
    (None, ("", "", ""), {}),
])
def test_an_identity_carecloud_does_not_know_opens_the_registration_prefilled_from_the_profile(
        monkeypatch, user, pending_names, prefill):
    def session_login_with_social(**kwargs):
        raise services.SocialAccountUnknown()

    monkeypatch.setattr(signin.services, "session_login_with_social", session_login_with_social)
    monkeypatch.setattr(signin.ratelimit, "refused", lambda request, action, **values: None)
    request = social_request()
    with translation.override("en"):
        response = signin.social_return(request, provider_answer(user=user))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/en/register/?next=%2Fen%2Fpoints%2F"
    pending = request.session[PENDING_KEY]
    assert (pending["first_name"], pending["last_name"], pending["email"]) == pending_names
    assert signin.pending_prefill(request) == prefill
    assert signin.pending_credentials(request) == {"social_network_id": "sandbox",
                                                   "social_network_token": "provider-access-token"}


def test_no_django_user_is_ever_made_from_a_social_account():
    assert signin.CustomerSocialAccountAdapter().is_open_for_signup(social_request(), provider_answer()) is False


@pytest.mark.parametrize(("answer", "message"), [
    (signin.login_cancelled, "Signing in with your account was cancelled. You can log in below instead."),
    (signin.login_error, "We could not sign you in with your account. Please try again, or log in with your "
                         "e-mail, phone or card number below."),
])
def test_allauths_cancelled_and_error_pages_are_the_login_page_with_a_message(answer, message):
    request = social_request("/social/login/cancelled/")
    with translation.override("en"):
        response = answer(request)
        assert response.status_code == HTTPStatus.FOUND and response["Location"] == reverse("accounts:login")
        assert told(request) == [message]
