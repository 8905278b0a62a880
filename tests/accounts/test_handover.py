"""Hand-over between the retailer's applications against the live sandbox (issue 17, part 4): out
(the overview's "Open {name}" → getTokenAuthentication → the application's URL with the token) and
in (/{lang}/account/continue/ → authentication-token-login → 303 to a URL without the token); a
reused, invalid or missing token gets the normal login with a message; Referrer-Policy; no token in
any log line; the throttles."""

import logging
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.accounts import views
from portal.carecloud.client import RedactTokensFilter
from portal.core import linked_apps, ratelimit

APP_URL = "https://app.example.com/signin?from=portal"


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture(autouse=True)
def _fresh_limits():
    ratelimit.reset()
    yield
    ratelimit.reset()


@pytest.fixture
def linked(settings, ids):
    """Two linked applications: the retailer's mobile app, and the portal itself (as `make run` has it)."""
    settings.PORTAL_LINKED_APPLICATIONS = (f"Mobile app|{APP_URL}|{ids.MOBILE_APPLICATION}; "
                                           f"Club app|https://testserver/en/account/continue/|{ids.PORTAL_APPLICATION}")
    return settings


def open_app(client, application_id):
    return client.post(url("accounts:handover-out", application_id=application_id))


def handed(response) -> dict:
    assert response.status_code == HTTPStatus.FOUND, response.content[:500]
    return {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}


def continue_url(query: dict, language="en") -> str:
    from urllib.parse import urlencode

    return f"{url('accounts:handover-continue', language)}?{urlencode(query)}"


def test_the_overview_offers_each_linked_application_as_a_post_form(customer_client, linked, ids):
    page = customer_client.get(url("overview:dashboard")).content.decode()
    for application_id, name in [(ids.MOBILE_APPLICATION, "Mobile app"), (ids.PORTAL_APPLICATION, "Club app")]:
        assert f'<form method="post" action="{url("accounts:handover-out", application_id=application_id)}"' in page
        assert f"Open {name}" in page


def test_out_the_application_gets_a_token_it_logs_in_with_once(customer_client, linked, sandbox, ids):
    response = open_app(customer_client, ids.MOBILE_APPLICATION)
    assert response["Location"].startswith("https://app.example.com/signin?")
    assert response["Referrer-Policy"] == "no-referrer"
    query = handed(response)
    assert query["from"] == "portal" and query["token"] and query["token_request_id"]
    # the mobile app logs its own token in with it, once
    app_token = sandbox.api().post("/tokens", json={
        "device": {"device_id": "phone-1", "device_system": "ios", "device_name": "app", "device_type": "phone"},
        "setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": False},
        "external_application_id": ids.MOBILE_APPLICATION}).json()["data"]["token_id"]
    body = {"application_id": ids.MOBILE_APPLICATION, "token": query["token"],
            "token_request_id": query["token_request_id"]}
    path = f"/tokens/{app_token}/actions/authentication-token-login"
    first = sandbox.api().post(path, token=app_token, json=body)
    assert first.status_code == HTTPStatus.OK and first.json()["data"]["customer_id"] == ids.DEMO_CUSTOMER
    assert sandbox.api().post(path, token=app_token, json=body).status_code == HTTPStatus.UNAUTHORIZED


def test_both_directions_the_portal_hands_over_to_itself_and_a_reused_token_is_refused(customer_client, linked,
                                                                                       ids, db):
    query = handed(open_app(customer_client, ids.PORTAL_APPLICATION))
    browser = Client()
    arrived = browser.get(continue_url({**query, "next": url("cards:card-list")}))
    assert arrived.status_code == HTTPStatus.SEE_OTHER
    assert arrived["Location"] == url("cards:card-list")  # no token in it
    assert arrived["Referrer-Policy"] == "no-referrer"
    assert "no-store" in arrived["Cache-Control"] or "no-cache" in arrived["Cache-Control"]
    overview = browser.get(url("overview:dashboard"))
    assert overview.status_code == HTTPStatus.OK and "Hello, Tereza" in overview.content.decode()
    # the same link again, in another browser: the normal login with a message, nobody logged in
    again = Client().get(continue_url(query))
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert again["Referrer-Policy"] == "no-referrer"
    page = again.content.decode()
    assert "accounts/login.html" in [t.name for t in again.templates]
    assert "This sign-in link does not work any more" in page
    assert f'action="{url("accounts:handover-continue")}"' in page  # its form is the login's, posted here
    assert not again.wsgi_request.customer.is_authenticated


def test_an_expired_hand_over_link_gets_the_login(customer_client, linked, carecloud, ids):
    query = handed(open_app(customer_client, ids.PORTAL_APPLICATION))
    carecloud.control("POST", f"tokens/{query['token_request_id']}/expire")
    response = Client().get(continue_url(query))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This sign-in link does not work any more" in response.content.decode()
    assert not response.wsgi_request.customer.is_authenticated


def test_the_login_form_of_a_failed_hand_over_logs_in(carecloud, ids, db):
    browser = Client()
    failed = browser.get(continue_url({"token": "NOPE42", "token_request_id": "x" * 26, "next": url("points:points")}))
    assert failed.status_code == HTTPStatus.BAD_REQUEST
    assert f'name="next" value="{url("points:points")}"' in failed.content.decode()
    response = browser.post(url("accounts:handover-continue"), {
        "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD,
        "next": url("points:points")})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("points:points")


@pytest.mark.parametrize("query", [{}, {"token": "abc"}, {"token_request_id": "abc"},
                                   {"token": "x" * 600, "token_request_id": "y"}])
def test_a_missing_or_oversized_token_gets_the_login(carecloud, db, query):
    response = Client().get(continue_url(query))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This sign-in link does not work any more" in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "/\\evil.example"])
def test_in_never_redirects_off_site(customer_client, linked, ids, target):
    query = handed(open_app(customer_client, ids.PORTAL_APPLICATION))
    response = Client().get(continue_url({**query, "next": target}))
    assert response.status_code == HTTPStatus.SEE_OTHER and response["Location"] == url("overview:dashboard")


def test_a_logged_in_member_gets_a_new_session(customer_client, second_customer_client, linked, ids):
    """The second customer's browser opens the demo customer's link: a new session, as the demo customer."""
    query = handed(open_app(customer_client, ids.PORTAL_APPLICATION))
    key_before = second_customer_client.session.session_key
    response = second_customer_client.get(continue_url(query))
    assert response.status_code == HTTPStatus.SEE_OTHER
    assert second_customer_client.session.session_key != key_before
    assert second_customer_client.session["carecloud"]["customer_id"] == ids.DEMO_CUSTOMER


def test_carecloud_down_on_the_way_in_is_said_so(customer_client, linked, carecloud, ids):
    query = handed(open_app(customer_client, ids.PORTAL_APPLICATION))
    carecloud.set_faults(force_status=503)
    try:
        response = Client().get(continue_url(query))
    finally:
        carecloud.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "We cannot sign you in with this link right now" in response.content.decode()


def test_carecloud_down_on_the_way_out_is_said_so(customer_client, linked, carecloud, ids):
    carecloud.set_faults(force_status=503)
    try:
        response = open_app(customer_client, ids.MOBILE_APPLICATION)
    finally:
        carecloud.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "We could not open Mobile app right now" in response.content.decode()


def test_out_only_for_configured_applications_by_post_with_csrf(customer_client, linked, ids):
    assert open_app(customer_client, "a0b1c2d3e4f5a6b7c8d9e0f1a2").status_code == HTTPStatus.NOT_FOUND
    assert customer_client.get(url("accounts:handover-out", application_id=ids.MOBILE_APPLICATION)).status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = customer_client.cookies
    assert open_app(strict, ids.MOBILE_APPLICATION).status_code == HTTPStatus.FORBIDDEN
    anonymous = open_app(Client(), ids.MOBILE_APPLICATION)
    assert anonymous.status_code == HTTPStatus.FOUND and anonymous["Location"].startswith(url("accounts:login"))


def test_the_token_is_never_logged(customer_client, linked, ids, caplog):
    caplog.set_level(logging.DEBUG)
    query = handed(open_app(customer_client, ids.PORTAL_APPLICATION))
    Client().get(continue_url(query))
    Client().get(continue_url(query))  # refused: logged as such
    lines = [record.getMessage() for record in caplog.records]
    assert any("hand-over" in line for line in lines)
    assert not [line for line in lines if query["token"] in line]


def test_the_redacting_filter_masks_a_hand_over_link():
    record = logging.LogRecord("django.server", logging.WARNING, __file__, 1, '"%s" %s %s',
                               ("GET /en/account/continue/?token=S3CRET9&token_request_id=ab12cd&next=/en/cards/ "
                                "HTTP/1.1", 400, 1234), None)
    RedactTokensFilter().filter(record)
    line = record.getMessage()
    assert "S3CRET9" not in line and "ab12cd" not in line
    assert "?token=***&token_request_id=***&next=/en/cards/" in line


def test_the_development_servers_request_lines_go_through_the_redacting_filter():
    handlers = logging.getLogger("django.server").handlers
    assert any(isinstance(f, RedactTokensFilter) for h in handlers for f in h.filters)  # (pytest adds its own)


def test_hand_over_in_is_limited_per_ip(carecloud, settings, db):
    settings.PORTAL_RATE_LIMITS = {"handover-in": "2/15m/ip"}
    for _ in range(2):
        assert Client().get(continue_url({"token": "A", "token_request_id": "B"})).status_code == 400
    refused = Client().get(continue_url({"token": "A", "token_request_id": "B"}))
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert str(views.HANDOVER_MESSAGES["too_many"]) in refused.content.decode()
    other = Client(REMOTE_ADDR="198.51.100.9").get(continue_url({"token": "A", "token_request_id": "B"}))
    assert other.status_code == HTTPStatus.BAD_REQUEST


def test_hand_over_out_is_limited_per_member(customer_client, second_customer_client, linked, settings, ids):
    settings.PORTAL_RATE_LIMITS = {"handover-out": "1/15m/customer,100/15m/ip"}
    assert open_app(customer_client, ids.MOBILE_APPLICATION).status_code == HTTPStatus.FOUND
    refused = open_app(customer_client, ids.MOBILE_APPLICATION)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "You have opened Mobile app many times" in refused.content.decode()
    assert open_app(second_customer_client, ids.MOBILE_APPLICATION).status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("value, problem", [
    ("Shop|https://shop.example.com/in|a06f94938c68356a6555b8da23", None),
    ("Shop|https://shop.example.com/in", "name|URL|external application id"),
    ("Shop|ftp://shop.example.com/in|abc", "not an http(s) URL"),
    ("Shop|http://shop.example.com/in|abc", "not https"),
    ("Shop|http://127.0.0.1:8000/en/account/continue/|abc", None),
    ("Shop|https://shop.example.com/in#x|abc", "#fragment"),
    ("Shop|https://shop.example.com/in|a/b", "not a CareCloud id"),
    ("A|https://a.example.com|abc; B|https://b.example.com|abc", "named twice"),
])
def test_the_setting_is_checked(settings, value, problem):
    from portal.core.checks import check_linked_applications

    settings.PORTAL_LINKED_APPLICATIONS = value
    errors = check_linked_applications()
    if problem is None:
        assert errors == [] and linked_apps.linked_applications()
    else:
        assert len(errors) == 1 and problem in errors[0].msg and errors[0].id == "portal.E040"
