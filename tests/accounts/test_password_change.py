"""Changing the password of a logged-in customer against the live sandbox: the current password
re-verified on a token of its own, the whole customer sent back unchanged, the session kept."""

import re
from http import HTTPStatus
from unittest import mock

import pytest
import responses
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.accounts.session import SESSION_KEY
from portal.carecloud import resources
from tests.conftest import portal_login
from tests.support.forms import assert_no_server_error, hostile_submissions

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Nove-Heslo-2024"


def url(name="accounts:password-change", language="en"):
    with translation.override(language):
        return reverse(name)


def change(client, current, new=NEW_PASSWORD, again=None, language="en"):
    return client.post(url(language=language), {"current_password": current, "new_password": new,
                                                 "new_password_again": new if again is None else again})


def operations(carecloud, since):
    return [e["operation_id"] for e in carecloud.requests_log(since) if e["operation_id"]]


def customer_record(sandbox, customer_id):
    staff = sandbox.enterprise_token()
    return sandbox.api("enterprise").get(f"/customers/{customer_id}", token=staff).json()["data"]


def test_only_a_logged_in_customer_sees_the_form(carecloud, client):
    response = client.get(url())
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(url("accounts:login")) and "next=" in response["Location"]


def test_the_profile_links_to_the_form_and_the_form_has_the_right_autocomplete(customer_client):
    with translation.override("en"):
        profile = customer_client.get(reverse("profile:profile")).content.decode()
    assert f'href="{url()}"' in profile
    response = customer_client.get(url())
    assert response.status_code == HTTPStatus.OK and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert re.search(r'autocomplete="current-password"[^>]*id="id_current_password"', html)
    assert re.search(r'autocomplete="new-password"[^>]*id="id_new_password"', html)
    assert "At least 8 characters, with a number and an uppercase letter." in html


def test_the_password_changes_and_the_customer_stays_logged_in(fresh_sandbox, carecloud, customer_client, ids):
    customer_id = customer_client.session[SESSION_KEY]["customer_id"]
    token = customer_client.session[SESSION_KEY]["token"]
    before = customer_record(fresh_sandbox, customer_id)
    since = carecloud.last_seq()

    response = change(customer_client, ids.DEMO_PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    with translation.override("en"):
        assert response["Location"] == reverse("profile:profile")
    assert operations(carecloud, since) == ["getCustomer", "postToken", "postTokenLogin", "postTokenLogout",
                                            "putCustomer", "getCustomer"]
    # the session's own token was neither replaced nor stored anew: the page still opens with it
    assert customer_client.session[SESSION_KEY]["token"] == token
    profile = customer_client.get(response["Location"])
    assert profile.status_code == HTTPStatus.OK and "Your password has been changed." in profile.content.decode()
    # the new password works, the old one does not
    assert portal_login(Client(), ids.DEMO_EMAIL, NEW_PASSWORD).status_code == HTTPStatus.FOUND
    assert portal_login(Client(), ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.OK
    # and nothing else of the customer changed (PUT replaces the whole record)
    after = customer_record(fresh_sandbox, customer_id)
    before.pop("last_change"), after.pop("last_change")
    assert after == before


def test_a_wrong_current_password_changes_nothing(fresh_sandbox, carecloud, customer_client, ids):
    since = carecloud.last_seq()
    response = change(customer_client, "Not-My-Password-1")
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {"current_password": ["This is not your current password."]}
    html = response.content.decode()
    assert "Not-My-Password-1" not in html and NEW_PASSWORD not in html
    ops = operations(carecloud, since)
    assert "putCustomer" not in ops and ops[-1] == "postTokenLogout"  # the verification token is logged out
    assert customer_client.get(url()).status_code == HTTPStatus.OK  # still logged in


def test_wrong_current_passwords_are_limited_per_customer(carecloud, customer_client, ids, settings):
    settings.PORTAL_RATE_LIMITS = {"password-change": "3/15m/customer,20/15m/ip"}
    for attempt in range(3):
        change(customer_client, f"Wrong-Guess-{attempt}")
    since = carecloud.last_seq()
    blocked = change(customer_client, ids.DEMO_PASSWORD, language="cs")
    assert blocked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Příliš mnoho pokusů" in blocked.content.decode()
    assert operations(carecloud, since) == []


@pytest.mark.parametrize("new,again,field,message", [
    ("kratke1A", "x", "new_password_again", "The two new passwords are not the same."),
    ("bezcisla-Heslo", None, "new_password", "Add a number (0–9)."),
    ("bez-velkeho-1", None, "new_password", "Add an uppercase letter (A–Z)."),
    ("Kr-1", None, "new_password", "Use at least 8 characters."),
    ("Password1", None, "new_password", "This password is too common."),
    ("Demo-Portal-1", None, "new_password", "Choose a password different from the current one."),
])
def test_the_policy_and_the_confirmation_are_checked_first(carecloud, customer_client, new, again, field, message):
    since = carecloud.last_seq()
    response = change(customer_client, "Demo-Portal-1", new, again)
    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert field in errors and any(message in e for e in errors[field])
    assert operations(carecloud, since) == []


def test_czech_messages(carecloud, customer_client):
    html = change(customer_client, "Demo-Portal-1", "kratke", language="cs").content.decode()
    assert '<html lang="cs">' in html and "Použijte alespoň 8 znaků." in html


def test_a_carecloud_failure_says_so_and_shows_no_password(fresh_sandbox, carecloud, customer_client, ids):
    fresh_sandbox.set_faults(force_status=503, force_count=3)  # the first read and both its retries
    response = change(customer_client, ids.DEMO_PASSWORD)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    html = response.content.decode()
    assert "the loyalty programme is not responding" in html
    assert ids.DEMO_PASSWORD not in html and NEW_PASSWORD not in html
    assert portal_login(Client(), ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND


@responses.activate
def test_carecloud_refusing_the_new_password_is_said_next_to_it(carecloud, customer_client, ids):
    """A project whose password rules are stricter than the spec's (a shape the sandbox cannot make)."""
    responses.add_passthru(carecloud.url)
    responses.add(responses.PUT, re.compile(re.escape(carecloud.customer_url) + r"/customers/[^/]+$"), status=400,
                  json={"error": {"type": "BadRequest", "title": "Bad request", "detail": "Weak password.",
                                  "exception": "", "error_data": {"invalid_params": [
                                      {"name": "password", "reason": "not_allowed_value", "value": ""}]}}})
    response = change(customer_client, ids.DEMO_PASSWORD)
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors == {"new_password": ["This value is not allowed. Choose another one."]}


def test_a_project_that_ends_sessions_on_a_password_change_keeps_the_customer_logged_in(
        fresh_sandbox, carecloud, customer_client, ids):
    """The spec does not say what a password change does to tokens (the sandbox keeps them): one
    that ends them must not leave the customer on a broken session."""
    customer_id = customer_client.session[SESSION_KEY]["customer_id"]
    old_token = customer_client.session[SESSION_KEY]["token"]
    real_update = resources.customer_update

    def update_then_end_sessions(**kwargs):
        real_update(**kwargs)
        fresh_sandbox.control("POST", f"customers/{customer_id}/expire-tokens")

    with mock.patch.object(resources, "customer_update", side_effect=update_then_end_sessions):
        response = change(customer_client, ids.DEMO_PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert customer_client.session[SESSION_KEY]["token"] != old_token
    assert customer_client.get(response["Location"]).status_code == HTTPStatus.OK


def test_no_input_makes_a_server_error(carecloud, customer_client, settings):
    settings.PORTAL_RATE_LIMITS = {"password-change": "10000/15m/customer,20/15m/ip"}
    valid = {"current_password": "Not-Mine-123", "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
    for label, data in hostile_submissions(valid):
        response = customer_client.post(url(), data)
        assert_no_server_error(response, label)
        assert "Not-Mine-123" not in response.content.decode(), label


def test_a_password_change_is_logged_without_personal_data_or_tokens(fresh_sandbox, carecloud, customer_client, ids,
                                                                       caplog):
    caplog.set_level("INFO")
    token = customer_client.session[SESSION_KEY]["token"]
    assert change(customer_client, ids.DEMO_PASSWORD).status_code == HTTPStatus.FOUND
    assert "customer changed the password" in caplog.text
    for secret in (ids.DEMO_EMAIL, ids.DEMO_PASSWORD, NEW_PASSWORD, token):
        assert secret not in caplog.text


def test_the_form_needs_csrf(carecloud, customer_client, ids):
    customer_client.handler.enforce_csrf_checks = True
    assert change(customer_client, ids.DEMO_PASSWORD).status_code == HTTPStatus.FORBIDDEN
