"""A card on day one, against the live sandbox (issue 17, part 5): a digital card from the pool at
registration (a failure there does not fail it; the overview offers the card again) and from the
overview; "Add a card I have" with a free plastic card, and the one answer for an unknown number, a
taken card and a blocked card; the throttles; the first-run overview of a freshly registered member."""

import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from portal.cards import views as card_views
from portal.carecloud import resources
from portal.carecloud.exceptions import ServerError
from portal.core import ratelimit
from portal.sandbox.seed import loyalty as seed
from tests.accounts.test_register import valid

ONE_ANSWER = str(card_views.CARD_ADD_MESSAGES["cannot"])


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def register(client, ids, language="en"):
    response = client.post(url("accounts:register", language), valid(ids, language_id=language))
    assert response.status_code == HTTPStatus.FOUND, response.content[:800]
    return response


def cards_of(client):
    return client.get(url("cards:card-list")).context["cards"]


@pytest.fixture(autouse=True)
def _fresh_limits():
    ratelimit.reset()
    yield
    ratelimit.reset()


@pytest.fixture
def member(fresh_sandbox, carecloud, ids, db):
    """A member registered through the portal just now (with the digital card it got)."""
    client = Client()
    register(client, ids)
    return client


def test_a_new_member_gets_a_digital_card_at_registration(fresh_sandbox, carecloud, ids, db):
    client = Client()
    response = register(client, ids)
    overview = client.get(response["Location"])
    page = overview.content.decode()
    assert "Your digital card is ready: show it at the till from the Cards page." in page
    [card] = cards_of(client)
    assert (card.number, card.type_name, card.is_usable) == (str(seed.DIGITAL_POOL_FIRST), "Digital card in the app",
                                                              True)
    # the overview's main card, the card for the till (offline) and its card file pick it up at once
    assert overview.context["dashboard"].main_card.number == card.number
    assert card.number in client.get(url("cards:till-card")).content.decode()
    png = client.post(url("cards:card-file", card_id=card.card_id, file_type="png"))
    assert png.status_code == HTTPStatus.OK and png["Content-Type"] == "image/png"


def test_a_failed_digital_card_does_not_fail_the_registration_and_the_overview_offers_it(fresh_sandbox, carecloud,
                                                                                          ids, db):
    client = Client()
    with mock.patch.object(resources, "card_assign_free", side_effect=ServerError(503, title="down")):
        response = register(client, ids)
    assert response["Location"] == url("overview:dashboard")
    overview = client.get(url("overview:dashboard"))
    assert overview.context["dashboard"].offer_digital_card
    page = overview.content.decode()
    assert "Get your digital card" in page and f'action="{url("cards:digital-card")}"' in page
    assert cards_of(client) == []
    got = client.post(url("cards:digital-card"), {"next": url("overview:dashboard")})
    assert got.status_code == HTTPStatus.FOUND and got["Location"] == url("overview:dashboard")
    again = client.get(url("overview:dashboard"))
    assert again.context["dashboard"].main_card.number.startswith("2002")
    assert not again.context["dashboard"].offer_digital_card
    # a second one is refused kindly (one card per card type)
    twice = client.post(url("cards:digital-card"))
    assert twice.status_code == HTTPStatus.OK
    assert escape(str(card_views.DIGITAL_CARD_MESSAGES["has_one"])) in twice.content.decode()


def test_get_your_digital_card_refuses_a_foreign_next(member):
    with mock.patch.object(resources, "card_assign_free", return_value="x"):
        response = member.post(url("cards:digital-card"), {"next": "https://evil.example/"})
    assert response["Location"] == url("cards:card-list")


def test_adding_a_free_plastic_card_keeps_the_existing_cards(member):
    number = seed.FREE_CARD_NUMBERS[3]
    response = member.post(url("cards:card-add"), {"card_number": f"{number[:4]} {number[4:]}"})
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == url("cards:card-list")
    page = member.get(response["Location"])
    assert f"Your card {number} has been added." in page.content.decode()
    numbers = {card.number for card in page.context["cards"]}
    assert numbers == {number, str(seed.DIGITAL_POOL_FIRST)}
    # a second loyalty card: one of each kind
    other = member.post(url("cards:card-add"), {"card_number": seed.FREE_CARD_NUMBERS[4]})
    assert "You already have a card of this kind (Loyalty card)" in other.content.decode()
    assert member.post(url("cards:card-add"), {"card_number": number}).context["form"].errors["card_number"] == [
        "This card is already in your account."]


@pytest.mark.parametrize("language", ["en", "cs"])
def test_unknown_taken_blocked_and_foreign_numbers_get_one_answer(member, ids, carecloud, language):
    answers = []
    for number in ["2001999999", ids.SECOND_CARD_NUMBER, seed.FREE_BLOCKED_CARD_NUMBER, "9900112233",
                   str(seed.DIGITAL_POOL_FIRST + 42)]:
        response = member.post(url("cards:card-add", language), {"card_number": number})
        assert response.status_code == HTTPStatus.OK, number
        form = response.context["form"]
        assert form["card_number"].value() == number  # what was typed is kept
        answers.append(form.errors["card_number"])
        body = response.content.decode()
        assert 'aria-invalid="true"' in body
    with translation.override(language):
        assert answers == [[str(card_views.CARD_ADD_MESSAGES["cannot"])]] * 5
    assert {card.number for card in cards_of(member)} == {str(seed.DIGITAL_POOL_FIRST)}  # nothing added
    # the second customer still has their card
    second = Client()
    from tests.conftest import portal_login

    assert portal_login(second, ids.SECOND_EMAIL, ids.SECOND_PASSWORD).status_code == HTTPStatus.FOUND
    assert {card.number for card in cards_of(second)} == {ids.SECOND_CARD_NUMBER}


def test_a_malformed_number_is_said_so_next_to_the_field(member, carecloud):
    since = carecloud.last_seq()
    response = member.post(url("cards:card-add"), {"card_number": "12"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["card_number"]
    assert not [e for e in carecloud.requests_log(since) if e["operation_id"] == "postAssignCard"]


def test_adding_a_card_is_limited_per_member_and_per_ip(member, settings, ids):
    settings.PORTAL_RATE_LIMITS = {"card-add": "2/h/customer,3/h/ip"}
    for _ in range(2):
        assert member.post(url("cards:card-add"), {"card_number": "2001999999"}).status_code == HTTPStatus.OK
    refused = member.post(url("cards:card-add"), {"card_number": seed.FREE_CARD_NUMBERS[5]})
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert str(card_views.CARD_ADD_MESSAGES["too_many"]) in refused.content.decode()
    assert refused.context["form"]["card_number"].value() == seed.FREE_CARD_NUMBERS[5]
    # another member from the same address: one more, then the address's allowance is used up too
    other = Client()
    register(other, ids)
    assert other.post(url("cards:card-add"), {"card_number": "2001999999"}).status_code == HTTPStatus.OK
    assert other.post(url("cards:card-add"), {"card_number": "2001999999"}).status_code == (
        HTTPStatus.TOO_MANY_REQUESTS)


def test_the_forms_need_csrf_and_post(member):
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = member.cookies
    assert strict.post(url("cards:card-add"), {"card_number": "2001999999"}).status_code == HTTPStatus.FORBIDDEN
    assert strict.post(url("cards:digital-card")).status_code == HTTPStatus.FORBIDDEN
    assert member.get(url("cards:card-add")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert member.get(url("cards:digital-card")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_cards_page_offers_the_add_form(member):
    body = member.get(url("cards:card-list")).content.decode()
    assert f'action="{url("cards:card-add")}"' in body
    assert re.search(r'<input[^>]+name="card_number"[^>]+inputmode="numeric"', body)


def test_the_first_run_overview_of_a_freshly_registered_member(fresh_sandbox, carecloud, ids, db):
    for language in ("en", "cs"):
        client = Client()
        with mock.patch.object(resources, "card_assign_free", side_effect=ServerError(503, title="down")):
            register(client, ids, language)
        with translation.override(language):
            response = client.get(url("overview:dashboard", language))
            dashboard = response.context["dashboard"]
            assert dashboard.first_run and dashboard.tier is None and dashboard.points == 0
            page = response.content.decode()
            for text in ["Welcome! Here is how to start", "Get your digital card", "Add a card I have",
                         "Collect points", "Your first reward",
                         "You have no status yet: it comes with your first points."]:
                assert escape(translation.gettext(text)) in page, (language, text)
            assert "not available right now" not in page and "není k dispozici" not in page
            assert dashboard.first_reward and dashboard.first_reward["name"] in page
            # once the card is there, the first step says so
            client.post(url("cards:digital-card", language))
            page = client.get(url("overview:dashboard", language)).content.decode()
            assert escape(translation.gettext("Your card is ready")) in page
            assert escape(translation.gettext("Get your digital card")) not in page


def test_no_first_run_for_the_demo_member(customer_client):
    response = customer_client.get(url("overview:dashboard"))
    assert not response.context["dashboard"].first_run
    assert "Welcome! Here is how to start" not in response.content.decode()
