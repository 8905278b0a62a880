"""The cards selectors: a card record shaped for the templates (its state from its validity
dates, every optional field of the spec allowed to be missing), the till's cards with CareCloud's
answers stubbed (no sandbox), and every card of the demo customer against the live sandbox."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.cards import selectors
from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources
from portal.core.shaping import to_datetime

SESSION = SimpleNamespace(token="token-1", customer_id="c1")


def _unreadable(**kwargs):
    raise cc.ServerError(500)


def test_minimal_records_shape_without_errors():
    card = selectors.shape_card({"card_number": 123, "state": 1}, {})
    assert card.number == "123" and card.is_usable and card.type_name == ""
    assert selectors.shape_card({"card_number": "1", "state": 0}, {}).is_blocked


@pytest.mark.parametrize("card, expected", [
    ({"valid_from": "2020-01-01 00:00:00", "valid_to": "2999-12-31 23:59:59", "state": 1}, ("Active", True, False)),
    ({"valid_from": "2020-01-01 00:00:00", "valid_to": "2021-01-01 00:00:00", "state": 1}, ("Expired", False, True)),
    ({"valid_from": "2999-01-01 00:00:00", "valid_to": "2999-12-31 23:59:59", "state": 1},
     ("Not valid yet", False, False)),
    ({"valid_to": "2021-01-01 00:00:00", "state": 0}, ("Blocked", False, True)),  # blocked says more than expired
    ({"state": 1}, ("Active", True, False)),  # no dates: no limits
])
def test_a_cards_state_follows_its_validity_dates(card, expected):
    shaped = selectors.shape_card({"card_number": "2001", "card_type_id": "t1", **card}, {"t1": "Club card"})
    with translation.override("en"):
        assert (str(shaped.state_label), shaped.is_usable, shaped.is_expired) == expected
    assert shaped.type_name == "Club card"


def test_a_full_card_record_is_shaped_for_the_templates():
    card = selectors.shape_card({"card_id": "c1", "card_number": 2001900627, "secondary_card_number": "S-1",
                                 "card_type_id": 7, "valid_from": "2020-01-01 00:00:00",
                                 "valid_to": "2999-01-01 00:00:00", "state": 1}, {"7": "Club card"})
    assert {k: getattr(card, k) for k in ("card_id", "number", "secondary_number", "type_name", "valid_from",
                                          "valid_to", "is_blocked")} == {
        "card_id": "c1", "number": "2001900627", "secondary_number": "S-1", "type_name": "Club card",
        "valid_from": to_datetime("2020-01-01 00:00:00"),
        "valid_to": to_datetime("2999-01-01 00:00:00"), "is_blocked": False}
    empty = selectors.shape_card({"card_number": None, "secondary_card_number": None}, {})
    assert (empty.card_id, empty.number, empty.secondary_number) == ("", "", "")


CARDS = [
    {"card_id": "k1", "card_number": "111", "card_type_id": 7, "state": 1},
    {"card_id": "k2", "card_number": "222", "card_type_id": 8, "state": 1, "valid_from": "2020-01-01 00:00:00"},
    {"card_id": "k3", "card_number": "333", "card_type_id": 7, "state": 0},  # blocked
    {"card_id": "k4", "card_number": "444", "card_type_id": 7, "state": 1, "valid_to": "2021-01-01 00:00:00"},
    {"card_id": "k5", "card_number": "", "card_type_id": 7, "state": 1},  # no number to show
    "junk",
]


@pytest.mark.parametrize("types, expected", [
    ([{"card_type_id": 7, "name": "Gold"}, {"card_type_id": 8, "name": "Digital"}],
     [("111", "Gold"), ("222", "Digital")]),
    (_unreadable, [("111", ""), ("222", "")]),  # no names, the cards all the same
])
def test_the_till_shows_the_usable_cards_with_their_types_name(monkeypatch, types, expected):
    monkeypatch.setattr(resources, "customer_cards_every",
                        lambda *, token, customer_id: CARDS if (token, customer_id) == ("token-1", "c1") else [])
    monkeypatch.setattr(reference, "card_types",
                        types if callable(types) else lambda *, token: types if token == "token-1" else [])
    cards = selectors.till_cards_for_customer(session=SESSION)
    assert [(card.number, card.type_name) for card in cards] == expected
    assert all(card.is_usable for card in cards)


def test_the_cards_usable_first_with_their_type(demo_session, demo_api, ids):
    raw = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/cards")["cards"]
    types = {t["card_type_id"]: t["name"] for t in demo_api("/card-types")["card_types"]}
    cards = selectors.cards_page_for_customer(session=demo_session).cards
    assert sorted(c.number for c in cards) == sorted(c["card_number"] for c in raw)
    assert [c.is_usable for c in cards] == sorted((c.is_usable for c in cards), reverse=True)
    for card in cards:
        (source,) = [c for c in raw if c["card_number"] == card.number]
        assert (card.card_id, card.type_name) == (source["card_id"], types[source["card_type_id"]])
