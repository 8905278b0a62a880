"""Sign-in with a social account against the live sandbox, through allauth's real OpenID Connect
code path and the sandbox's provider: a known identity signs straight in; an unknown one opens the
registration prefilled and, once registered, signs straight in the next time; no Django user is ever
made; providers show only when configured; errors end on the login page; staff sign-in is as it was."""

from http import HTTPStatus

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from portal.accounts.session import SESSION_KEY
from portal.accounts.social import PENDING_KEY
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
