"""The one login field against the live sandbox: the type follows from the value (e-mail, phone,
card), and a number that may be a phone or a card is tried as both, counting as ONE failed attempt."""

import uuid
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.accounts.session import SESSION_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "Ambiguous-Login-4"


def login(value, password, *, ip="198.51.100.30", client=None):
    with translation.override("en"):
        page = reverse("accounts:login")
    return (client or Client()).post(page, {"login_value": value, "password": password}, REMOTE_ADDR=ip)


def logins(sandbox, since):
    return [entry["status"] for entry in sandbox.requests_log(since) if entry["operation_id"] == "postTokenLogin"]


@pytest.fixture
def ambiguous(enterprise, ids):
    """A customer whose phone, written without +420, starts like a loyalty card (prefix 2001):
    ``2001 23 456`` is a Prague number AND fits the card type."""
    national = "2001" + str(uuid.uuid4().int)[:5]
    response = enterprise.api("enterprise").post("/customers", token=enterprise.enterprise_token(), json={
        "customer": {"personal_information": {"first_name": "Dvojí", "email": f"dvoji.{national}@example.com",
                                              "phone": "420" + national, "language_id": "cs"}},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL}, "password": PASSWORD, "autologin": False})
    assert response.status_code == HTTPStatus.CREATED, response.text
    return {"national": national, "customer_id": response.json()["data"]["customer_id"]}


@pytest.mark.parametrize("value", ["demo@example.com", "+420 777 123 456", "777 123 456", "2001 9006 27"])
def test_the_demo_customer_logs_in_by_email_phone_or_card_in_one_field(carecloud, ids, value):
    client = Client()
    since = carecloud.last_seq()
    response = login(value, ids.DEMO_PASSWORD, client=client)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:1000]
    assert client.session[SESSION_KEY]["customer_id"] == ids.DEMO_CUSTOMER
    assert logins(carecloud, since) == [200]  # the type was known: one login


def test_a_value_that_may_be_a_phone_or_a_card_is_tried_as_both(enterprise, ambiguous):
    client = Client()
    since = enterprise.last_seq()
    assert login(ambiguous["national"], PASSWORD, client=client).status_code == HTTPStatus.FOUND
    assert client.session[SESSION_KEY]["customer_id"] == ambiguous["customer_id"]
    assert logins(enterprise, since) == [200]  # the phone first: it matched

    since = enterprise.last_seq()
    failed = login(ambiguous["national"], "Wrong-Password-1")
    assert failed.status_code == HTTPStatus.OK
    assert "The login or password is not correct." in failed.content.decode()
    assert logins(enterprise, since) == [401, 401]  # as a phone, then as a card


def test_both_tries_count_as_one_failed_attempt(enterprise, ambiguous, settings, padding):
    settings.PORTAL_RATE_LIMITS = {"login": "3/5m/ip,10/5m/account-ip,20/5m/account"}
    for attempt in range(3):
        assert login(ambiguous["national"], f"Wrong-{attempt}", ip="203.0.113.90").status_code == HTTPStatus.OK
    refused = login(ambiguous["national"], PASSWORD, ip="203.0.113.90")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_value_that_is_none_of_them_is_a_field_error_without_a_login(carecloud):
    since = carecloud.last_seq()
    response = login("12 34", "whatever")
    assert response.status_code == HTTPStatus.OK
    assert "login_value" in response.context["form"].errors
    assert logins(carecloud, since) == []


def test_the_login_page_has_one_field_and_no_radio_buttons(carecloud, enterprise, client):
    with translation.override("cs"):
        html = client.get(reverse("accounts:login")).content.decode()
    assert 'type="radio"' not in html and 'name="login_value"' in html
    with translation.override("cs"):
        assert reverse("accounts:login-code") in html  # "Send me a code instead"
    assert "Poslat mi raději kód" in html
