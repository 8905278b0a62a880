"""The profile page against the live sandbox, in both languages, with the demo customer's real
seeded data (read back through the sandbox's API): labels for the record's codes, consents new and
legacy, only the customer's own, and data the spec allows but the sandbox never sends (a phone
stored with its "+", a language the portal cannot name)."""

import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from portal.carecloud import resources


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text(response) -> str:
    return response.content.decode()


def test_profile_shows_labels_for_codes(customer_client, demo_api, ids):
    countries = demo_api("/countries", country_id="cz")["countries"]
    consents = {c["agreement_id"]: c["name"] for c in demo_api("/agreements")["agreements"]}
    body = text(customer_client.get(url("profile:profile")))
    assert "Ing. Tereza Dvořáková" in body
    assert "Female" in body  # gender 2
    assert countries[0]["name"] in body  # country code cz -> its name
    assert "Czech" in body  # language id cs -> its name
    stores = {store["store_id"]: store["name"] for store in demo_api("/stores")["stores"]}
    assert stores[ids.STORE_PRAHA] in body  # store id -> store name
    assert "Vinohradská 1511/230" in body and "13000 Praha 3" in body
    assert consents[ids.CONSENT_GTC] in body and consents[ids.CONSENT_PROFILING] in body
    assert body.count(">Given<") == 2 and body.count(">Not given<") == 1
    assert "demo@example.com" in body and "+420 777 123 456" in body  # grouped for reading


def test_profile_in_czech_names_the_country_in_czech(customer_client):
    body = text(customer_client.get(url("profile:profile", "cs")))
    assert "Česká republika" in body
    assert "Zpracování osobních údajů" in body


def test_isolation_profile(customer_client, second_customer_client, ids):
    profile = text(second_customer_client.get(url("profile:profile")))
    assert "demo@example.com" not in profile and "jana.novakova@example.com" in profile


def test_profile_names_legacy_custom_agreements(customer_client, demo_api, ids, monkeypatch):
    """Projects that do not send ``consents`` yet send the deprecated ``agreement`` structure, its
    custom agreements named by getConsents."""
    consents = {c["agreement_id"]: c["name"] for c in demo_api("/agreements")["agreements"]}
    real = resources.customer_get

    def legacy_customer(**kwargs):
        customer = real(**kwargs)
        info = customer["personal_information"]
        info.pop("consents", None)
        info["agreement"] = {"agreement_gtc": 1, "agreement_marketing_communication": 0, "custom_agreements": [
            {"agreement_id": ids.CONSENT_PROFILING, "agreement_value": 1},
            {"agreement_id": "no-such-agreement", "agreement_value": 0},
            "not a record",
        ]}
        return customer

    monkeypatch.setattr(resources, "customer_get", legacy_customer)
    body = text(customer_client.get(url("profile:profile")))
    rows = re.findall(r'<li class="consent">\s*<span>([^<]+)</span>\s*<span class="badge[^"]*">([^<]+)</span>', body)
    assert rows == [("Processing of personal data", "Given"), ("Marketing communication", "Withdrawn"),
                    (consents[ids.CONSENT_PROFILING], "Given"), ("Consent", "Withdrawn")]


def test_profile_with_a_language_the_portal_cannot_name_shows_the_rest(customer_client, monkeypatch):
    real = resources.customer_get

    def klingon(**kwargs):
        customer = real(**kwargs)
        customer["personal_information"]["language_id"] = "tlh"
        return customer

    monkeypatch.setattr(resources, "customer_get", klingon)
    response = customer_client.get(url("profile:profile"))
    assert response.status_code == HTTPStatus.OK
    assert response.context["profile"].language_id == "tlh"
    assert response.context["profile"].language_name == ""
    assert "Ing. Tereza Dvořáková" in text(response)


@pytest.mark.parametrize("stored, shown", [
    ("+420777123456", "+420 777 123 456"), ("420777123456", "+420 777 123 456"),
    (" +420777123456 ", "+420 777 123 456"), ("447911123456", "+44 7911 123456"),
    ("12", "+12"),  # a number phonenumbers cannot place: as stored, one "+"
])
def test_profile_phone_is_grouped_for_reading_with_one_plus(customer_client, stored, shown):
    real = resources.customer_get

    def customer_get(**kwargs):
        customer = real(**kwargs)
        customer["personal_information"]["phone"] = stored
        return customer

    with mock.patch.object(resources, "customer_get", side_effect=customer_get):
        body = customer_client.get(url("profile:profile")).content.decode()
    assert shown in body and "++" not in body
