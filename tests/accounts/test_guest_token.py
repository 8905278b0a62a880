"""A visitor's own token (registration, forgotten password): made only when needed, for this
session's device, reused, given the page's language, and gone once someone logs in."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts import services
from portal.accounts.session import GUEST_KEY, SESSION_KEY
from tests.conftest import portal_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_padding(monkeypatch):
    monkeypatch.setattr(services, "PASSWORD_SETUP_MIN_SECONDS", 0)


def forgotten(client, language="en", email="nobody-here@example.com"):
    with translation.override(language):
        return client.post(reverse("accounts:password-forgotten"), {"email": email})


def token_calls(carecloud, since):
    return [e["operation_id"] for e in carecloud.requests_log(since) if e["operation_id"] in ("postToken", "putToken")]


def test_one_token_serves_the_visitor_and_follows_the_page_language(carecloud, client):
    since = carecloud.last_seq()
    forgotten(client)
    token = client.session[GUEST_KEY]["token"]
    forgotten(client)
    assert token_calls(carecloud, since) == ["postToken"]
    forgotten(client, "cs")
    assert token_calls(carecloud, since) == ["postToken", "putToken"]
    assert client.session[GUEST_KEY] == {"token": token, "language": "cs"}
    assert SESSION_KEY not in client.session


def test_logging_in_forgets_the_visitor_token(carecloud, client, ids):
    forgotten(client)
    assert portal_login(client).status_code == HTTPStatus.FOUND
    assert GUEST_KEY not in client.session and client.session[SESSION_KEY]["customer_id"] == ids.DEMO_CUSTOMER


def test_a_logged_in_customer_asking_for_a_link_keeps_their_token(carecloud, customer_client):
    token = customer_client.session[SESSION_KEY]["token"]
    since = carecloud.last_seq()
    assert forgotten(customer_client).status_code == HTTPStatus.FOUND
    assert "postToken" not in token_calls(carecloud, since)  # a new token for the device would replace theirs
    assert customer_client.session[SESSION_KEY]["token"] == token
    with translation.override("en"):
        assert customer_client.get(reverse("overview:dashboard")).status_code == HTTPStatus.OK


def test_an_expired_visitor_token_is_replaced_while_reading_the_choices(fresh_sandbox, carecloud, client):
    from django.core.cache import cache

    forgotten(client)
    fresh_sandbox.control("POST", f"tokens/{client.session[GUEST_KEY]['token']}/expire")
    cache.clear()  # the registration page has to read its lists with the visitor's token
    since = carecloud.last_seq()
    with translation.override("en"):
        response = client.get(reverse("accounts:register"))
    assert response.status_code == HTTPStatus.OK  # not "your session has expired"
    assert token_calls(carecloud, since) == ["postToken"]
