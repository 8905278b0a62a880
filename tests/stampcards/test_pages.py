"""The stamp cards page against the live sandbox: the running campaigns drawn as cards (N of M in
words, the stamps drawn by CSS), a full card marked, an empty card where no stamp is yet, the
ended campaign left out; a member with no stamps; no campaign at all; CareCloud down."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import translation

from portal.carecloud import resources


def url(language="en"):
    with translation.override(language):
        return reverse("stampcards:stamp-card-list")


def cards_in(body):
    return re.findall(r'<article class="panel stamp-card[^"]*"', body)


@pytest.mark.parametrize("language", ["en", "cs"])
def test_the_demo_customers_stamp_cards(customer_client, language):
    response = customer_client.get(url(language))
    assert response.status_code == HTTPStatus.OK and "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert len(cards_in(body)) == 3 and body.count("stamp-card--full") == 1
    expected = {
        "en": ["Coffee card", "5 of 8 stamps", "6 of 6 stamps", "0 of 10 stamps", "Full", "No stamp yet",
               "A full card gives:</strong> A free coffee of your choice", "Stamp 4: A free cookie",
               "3 more stamps to go.", "Your card starts with your first stamp.", "Ends on "],
        "cs": ["Kávová karta", "5 z 8 razítek", "6 z 6 razítek", "0 z 10 razítek", "Plná", "Zatím bez razítka",
               "Plná karta přinese:</strong> Káva podle výběru zdarma", "Razítko 4: Sušenka zdarma",
               "Zbývají ještě 3 razítka.", "Vaše karta začne prvním razítkem.", "Končí "],
    }[language]
    for text in expected:
        assert text in body, text
    assert ("Summer lemonades" if language == "en" else "Letní limonády") not in body  # ended
    # drawn as stamps: a slot per place, the collected ones filled; hidden from screen readers, who read the words
    assert body.count('class="stamp stamp--stamped') == 5 + 6
    assert len(re.findall(r'<li class="stamp[ "]', body)) == 8 + 6 + 10
    assert '<ol class="stamp-grid" aria-hidden="true">' in body
    assert " style=" not in body  # CSP: no inline style
    link = re.escape(url(language))
    assert re.search(rf'<a href="{link}" aria-current="page">', body)


def test_a_member_without_stamps_sees_empty_cards(new_customer_client):
    body = new_customer_client.get(url()).content.decode()
    assert len(cards_in(body)) == 3
    assert "stamp-card--full" not in body and "stamp--stamped" not in body
    assert body.count("No stamp yet") == 3 and "0 of 8 stamps" in body


def test_no_running_campaign_is_an_empty_state(customer_client, monkeypatch):
    monkeypatch.setattr(resources, "stamper_campaigns_every", lambda **kwargs: [])
    response = customer_client.get(url())
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK and 'class="empty-state"' in body
    assert "No stamp cards right now." in body and not cards_in(body)


def test_the_page_needs_a_login(client, carecloud):
    response = client.get(url())
    assert response.status_code == HTTPStatus.FOUND and "/account/login/" in response["Location"]


def test_carecloud_down_is_the_friendly_page(customer_client, sandbox):
    sandbox.set_faults(force_status=503, retry_after=0)
    try:
        response = customer_client.get(url())
    finally:
        sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
