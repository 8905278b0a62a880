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


def test_a_usable_card_offers_its_files_when_its_id_can_be_in_a_url():
    usable = {"card_number": "2001", "state": 1}
    assert selectors.shape_card({**usable, "card_id": "k1"}, {}).files_available
    assert not selectors.shape_card({**usable, "card_id": "../k1"}, {}).files_available
    assert not selectors.shape_card({**usable}, {}).files_available
    assert not selectors.shape_card({**usable, "card_id": "k1", "state": 0}, {}).files_available  # blocked


# A plastic card type and the digital one (PORTAL_DIGITAL_CARD_TYPE names it by text_id or by id).
TYPES = [{"card_type_id": 7, "text_id": "club", "name": "Club card", "prefix": "2001"},
         {"card_type_id": 9, "text_id": "digital_card", "name": "Digital card", "prefix": "2002"}]


@pytest.mark.parametrize("configured, expected", [
    ("digital_card", 9), ("9", 9), (" club ", 7), ("", None), ("gift_card", None),
])
def test_the_digital_card_type_is_the_configured_one_by_text_id_or_id(settings, configured, expected):
    settings.PORTAL_DIGITAL_CARD_TYPE = configured
    assert (selectors.digital_card_type(TYPES) or {}).get("card_type_id") == expected
    assert selectors.digital_card_type(None) is None


def test_a_number_of_the_digital_cards_type_is_no_card_to_add(settings):
    settings.PORTAL_DIGITAL_CARD_TYPE = "digital_card"
    assert selectors.card_type_for_number("2002123456", TYPES) is None  # its cards come from the pool
    assert selectors.card_type_for_number("2001123456", TYPES)["card_type_id"] == 7
    settings.PORTAL_DIGITAL_CARD_TYPE = ""  # no digital cards: a type like any other
    assert selectors.card_type_for_number("2002123456", TYPES)["card_type_id"] == 9


def test_the_valid_cards_are_read_once_per_session_until_its_next_write(monkeypatch, settings):
    from portal.carecloud import customer_cache

    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 120
    reads = []

    def customer_cards(*, token, customer_id, is_valid, count):
        reads.append((token, customer_id, is_valid))
        return [{"card_number": f"{len(reads)}01"}]

    monkeypatch.setattr(resources, "customer_cards", customer_cards)
    auth = {"token": "token-1", "customer_id": "c1"}
    first = selectors.valid_cards(auth=auth)
    assert selectors.valid_cards(auth=auth) == first == [{"card_number": "101"}]
    assert reads == [("token-1", "c1", True)]
    customer_cache.written_with("token-1")
    assert selectors.valid_cards(auth=auth) == [{"card_number": "201"}]


def test_the_overview_offers_a_digital_card_to_a_member_without_a_usable_card(settings):
    settings.PORTAL_DIGITAL_CARD_TYPE = "digital_card"
    blocked = {"card_id": "k3", "card_number": "333", "card_type_id": 7, "state": 0}
    summary = selectors.cards_summary(SimpleNamespace(items=[blocked]), TYPES)
    assert summary.main_card.number == "333" and summary.main_card.type_name == "Club card"
    assert summary.offer_digital_card
    assert selectors.cards_summary(SimpleNamespace(items=[]), TYPES).offer_digital_card
    assert not selectors.cards_summary(SimpleNamespace(items=[{**blocked, "state": 1}]), TYPES).offer_digital_card
    assert not selectors.cards_summary(None, TYPES).offer_digital_card  # the cards unread: no offer
    assert not selectors.cards_summary(SimpleNamespace(items=[blocked]), None).offer_digital_card
