"""The customer session flow through the real login form, against the live sandbox; and, at the end,
the session's bookkeeping called directly on a plain session: a guest token is remembered with its
language and forgotten again, so is a request for a sign-in code, an uncertain registration is
cleared, and logging in keeps the browser's device id (a new one would make CareCloud replace the
tokens of this device's other session)."""

import base64
import re
import time
from http import HTTPStatus
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.debug import SafeExceptionReporterFilter

from portal.accounts.session import DEVICE_KEY, GUEST_KEY, REGISTRATION_UNCERTAIN_KEY, SESSION_KEY, CustomerSession
from portal.accounts.views import LoginView
from portal.carecloud import get_client
from tests.conftest import portal_login
from tests.support.session import PlainSession

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def login_post(client, language="en", **data):
    body = {"login_type": "email", "login_value": "", "password": "", **data}
    return client.post(url("accounts:login", language), body)


def messages_on(html: str) -> list[str]:
    """The texts of the messages (components/messages.html) on a page."""
    return re.findall(r'<p class="message message--\w+">([^<]*)</p>', html)


def ops(sandbox, since):
    return [e["operation_id"] for e in sandbox.requests_log(since)]


# --- logging in -------------------------------------------------------------------------------------


@pytest.mark.parametrize("login_type,login_value", [
    ("email", "demo@example.com"),
    ("email", "  Demo@Example.COM "),
    ("phone", "+420 777 123 456"),
    ("phone", "+420777123456"),
    ("phone", "420777123456"),
    ("phone", "777 123 456"),
    ("phone", "00420 777 123 456"),
    ("card", "2001900627"),
    ("card", "2001 9006 27"),
])
def test_login_by_email_phone_and_card(carecloud, client, ids, login_type, login_value):
    since = carecloud.last_seq()
    response = login_post(client, login_type=login_type, login_value=login_value, password=ids.DEMO_PASSWORD)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert response["Location"] == url("overview:dashboard")
    assert client.session[SESSION_KEY]["customer_id"] == ids.DEMO_CUSTOMER
    # The card types (read with the anonymous token, cached) tell a number's type; then one login.
    log = [e for e in carecloud.requests_log(since) if e["operation_id"] != "getCardTypes"]
    assert [(e["operation_id"], e["status"]) for e in log][-2:] == [("postToken", 201), ("postTokenLogin", 200)]


def test_the_logged_in_customer_sees_their_own_name(customer_client, ids):
    response = customer_client.get(url("overview:dashboard"))
    assert response.status_code == HTTPStatus.OK
    assert "Tereza" in response.content.decode()


def test_wrong_password_shows_a_translated_form_error(carecloud, client, ids):
    response = login_post(client, login_value=ids.DEMO_EMAIL, password="Not-the-password-7")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<title>Log in ·" in html
    assert 'class="error-summary"' in html
    assert "The login or password is not correct." in html
    assert f'value="{ids.DEMO_EMAIL}"' in html  # the login is kept
    assert "Not-the-password-7" not in html
    assert SESSION_KEY not in client.session


def test_wrong_password_in_czech(carecloud, client, ids):
    since = carecloud.last_seq()
    response = login_post(client, "cs", login_value=ids.DEMO_EMAIL, password="Spatne-heslo-7")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<html lang="cs">' in html
    assert 'class="error-summary"' in html and 'role="alert"' in html
    assert "Spatne-heslo-7" not in html
    assert f'value="{ids.DEMO_EMAIL}"' in html
    login_call = [e for e in carecloud.requests_log(since) if e["operation_id"] == "postTokenLogin"]
    assert login_call[0]["status"] == 401
    assert login_call[0]["accept_language"] == "cs"


@pytest.mark.parametrize("language,required", [("en", "This field is required."),
                                               ("cs", "Toto pole je třeba vyplnit.")])
def test_empty_fields_give_field_errors_without_calling_carecloud(carecloud, client, language, required):
    since = carecloud.last_seq()
    response = login_post(client, language, login_value="", password="")

    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert set(form.errors) == {"login_value", "password"}
    html = response.content.decode()
    for field in ("login_value", "password"):  # next to each field, and linked from the summary
        assert re.search(rf'<ul class="errorlist" id="id_{field}_error"><li>{re.escape(required)}</li>', html)
        assert f'<a href="#id_{field}">' in html
    assert html.count(required) == 4
    assert carecloud.requests_log(since) == []


@pytest.mark.parametrize("login_type,value", [("email", "12ab"), ("phone", "+420 12"), ("card", "20/01")])
def test_malformed_logins_are_field_errors(carecloud, client, login_type, value):
    response = login_post(client, login_type=login_type, login_value=value, password="whatever")
    assert response.status_code == HTTPStatus.OK
    assert "login_value" in response.context["form"].errors


def test_the_session_key_changes_at_login_and_the_device_id_stays(carecloud, client, ids):
    login_post(client, login_value=ids.DEMO_EMAIL, password="wrong-once")  # creates the anonymous session
    before_key = client.session.session_key
    device_id = client.session[DEVICE_KEY]
    assert before_key

    response = login_post(client, login_value=ids.DEMO_EMAIL, password=ids.DEMO_PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert client.session.session_key != before_key
    assert not Session.objects.filter(session_key=before_key).exists()
    assert client.session[DEVICE_KEY] == device_id


def test_the_token_never_reaches_the_browser(carecloud, client, ids):
    response = portal_login(client)
    token = client.session[SESSION_KEY]["token"]
    assert token and len(token) > 8
    encoded = base64.b64encode(token.encode()).decode()

    seen = [response["Location"]]
    for name in ("overview:dashboard", "profile:profile", "accounts:login"):
        page = client.get(url(name), follow=True)
        seen += [page.content.decode(), page.request["PATH_INFO"], page.request.get("QUERY_STRING", "")]
        seen += [location for location, _status in page.redirect_chain]
    seen += [morsel.value for morsel in client.cookies.values()]
    seen += [str(value) for value in response.headers.values()]

    for text in seen:
        assert token not in text and encoded not in text


def test_session_cookie_is_http_only(carecloud, client, ids):
    portal_login(client)
    from django.conf import settings

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_two_browser_sessions_have_their_own_device_and_token(carecloud, ids, customer_api):
    first, second = Client(), Client()
    assert portal_login(first).status_code == HTTPStatus.FOUND
    assert portal_login(second).status_code == HTTPStatus.FOUND

    assert first.session[DEVICE_KEY] != second.session[DEVICE_KEY]
    first_token = first.session[SESSION_KEY]["token"]
    assert first_token != second.session[SESSION_KEY]["token"]
    # Logging in the second browser did not replace the first one's token upstream.
    assert customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=first_token).status_code == 200
    assert first.get(url("overview:dashboard")).status_code == HTTPStatus.OK


def test_logging_in_again_after_logging_out_starts_afresh(carecloud, client, ids, customer_api):
    """Logging out forgets the browser session's device id with everything else: the next login
    is a new device with a new token, and the old token stays dead."""
    portal_login(client)
    device_id, old_token = client.session[DEVICE_KEY], client.session[SESSION_KEY]["token"]
    assert device_id.startswith("portal-")
    client.post(url("accounts:logout"))
    assert DEVICE_KEY not in client.session
    portal_login(client)
    assert client.session[SESSION_KEY]["token"] != old_token
    assert client.session[DEVICE_KEY] != device_id
    assert customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=old_token).status_code == 401


# --- logging out ------------------------------------------------------------------------------------------


def test_logout_revokes_the_token_upstream_and_flushes_the_session(customer_client, carecloud, ids, customer_api):
    token = customer_client.session[SESSION_KEY]["token"]
    session_key = customer_client.session.session_key
    since = carecloud.last_seq()

    response = customer_client.post(url("accounts:logout"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("accounts:login")
    assert [(e["operation_id"], e["status"]) for e in carecloud.requests_log(since)] == [("postTokenLogout", 204)]
    assert customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=token).status_code == 401
    assert not Session.objects.filter(session_key=session_key).exists()
    assert SESSION_KEY not in customer_client.session
    assert messages_on(customer_client.get(response["Location"]).content.decode()) == ["You have been logged out."]
    page = customer_client.get(url("overview:dashboard"))
    assert page.status_code == HTTPStatus.FOUND


def test_logout_without_a_carecloud_session_just_says_so(carecloud, client):
    since = carecloud.last_seq()
    response = client.post(url("accounts:logout"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("accounts:login")
    assert carecloud.requests_log(since) == []  # no token, nothing to log out upstream
    assert messages_on(client.get(response["Location"]).content.decode()) == ["You have been logged out."]


def test_logout_is_post_only(customer_client):
    assert customer_client.get(url("accounts:logout")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert customer_client.get(url("overview:dashboard")).status_code == HTTPStatus.OK  # still logged in


def test_logout_still_ends_the_session_when_carecloud_is_down(customer_client, carecloud):
    carecloud.set_faults(force_status=503)
    try:
        response = customer_client.post(url("accounts:logout"))
    finally:
        carecloud.clear_faults()
    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in customer_client.session


def test_logout_after_an_expired_token_is_quiet(customer_client, carecloud, ids):
    carecloud.control("POST", f"customers/{ids.DEMO_CUSTOMER}/expire-tokens")
    response = customer_client.post(url("accounts:logout"))
    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in customer_client.session


# --- an expired token ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "cs"])
def test_an_expired_token_sends_the_customer_to_login_and_back(customer_client, carecloud, ids, language):
    page = url("profile:profile", language)
    assert customer_client.get(page).status_code == HTTPStatus.OK
    carecloud.control("POST", f"customers/{ids.DEMO_CUSTOMER}/expire-tokens")

    response = customer_client.get(page + "?tab=x")

    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    assert location.path == url("accounts:login", language)
    assert parse_qs(location.query)["next"] == [page + "?tab=x"]
    assert SESSION_KEY not in customer_client.session

    login_page = customer_client.get(response["Location"])
    html = login_page.content.decode()
    assert f'name="next" value="{page}?tab=x"' in html
    with translation.override(language):
        assert messages_on(html) == [gettext("Your session has expired. Please log in again.")]

    again = customer_client.post(response["Location"], {
        "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD,
        "next": page + "?tab=x",
    })
    assert again.status_code == HTTPStatus.FOUND
    assert again["Location"] == page + "?tab=x"
    assert customer_client.get(again["Location"]).status_code == HTTPStatus.OK


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "///evil.example",
                                    "http://testserver.evil.example/x", "javascript:alert(1)"])
def test_next_to_another_host_is_ignored(carecloud, client, ids, target):
    page = client.get(url("accounts:login") + "?next=" + target)
    html = page.content.decode()
    assert f'name="next" value="{target}"' not in html and 'name="next" value="javascript' not in html
    assert page.context["next"] == ""

    response = client.post(url("accounts:login") + "?next=" + target, {
        "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD, "next": target,
    })
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("overview:dashboard")


def test_next_on_this_site_is_followed(carecloud, client, ids):
    target = url("points:points", "cs")
    response = client.post(url("accounts:login"), {
        "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD, "next": target,
    })
    assert response["Location"] == target


def test_the_login_page_redirects_a_logged_in_customer(customer_client):
    response = customer_client.get(url("accounts:login"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("overview:dashboard")


# --- CSRF -------------------------------------------------------------------------------------------------------


def _csrf(client, page):
    client.get(page)
    return client.cookies["csrftoken"].value


def test_csrf_is_enforced_on_login(carecloud, ids):
    client = Client(enforce_csrf_checks=True)
    data = {"login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD}
    assert client.post(url("accounts:login"), data).status_code == HTTPStatus.FORBIDDEN

    token = _csrf(client, url("accounts:login"))
    assert client.post(url("accounts:login"), {**data, "csrfmiddlewaretoken": token}).status_code == HTTPStatus.FOUND


def test_csrf_is_enforced_on_logout_and_language(carecloud, ids):
    client = Client(enforce_csrf_checks=True)
    token = _csrf(client, url("accounts:login"))
    client.post(url("accounts:login"), {"login_type": "email", "login_value": ids.DEMO_EMAIL,
                                         "password": ids.DEMO_PASSWORD, "csrfmiddlewaretoken": token})
    assert SESSION_KEY in client.session

    assert client.post(url("accounts:logout")).status_code == HTTPStatus.FORBIDDEN
    assert client.post(reverse("set-language"), {"language": "cs"}).status_code == HTTPStatus.FORBIDDEN
    assert SESSION_KEY in client.session  # neither did anything

    token = _csrf(client, url("overview:dashboard"))
    response = client.post(url("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in client.session


# --- language -------------------------------------------------------------------------------------------------------


def test_switching_language_updates_the_token_and_later_calls(customer_client, carecloud, ids):
    session = get_client().session
    since = carecloud.last_seq()
    with mock.patch.object(session, "request", wraps=session.request) as spy:
        response = customer_client.post(reverse("set-language"),
                                        {"language": "cs", "next": url("overview:dashboard", "en")})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("overview:dashboard", "cs")
    log = carecloud.requests_log(since)
    assert [(e["operation_id"], e["status"]) for e in log] == [("putToken", 204)]
    put = spy.call_args
    assert put.args[0] == "PUT"
    assert put.kwargs["json"]["setup"]["language_id"] == "cs"

    since = carecloud.last_seq()
    page = customer_client.get(response["Location"])
    assert page.status_code == HTTPStatus.OK
    assert '<html lang="cs">' in page.content.decode()
    assert {e["accept_language"] for e in carecloud.requests_log(since)} == {"cs"}


def test_switching_language_anonymously_does_not_call_carecloud(carecloud, client):
    since = carecloud.last_seq()
    response = client.post(reverse("set-language"), {"language": "cs", "next": url("accounts:login")})
    assert response["Location"] == url("accounts:login", "cs")
    assert carecloud.requests_log(since) == []


def test_switching_language_when_carecloud_is_down_still_switches(customer_client, carecloud):
    carecloud.set_faults(force_status=503)
    try:
        response = customer_client.post(reverse("set-language"),
                                        {"language": "cs", "next": url("overview:dashboard", "en")})
    finally:
        carecloud.clear_faults()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("overview:dashboard", "cs")
    assert SESSION_KEY in customer_client.session
    assert customer_client.session[SESSION_KEY]["language"] == "en"  # the token still has the old one
    with translation.override("cs"):  # said in the language just chosen
        message = gettext("Your language was changed here, but not yet in your account.")
    assert message in customer_client.get(response["Location"]).content.decode()
    assert message not in customer_client.get(response["Location"]).content.decode()  # said once


def test_switching_language_with_an_expired_token_goes_to_login(customer_client, carecloud, ids):
    carecloud.control("POST", f"customers/{ids.DEMO_CUSTOMER}/expire-tokens")
    response = customer_client.post(reverse("set-language"),
                                    {"language": "cs", "next": url("overview:dashboard", "en")},
                                    HTTP_REFERER="http://testserver" + url("points:points", "en"))
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    # Log in again in the new language, then come back to the page asked for, in that language.
    assert location.path == url("accounts:login", "cs")
    assert parse_qs(location.query)["next"] == [url("overview:dashboard", "cs")]
    assert response.cookies["django_language"].value == "cs"  # the switch itself is kept
    assert SESSION_KEY not in customer_client.session
    login_page = customer_client.get(response["Location"])
    assert '<html lang="cs">' in login_page.content.decode()
    assert f'name="next" value="{url("overview:dashboard", "cs")}"' in login_page.content.decode()


def test_set_language_is_post_only(client):
    assert client.get(reverse("set-language")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


# --- CareCloud down, and pages that need a login ---------------------------------------------------------


def test_carecloud_down_during_login_is_a_friendly_form_error(carecloud, client, ids):
    carecloud.set_faults(force_status=503)
    try:
        response = login_post(client, login_value=ids.DEMO_EMAIL, password=ids.DEMO_PASSWORD)
    finally:
        carecloud.clear_faults()

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "We cannot log you in right now." in html
    assert f'value="{ids.DEMO_EMAIL}"' in html
    assert ids.DEMO_PASSWORD not in html
    assert SESSION_KEY not in client.session


def test_carecloud_unreachable_during_login_is_a_friendly_form_error(carecloud, client, ids, settings):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CARECLOUD_API_URL = f"http://127.0.0.1:{port}/webservice/rest-api/customer-interface/v1.0"
    response = login_post(client, "cs", login_type="phone", login_value="+420 777 123 456",
                          password=ids.DEMO_PASSWORD)
    assert response.status_code == HTTPStatus.OK
    assert 'class="error-summary"' in response.content.decode()
    assert 'value="+420 777 123 456"' in response.content.decode()  # as typed


def test_a_misconfigured_application_is_not_blamed_on_the_login(carecloud, client, ids, settings):
    settings.CARECLOUD_EXTERNAL_APP_ID = "no-such-application"
    response = login_post(client, login_value=ids.DEMO_EMAIL, password=ids.DEMO_PASSWORD)
    assert response.status_code == HTTPStatus.OK
    assert "We cannot log you in right now." in response.content.decode()
    assert "login_value" not in response.context["form"].errors


@pytest.mark.parametrize("language", ["en", "cs"])
@pytest.mark.parametrize("name", ["overview:dashboard", "profile:profile", "cards:card-list",
                                  "rewards:voucher-list", "points:points", "rewards:reward-list"])
def test_pages_require_login(client, name, language):
    page = url(name, language)
    response = client.get(page)
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    assert location.path == url("accounts:login", language)
    assert parse_qs(location.query)["next"] == [page]


# --- caching and error reports -------------------------------------------------------------------------------------


def test_login_and_customer_pages_are_never_cached(customer_client, client):
    page = customer_client.get(url("overview:dashboard"))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    login_page = client.get(url("accounts:login"))
    assert "no-store" in login_page["Cache-Control"]


def test_the_password_is_hidden_from_error_reports(carecloud, client, ids):
    seen = {}

    def explode(self, form):
        seen["post"] = SafeExceptionReporterFilter().get_post_parameters(self.request)
        raise RuntimeError("boom")

    client.raise_request_exception = False
    with mock.patch.object(LoginView, "form_valid", explode):
        response = login_post(client, login_value=ids.DEMO_EMAIL, password="Secret-Value-1")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert seen["post"]["password"] != "Secret-Value-1"
    assert seen["post"]["login_value"] == ids.DEMO_EMAIL
    assert "Something went wrong" in response.content.decode()


# --- an unknown login looks like a wrong password (fault shapes the sandbox cannot make) -----------------


FAKE_API = "http://carecloud.test/v1.0"


@pytest.fixture
def fake_carecloud(settings):
    """The portal pointed at a ``responses`` stand-in: postToken works, postTokenLogin answers as told."""
    import responses

    settings.CARECLOUD_API_URL = FAKE_API
    settings.CARECLOUD_MAX_RETRIES = 0
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.post(f"{FAKE_API}/tokens", json={"data": {"token_id": "fake-token"}}, status=201)

        def login_answers(status):
            mocked.post(f"{FAKE_API}/tokens/fake-token/actions/login", status=status,
                        json={"error": {"title": "The client does not exist", "detail": "raw text"}})
        mocked.login_answers = login_answers
        yield mocked


def _assert_wrong_logins_count(client, login_value: str, attempts: int):
    for attempt in range(attempts):
        response = login_post(client, login_value=login_value, password=f"guess-{attempt}")
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert "The login or password is not correct." in html
        assert "We cannot log you in right now." not in html and "raw text" not in html
    blocked = login_post(client, login_value=login_value, password="guess-last")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert SESSION_KEY not in client.session


def test_an_unknown_login_is_a_wrong_login_and_counts(carecloud, client, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,3/5m/account-ip,20/5m/account"}
    since = carecloud.last_seq()
    _assert_wrong_logins_count(client, "nobody@example.com", 3)
    logins = [e["status"] for e in carecloud.requests_log(since) if e["operation_id"] == "postTokenLogin"]
    assert logins == [401, 401, 401]  # the fourth attempt never reached CareCloud


@pytest.mark.parametrize("status", [403, 404])
def test_an_unknown_login_answered_403_or_404_is_a_wrong_login_and_counts(fake_carecloud, client, settings, padding,
                                                                          status):
    """Some projects answer an unknown login 403 ("the client does not exist") or 404; the sandbox
    answers 401 like for a wrong password."""
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,3/5m/account-ip,20/5m/account"}
    fake_carecloud.login_answers(status)
    _assert_wrong_logins_count(client, "nobody@example.com", 3)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_a_failing_carecloud_at_login_is_unavailable_and_does_not_count(carecloud, client, settings, ids, padding,
                                                                         status):
    settings.PORTAL_RATE_LIMITS = {"login": "2/5m/ip,2/5m/account-ip,20/5m/account"}
    try:
        for attempt in range(3):
            # (a write refused with 429 is sent again after Retry-After: refused every time here)
            carecloud.set_faults(force_status=status, force_count=3 if status == 429 else 1, retry_after=0)
            response = login_post(client, login_value=ids.DEMO_EMAIL, password=f"pw-{attempt}")
            assert response.status_code == HTTPStatus.OK
            assert "We cannot log you in right now." in response.content.decode()
    finally:
        carecloud.clear_faults()
    # Three failures that were CareCloud's, not the customer's: the right password still works.
    assert login_post(client, login_value=ids.DEMO_EMAIL, password=ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND
    assert padding == []  # CareCloud's own failure says nothing about the account: not padded


def test_a_login_careclouds_answers_400_is_a_format_error_and_counts(fake_carecloud, client, settings, padding):
    """A project may refuse a login value's format (400 with invalid_params); the sandbox accepts
    every value the form lets through."""
    settings.PORTAL_RATE_LIMITS = {"login": "20/5m/ip,2/5m/account-ip,20/5m/account"}
    fake_carecloud.post(f"{FAKE_API}/tokens/fake-token/actions/login", status=400, json={"error": {
        "title": "Bad request", "error_data": {"invalid_params": [{"name": "login_value",
                                                                  "reason": "invalid_value_format"}]}}})
    for attempt in range(2):
        response = login_post(client, login_type="phone", login_value="+420 777 123 456", password=f"pw-{attempt}")
        assert response.status_code == HTTPStatus.OK
        assert response.context["form"].errors == {"login_value": ["Check the format of your login."]}
        assert 'value="+420 777 123 456"' in response.content.decode()  # as typed
    blocked = login_post(client, login_type="phone", login_value="+420 777 123 456", password="pw-3")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_login_carecloud_finds_malformed_answers_no_sooner_than_a_wrong_password(fake_carecloud, client, settings,
                                                                                   padding):
    settings.PORTAL_LOGIN_FAILURE_FLOOR = 0.8
    fake_carecloud.post(f"{FAKE_API}/tokens/fake-token/actions/login", status=400, json={"error": {
        "title": "Invalid parameters", "invalid_params": [
            {"name": "login_value", "reason": "invalid_value_format", "value": "x"}]}})
    started = time.monotonic()
    response = login_post(client, login_value="demo@example.com", password="whatever-1")

    assert response.status_code == HTTPStatus.OK
    assert "login_value" in response.context["form"].errors
    [(asked_at, seconds)] = padding
    assert 0.8 <= asked_at + seconds - started < 0.9


@pytest.mark.parametrize("token_answer, login_answer", [
    ({"data": {}}, {"data": {"customer_id": "c1"}}),  # postToken without a token id
    ({"data": {"token_id": "fake-token"}}, {"data": {}}),  # postTokenLogin without a customer id
])
def test_a_malformed_answer_at_login_is_unavailable_and_starts_no_session(fake_carecloud, client, token_answer,
                                                                          login_answer):
    fake_carecloud.replace("POST", f"{FAKE_API}/tokens", json=token_answer, status=201)
    fake_carecloud.post(f"{FAKE_API}/tokens/fake-token/actions/login", json=login_answer)
    response = login_post(client, login_value="demo@example.com", password="whatever-1")
    assert response.status_code == HTTPStatus.OK
    assert "We cannot log you in right now." in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize("status", [401, 403, 404])
def test_a_refused_post_token_is_the_portals_problem_not_the_login(fake_carecloud, client, status):
    fake_carecloud.replace("POST", f"{FAKE_API}/tokens", json={"error": {"title": "Unknown application"}},
                           status=status)
    response = login_post(client, login_value="demo@example.com", password="whatever-1")
    html = response.content.decode()
    assert "We cannot log you in right now." in html
    assert "The login or password is not correct." not in html


# --- CSRF rotation at login ----------------------------------------------------------------------------------


def test_the_csrf_secret_changes_at_login(carecloud, ids):
    client = Client(enforce_csrf_checks=True)
    before = _csrf(client, url("accounts:login"))

    response = client.post(url("accounts:login"), {"login_type": "email", "login_value": ids.DEMO_EMAIL,
                                                    "password": ids.DEMO_PASSWORD, "csrfmiddlewaretoken": before})

    assert response.status_code == HTTPStatus.FOUND
    after = response.cookies["csrftoken"].value
    assert after and after != before
    # A token planted before the login is no good afterwards; the new one is.
    assert client.post(url("accounts:logout"), {"csrfmiddlewaretoken": before}).status_code == HTTPStatus.FORBIDDEN
    assert SESSION_KEY in client.session
    assert client.post(url("accounts:logout"), {"csrfmiddlewaretoken": after}).status_code == HTTPStatus.FOUND


# --- the token follows a language changed by URL -----------------------------------------------------------------


def _put_languages(spy) -> list[str]:
    return [c.kwargs["json"]["setup"]["language_id"] for c in spy.call_args_list if c.args[0] == "PUT"]


def test_opening_a_page_in_another_language_by_url_updates_the_token(customer_client, carecloud, ids):
    assert customer_client.session[SESSION_KEY]["language"] == "en"
    session = get_client().session
    since = carecloud.last_seq()
    with mock.patch.object(session, "request", wraps=session.request) as spy:
        page = customer_client.get(url("overview:dashboard", "cs"))
        assert page.status_code == HTTPStatus.OK
        assert _put_languages(spy) == ["cs"]
        log = carecloud.requests_log(since)
        assert log[0]["operation_id"] == "putToken" and log[0]["status"] == 204
        assert customer_client.session[SESSION_KEY]["language"] == "cs"

        customer_client.get(url("profile:profile", "cs"))  # already in Czech: no second putToken
        assert _put_languages(spy) == ["cs"]

        customer_client.get(url("overview:dashboard", "en"))  # and back
        assert _put_languages(spy) == ["cs", "en"]
    assert customer_client.session[SESSION_KEY]["language"] == "en"


def test_logging_in_on_the_czech_page_remembers_czech(carecloud, client, ids):
    since = carecloud.last_seq()
    portal_login(client, language="cs")
    assert client.session[SESSION_KEY]["language"] == "cs"
    client.get(url("overview:dashboard", "cs"))
    assert "putToken" not in ops(carecloud, since)


def test_the_language_switcher_records_the_tokens_language(customer_client, carecloud):
    customer_client.post(reverse("set-language"), {"language": "cs", "next": url("overview:dashboard", "en")})
    assert customer_client.session[SESSION_KEY]["language"] == "cs"
    since = carecloud.last_seq()
    customer_client.get(url("overview:dashboard", "cs"))
    assert "putToken" not in ops(carecloud, since)


def test_a_language_change_by_url_that_carecloud_refuses_is_tried_again_later(customer_client, carecloud):
    carecloud.set_faults(force_status=503, force_count=1)  # putToken (a write: never retried) fails once
    try:
        since = carecloud.last_seq()
        page = customer_client.get(url("overview:dashboard", "cs"))
    finally:
        carecloud.clear_faults()
    assert page.status_code == HTTPStatus.OK
    assert '<html lang="cs">' in page.content.decode()
    # A forced fault answers before routing (no operation id in the log): match the method instead.
    assert [e["status"] for e in carecloud.requests_log(since) if e["method"] == "PUT"] == [503]
    assert customer_client.session[SESSION_KEY]["language"] == "en"

    since = carecloud.last_seq()
    customer_client.get(url("overview:dashboard", "cs"))
    assert [e["status"] for e in carecloud.requests_log(since) if e["method"] == "PUT"] == [204]
    assert customer_client.session[SESSION_KEY]["language"] == "cs"


def test_a_language_change_by_url_with_an_expired_token_goes_to_login(customer_client, carecloud, ids):
    carecloud.control("POST", f"customers/{ids.DEMO_CUSTOMER}/expire-tokens")
    page = url("points:points", "cs") + "?page=2"
    response = customer_client.get(page)
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    assert location.path == url("accounts:login", "cs")
    assert parse_qs(location.query)["next"] == [page]
    assert SESSION_KEY not in customer_client.session


def test_a_post_to_a_page_in_another_language_leaves_the_tokens_language_alone(customer_client, carecloud):
    """Only a GET or HEAD of a language-prefixed page updates the token's language: a form posted
    there is about something else (here: logging out), and must do only that."""
    assert customer_client.session[SESSION_KEY]["language"] == "en"
    since = carecloud.last_seq()
    response = customer_client.post(url("accounts:logout", "cs"))
    assert response.status_code == HTTPStatus.FOUND
    assert ops(carecloud, since) == ["postTokenLogout"]


def test_a_head_of_a_page_in_another_language_updates_the_token(customer_client, carecloud):
    since = carecloud.last_seq()
    assert customer_client.head(url("profile:profile", "cs")).status_code == HTTPStatus.OK
    assert ops(carecloud, since)[0] == "putToken"
    assert customer_client.session[SESSION_KEY]["language"] == "cs"


def test_anonymous_pages_in_another_language_do_not_call_carecloud(carecloud, client):
    since = carecloud.last_seq()
    client.get(url("accounts:login", "cs"))
    client.get(url("accounts:login", "en"))
    assert carecloud.requests_log(since) == []


def test_switching_to_a_language_nobody_has_changes_nothing(customer_client, carecloud):
    since = carecloud.last_seq()
    response = customer_client.post(reverse("set-language"), {"language": "xx", "next": url("points:points")})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("points:points")
    assert carecloud.requests_log(since) == []
    assert customer_client.session[SESSION_KEY]["language"] == "en"


def test_the_switcher_sends_the_language_chosen_not_the_one_the_request_came_in(carecloud, client):
    """The switch is posted outside the language prefixes: the request's own language is the
    cookie's or the default (Czech here), never the one chosen."""
    portal_login(client, language="cs")
    session = get_client().session
    with mock.patch.object(session, "request", wraps=session.request) as spy:
        response = client.post(reverse("set-language"), {"language": "en", "next": url("overview:dashboard", "cs")})
    assert response["Location"] == url("overview:dashboard", "en")
    assert _put_languages(spy) == ["en"]
    assert client.session[SESSION_KEY]["language"] == "en"


@pytest.mark.parametrize("language", ["de", "en-us", ""])
def test_a_language_the_portal_does_not_speak_changes_nothing(customer_client, carecloud, language):
    """Django knows German, the portal does not: a hand-made POST must not lead to a /de/ page
    that does not exist, nor send "de" to CareCloud."""
    since = carecloud.last_seq()
    response = customer_client.post(reverse("set-language"), {"language": language, "next": url("points:points")})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("points:points")
    assert carecloud.requests_log(since) == []
    assert customer_client.session[SESSION_KEY]["language"] == "en"
    assert "django_language" not in response.cookies


# --- the session's bookkeeping, called directly on a plain session (quick and precise, for make mutation) -----


def customer_session(**stored) -> CustomerSession:
    request = RequestFactory().get("/")
    request.session = PlainSession(stored)
    return CustomerSession(request)


def test_a_remembered_guest_token_is_read_back_with_its_language_and_forgotten_again():
    session = customer_session()
    session.remember_guest(token="guest-token", language="cs")
    assert (session.guest_token, session.guest_language) == ("guest-token", "cs")
    session.forget_guest()
    assert (session.guest_token, session.guest_language) == (None, None)
    assert GUEST_KEY not in session._session


def test_clearing_an_uncertain_registration_lets_the_next_attempt_send_without_checking():
    session = customer_session()
    session.mark_registration_uncertain()
    assert session.registration_uncertain is True
    session.clear_registration_uncertain()
    assert session.registration_uncertain is False
    assert REGISTRATION_UNCERTAIN_KEY not in session._session


def test_logging_in_keeps_the_device_id_and_forgets_the_guest_token_and_the_uncertain_registration():
    session = customer_session(**{DEVICE_KEY: "portal-the-device", GUEST_KEY: {"token": "g", "language": "en"},
                                  REGISTRATION_UNCERTAIN_KEY: True})
    session.start(token="live-token", customer_id="c-1", language="en")
    assert session._session[DEVICE_KEY] == "portal-the-device"
    assert session.device_id == "portal-the-device"
    assert (session.token, session.customer_id, session.language) == ("live-token", "c-1", "en")
    assert session.guest_token is None
    assert session.registration_uncertain is False


def test_a_code_request_is_remembered_and_forgotten_again():
    session = customer_session(**{GUEST_KEY: {"token": "g", "language": "en"}})
    session.remember_login_code(request_id="otp-1", customer_id="c-1", contact="jana@example.com", wrong=0)
    assert session.login_code == {"request_id": "otp-1", "customer_id": "c-1", "contact": "jana@example.com",
                                  "wrong": 0}
    session.forget_login_code()
    assert session.login_code is None
    assert session._session == {GUEST_KEY: {"token": "g", "language": "en"}}  # the rest is kept
