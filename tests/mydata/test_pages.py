"""The customer's data export against the live sandbox: the JSON file and the printable page,
complete or honestly incomplete, rate-limited, never cached."""

import json
from http import HTTPStatus
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from portal.carecloud import resources
from portal.carecloud.exceptions import ServerError
from portal.mydata import selectors
from portal.sandbox.seed import loyalty as seed_loyalty
from portal.sandbox.seed import preferences as seed_preferences

DOCUMENTED_KEYS = {"format", "format_version", "exported_at", "language", "programme", "customer_id", "customer",
                   "addresses", "consents", "cards", "status_records", "points", "point_history", "credits",
                   "credit_history", "vouchers", "rewards", "interests", "properties", "stamp_cards", "messages",
                   "purchases", "reference",
                   "complete"}


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def download(client, language="en"):
    return client.post(url("mydata:my-data-download", language))


def document_of(response) -> dict:
    assert response.status_code == HTTPStatus.OK, response.content[:300]
    return json.loads(b"".join(response.streaming_content))


def body_of(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_json_file_holds_everything_with_documented_keys(customer_client, ids):
    response = download(customer_client)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert "no-store" in response["Cache-Control"]
    document = document_of(response)
    assert set(document) == DOCUMENTED_KEYS
    assert (document["format"], document["format_version"], document["complete"]) == (selectors.FORMAT, 1, True)
    assert document["customer_id"] == ids.DEMO_CUSTOMER == document["customer"]["customer_id"]
    assert {c["card_number"] for c in document["cards"]} == {
        ids.DEMO_CARD_NUMBER, seed_loyalty.DEMO_DIGITAL_CARD_NUMBER, seed_loyalty.DEMO_PARTNER_CARD_NUMBER}
    interest_ids = {r["interest_id"] for r in document["interests"]}
    assert seed_preferences.INTEREST_COFFEE in interest_ids
    assert document["reference"]["interests"][seed_preferences.INTEREST_COFFEE] == "Coffee"
    assert len(document["purchases"]) == 10 and all(p["purchase_items"] for p in document["purchases"])
    assert document["points"]["overview"]["available_points"] == 1630
    assert len(document["point_history"]) == 27  # every movement (the points page shows ten at a time)
    assert len(document["addresses"]) == 2 and len(document["status_records"]) == 2
    assert {c["consent_id"] for c in document["consents"]} == {ids.CONSENT_GTC, ids.CONSENT_MARKETING,
                                                               ids.CONSENT_PROFILING}
    assert document["properties"] and document["vouchers"] and document["rewards"]
    assert "password" not in json.dumps(document)


def test_the_keys_are_documented():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "data-export.md").read_text()
    for key in DOCUMENTED_KEYS:
        assert f"`{key}`" in docs, key


def test_the_export_is_only_the_customers_own(second_customer_client, ids):
    document = document_of(download(second_customer_client))
    assert document["customer_id"] == ids.SECOND_CUSTOMER
    assert {c["card_number"] for c in document["cards"]} == {ids.SECOND_CARD_NUMBER}
    assert ids.DEMO_CARD_NUMBER not in json.dumps(document)


def test_a_sandbox_failure_gives_a_message_and_no_file(fresh_sandbox, customer_client):
    fresh_sandbox.set_faults(force_status=500)
    response = download(customer_client)
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert not response.has_header("Content-Disposition") and response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "nothing was downloaded" in body and "data-export-message" in body


def test_a_list_cut_at_the_ceiling_is_no_complete_file(customer_client, settings):
    settings.PORTAL_EXPORT_MAX_ITEMS = 5  # the point history has 27 records
    response = download(customer_client)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert not response.has_header("Content-Disposition")


def test_exports_are_rate_limited_per_customer(customer_client, second_customer_client, settings):
    settings.PORTAL_RATE_LIMITS = {"export": "2/h/customer,30/h/ip"}
    assert download(customer_client).status_code == HTTPStatus.OK
    assert customer_client.get(url("mydata:my-data-print")).status_code == HTTPStatus.OK
    refused = download(customer_client)
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS and not refused.has_header("Content-Disposition")
    assert "try again in an hour" in refused.content.decode()
    assert customer_client.get(url("mydata:my-data-print")).status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert download(second_customer_client).status_code == HTTPStatus.OK  # another customer is counted apart


def test_the_download_is_a_post(customer_client):
    assert customer_client.get(url("mydata:my-data-download")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_printable_page_streams_every_section_and_says_it_is_complete(customer_client, ids, language):
    response = customer_client.get(url("mydata:my-data-print", language))
    assert response.status_code == HTTPStatus.OK and response.streaming
    assert "no-store" in response["Cache-Control"]
    body = body_of(response)
    assert body.count("<h1") == 1 and body.rstrip().endswith("</html>")
    positions = [body.index(f'id="section-{key}"') for key, _title in selectors.SECTIONS]
    assert positions == sorted(positions)  # in the documented order
    assert "data-export-complete" in body and "data-export-incomplete" not in body
    assert ids.DEMO_CARD_NUMBER in body and ids.DEMO_EMAIL in body
    assert ("Coffee" if language == "en" else "Káva") in body
    assert ("Brazil Santos coffee beans 250 g" if language == "en" else "Brazílie Santos, zrnková káva 250 g") in body


def test_a_failure_mid_way_leaves_the_printable_page_marked_incomplete(customer_client, ids):
    # The purchases (the last section) fail after the others were streamed: a shape of failure the
    # sandbox's knobs cannot aim at one operation.
    with mock.patch.object(resources, "customer_purchases_every", side_effect=ServerError(500)):
        body = body_of(customer_client.get(url("mydata:my-data-print")))
    assert ids.DEMO_CARD_NUMBER in body  # the sections before it came through
    assert 'id="section-purchases"' not in body
    assert "data-export-incomplete" in body and "data-export-complete" not in body
    assert "This page is incomplete." in body and "Purchases" in body


def test_a_sandbox_failure_before_the_page_starts_is_the_page_with_a_message(fresh_sandbox, customer_client):
    fresh_sandbox.set_faults(force_status=500)
    response = customer_client.get(url("mydata:my-data-print"))
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE and not response.streaming
    assert "nothing was downloaded" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_profile_leads_to_your_data(customer_client, language):
    body = customer_client.get(url("profile:profile", language)).content.decode()
    assert f'href="{url("mydata:my-data", language)}"' in body
    page = customer_client.get(url("mydata:my-data", language))
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert f'action="{url("mydata:my-data-download", language)}"' in text and "csrfmiddlewaretoken" in text


@pytest.mark.parametrize("page", ["mydata:my-data-print", "mydata:my-data-download"])
@pytest.mark.slow
def test_a_hanging_carecloud_holds_an_export_no_longer_than_its_budget(fresh_sandbox, customer_client, settings,
                                                                       page):
    """The export's reads run on a pool of their own, outside the page's budget: they share one of
    their own (PORTAL_EXPORT_BUDGET), so a CareCloud that never answers cannot hold the worker."""
    import time

    settings.PORTAL_EXPORT_BUDGET = 1.5
    fresh_sandbox.set_faults(latency_ms=6000)
    started = time.monotonic()
    response = customer_client.get(url(page)) if page.endswith("print") else customer_client.post(url(page))
    elapsed = time.monotonic() - started
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "nothing was downloaded" in response.content.decode()
    assert elapsed < 3.0, f"the export waited {elapsed:.1f} s"
