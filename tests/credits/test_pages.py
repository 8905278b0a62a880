"""The credits page against the live sandbox: balances per credit type and currency, what expires
when, the paged history; a member without credits; and a project without credits, where the page
and its navigation entry are absent."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.credits import selectors

pytestmark = pytest.mark.usefixtures("fresh_sandbox")


def url(language="en"):
    with translation.override(language):
        return reverse("credits:credits")


def test_balances_expiry_and_history(demo_session):
    credits = selectors.credits_for_customer(session=demo_session)
    assert [(b.credit_type, b.currency, b.amount) for b in credits["balances"]] == [
        ("Gift credit", "CZK", 586), ("Gift credit", "EUR", 20), ("Refund credit", "CZK", 89.9)]
    first = credits["expiring"][0]
    assert (first.amount, first.currency) == (286, "CZK")
    assert first.date == (timezone.localdate() - timedelta(days=70) + timedelta(days=90))
    assert [e.date for e in credits["expiring"]] == sorted(e.date for e in credits["expiring"])
    assert len(credits["history"]) == selectors.HISTORY_PAGE_SIZE and credits["pagination"].total == 12
    assert credits["history"][0].note == "Two cappuccinos" and credits["history"][0].amount == -64
    second = selectors.credits_for_customer(session=demo_session, page=2)
    assert [row.note for row in second["history"]][-1] == "Christmas gift 2025"


def test_the_page_in_english_and_czech(customer_client):
    html = customer_client.get(url()).content.decode()
    assert "Your credits" in html and "586&nbsp;CZK" in html and "20&nbsp;EUR" in html and "Refund credit" in html
    assert "Page 1 of 2" in html
    html = customer_client.get(url("cs")).content.decode()
    assert "Vaše kredity" in html and "586&nbsp;CZK" in html
    assert "89,90&nbsp;CZK" in html and "Co kdy vyprší" in html
    assert customer_client.get(url() + "?page=2").status_code == HTTPStatus.OK


def test_the_navigation_leads_to_the_credits(customer_client):
    assert f'href="{url()}"' in customer_client.get(reverse("overview:dashboard")).content.decode()


def test_a_member_without_credits(second_customer_client):
    response = second_customer_client.get(url())
    assert response.status_code == HTTPStatus.OK
    assert "You have no credits to spend right now." in response.content.decode()
    assert "No credit transactions yet." in response.content.decode()


def test_a_project_without_credits_has_no_section(customer_client, sandbox):
    sandbox.control("DELETE", "credits")
    from django.core.cache import cache

    cache.clear()  # the credit types are reference data, cached for minutes
    assert customer_client.get(url()).status_code == HTTPStatus.NOT_FOUND
    overview = customer_client.get(reverse("overview:dashboard")).content.decode()
    assert f'href="{url()}"' not in overview and 'href="/en/stores/"' in overview
