"""The forgotten-password form against the live sandbox: the message lands in the outbox, the
answer is the same whether or not the contact exists, requests are rate-limited, and failures
keep what was typed."""

import re
import time
from http import HTTPStatus

import pytest
import responses
from django.urls import reverse
from django.utils import translation

from portal.accounts import services
from portal.accounts.session import SESSION_KEY
from tests.support.forms import assert_no_server_error, hostile_submissions

pytestmark = pytest.mark.django_db

IP = "198.51.100.23"


def url(name="accounts:password-forgotten", language="en"):
    with translation.override(language):
        return reverse(name)


def ask(client, language="en", ip=IP, **data):
    return client.post(url(language=language), {"email": "", "phone": "", **data}, REMOTE_ADDR=ip)


def outbox(sandbox, recipient):
    response = sandbox.http.get(f"{sandbox.url}/_sandbox/outbox.json", params={"recipient": recipient}, timeout=10)
    return response.json()["messages"]


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture(autouse=True)
def _no_padding(monkeypatch):
    """The answer's minimum time is tested on its own; the other tests need not wait for it."""
    monkeypatch.setattr(services, "PASSWORD_SETUP_MIN_SECONDS", 0)


def test_the_form_offers_the_channels_the_project_has(carecloud, client, settings):
    html = client.get(url()).content.decode()
    assert 'autocomplete="email"' in html and 'autocomplete="tel"' in html
    assert "Enter the e-mail address or the phone number of your account." in html
    settings.PORTAL_PASSWORD_SETUP_CHANNELS = ["email"]
    form = client.get(url()).context["form"]
    assert list(form.fields) == ["email"] and form.fields["email"].required


def test_the_login_page_links_here_with_next(carecloud, client):
    with translation.override("en"):
        login = reverse("accounts:login")
    html = client.get(login + "?next=/en/points/").content.decode()
    assert f'href="{url()}?next=/en/points/"' in html.replace("%2F", "/")


def test_a_known_email_gets_a_link_in_the_outbox(fresh_sandbox, carecloud, client, ids):
    since = carecloud.last_seq()
    response = ask(client, email=" Demo@Example.com ")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url("accounts:password-forgotten-sent")
    messages = outbox(fresh_sandbox, ids.DEMO_EMAIL)
    assert len(messages) == 1 and messages[0]["channel"] == "email"
    assert "/password-setup/" in messages[0]["link"] and "to set up a new password" in messages[0]["body"]
    calls = [e for e in carecloud.requests_log(since) if e["operation_id"]]
    assert [e["operation_id"] for e in calls] == ["getCommunicationChannels", "postToken", "postTokenSendPasswordSetup"]
    assert SESSION_KEY not in client.session  # nobody is logged in by asking


def test_the_message_is_written_in_the_page_language(fresh_sandbox, carecloud, client, ids):
    ask(client, language="cs", email=ids.DEMO_EMAIL)
    assert "Nastavení hesla" in outbox(fresh_sandbox, ids.DEMO_EMAIL)[0]["subject"]
    ask(client, language="en", email=ids.DEMO_EMAIL)  # the same visitor switches to English: putToken
    assert outbox(fresh_sandbox, ids.DEMO_EMAIL)[0]["subject"] == "Set up the password of your customer account"


def test_a_known_phone_gets_a_text_message(fresh_sandbox, carecloud, client, ids):
    assert ask(client, phone="+420 777 123 456").status_code == HTTPStatus.FOUND
    messages = outbox(fresh_sandbox, ids.DEMO_PHONE)
    assert len(messages) == 1 and messages[0]["channel"] == "sms"


def test_known_and_unknown_contacts_get_the_same_answer(fresh_sandbox, carecloud, client, ids):
    known = ask(client, email=ids.DEMO_EMAIL)
    unknown = ask(client, email="nobody-here@example.com")

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    known_page, unknown_page = client.get(known["Location"]), client.get(unknown["Location"])
    assert known_page.status_code == unknown_page.status_code == HTTPStatus.OK
    assert without_csrf(known_page.content.decode()) == without_csrf(unknown_page.content.decode())
    assert "we have just sent it a link to set a new password" in known_page.content.decode()
    assert outbox(fresh_sandbox, "nobody-here@example.com") == []


def test_the_answer_takes_the_same_least_time_either_way(fresh_sandbox, carecloud, client, ids, monkeypatch):
    monkeypatch.setattr(services, "PASSWORD_SETUP_MIN_SECONDS", 0.4)
    client.get(url())
    for email in (ids.DEMO_EMAIL, "nobody-here@example.com"):
        started = time.monotonic()
        assert ask(client, email=email).status_code == HTTPStatus.FOUND
        assert time.monotonic() - started >= 0.4, email


@pytest.mark.parametrize("data,field,message", [
    ({}, "email", "Enter the e-mail address or the phone number of your account."),
    ({"email": "jana@"}, "email", "Enter your e-mail address, e.g. jana@example.com."),
    ({"phone": "12ab"}, "phone", "Enter your phone number with the country code"),
    ({"email": "jana@example.com", "phone": "+420777123456"}, "__all__", "Fill in just one"),
])
def test_validation_errors_send_nothing(carecloud, client, data, field, message):
    client.get(url())
    since = carecloud.last_seq()
    response = ask(client, **data)
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    assert 'class="error-summary"' in response.content.decode()
    assert carecloud.requests_log(since) == []


def test_czech_page_czech_errors(carecloud, client):
    html = ask(client, language="cs", email="jana@").content.decode()
    assert '<html lang="cs">' in html and "Zadejte svou e-mailovou adresu" in html


def test_one_contact_is_limited_from_any_address(fresh_sandbox, carecloud, client, ids, settings):
    settings.PORTAL_RATE_LIMITS = {"password-setup": "10/15m/ip,3/15m/contact"}
    for attempt in range(3):
        assert ask(client, ip=f"203.0.113.{attempt + 1}", email=ids.DEMO_EMAIL).status_code == HTTPStatus.FOUND
    since = carecloud.last_seq()
    blocked = ask(client, ip="203.0.113.99", email=ids.DEMO_EMAIL.upper())

    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many attempts in a short time." in blocked.content.decode()
    assert f'value="{ids.DEMO_EMAIL.upper()}"' in blocked.content.decode()
    assert carecloud.requests_log(since) == []
    assert len(outbox(fresh_sandbox, ids.DEMO_EMAIL)) == 3
    # an unknown contact is limited the same way: the limit tells nothing either
    for attempt in range(3):
        ask(client, ip=f"203.0.113.{attempt + 1}", email="nobody-here@example.com")
    assert ask(client, email="nobody-here@example.com").status_code == HTTPStatus.TOO_MANY_REQUESTS
    # another contact is not affected
    assert ask(client, ip="203.0.113.99", email=ids.SECOND_EMAIL).status_code == HTTPStatus.FOUND


def test_one_address_is_limited_across_contacts(carecloud, client, settings):
    settings.PORTAL_RATE_LIMITS = {"password-setup": "2/15m/ip,3/15m/contact"}
    assert ask(client, email="one@example.com").status_code == HTTPStatus.FOUND
    assert ask(client, email="two@example.com").status_code == HTTPStatus.FOUND
    blocked = ask(client, language="cs", email="three@example.com")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Příliš mnoho pokusů" in blocked.content.decode()
    assert ask(client, ip="192.0.2.44", email="three@example.com").status_code == HTTPStatus.FOUND


def test_a_carecloud_failure_keeps_the_contact_and_says_so(fresh_sandbox, carecloud, client):
    client.get(url())
    fresh_sandbox.set_faults(force_status=503, force_count=1)
    response = ask(client, email="jana@example.com")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    html = response.content.decode()
    assert "the loyalty programme is not responding" in html and 'value="jana@example.com"' in html


@responses.activate
@pytest.mark.parametrize("reason,status,shown_on_field", [
    ("not_found", HTTPStatus.FOUND, False),  # a project that says "unknown recipient": never shown
    ("invalid_value_format", HTTPStatus.OK, True),  # a malformed contact is the same for everyone
])
def test_carecloud_refusals_never_tell_whether_an_account_exists(carecloud, client, reason, status, shown_on_field,
                                                               caplog):
    caplog.set_level("INFO")
    responses.add_passthru(carecloud.url)
    send = re.compile(re.escape(carecloud.customer_url) + r"/tokens/[^/]+/actions/send-password-setup-email")
    responses.add(responses.POST, send, status=400, json={"error": {
        "type": "BadRequest", "title": "Bad request", "detail": "Invalid recipient.", "exception": "",
        "error_data": {"invalid_params": [{"name": "recipient", "reason": reason, "value": "x"}]}}})
    response = ask(client, email="jana@example.com")
    assert response.status_code == status
    if shown_on_field:
        assert response.context["form"].errors == {"email": ["Enter your e-mail address, e.g. jana@example.com."]}
    else:
        assert response["Location"] == url("accounts:password-forgotten-sent")
        assert "declined a password-setup request (email): 400 ValidationError ['recipient:not_found']" in caplog.text
    assert "jana@example.com" not in caplog.text and "Invalid recipient" not in caplog.text


def test_no_input_makes_a_server_error(carecloud, client, settings):
    settings.PORTAL_RATE_LIMITS = {"password-setup": "10000/15m/ip,10000/15m/contact"}
    for label, data in hostile_submissions({"email": "nobody-here@example.com", "phone": ""}):
        assert_no_server_error(client.post(url(), data), label)


def test_the_form_needs_csrf(carecloud):
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(url(), {"email": "jana@example.com"}).status_code == 403
