"""The stamp cards' reads against the live sandbox (running campaigns with the customer's cards in
them), their shaping from odd answers, and the pick of the card closest to full."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.carecloud import resources
from portal.sandbox.seed import stamper as seed
from portal.stampcards import selectors
from portal.stampcards.selectors import Checkpoint, StampCard, closest_to_full, stamp_card
from tests.conftest import tweak


def card(name="Card", stamps=0, stamp_count=8, is_full=False, ends_in_days=30, **fields) -> StampCard:
    defaults = dict(campaign_id=name, name=name, description="", conditions=(), stamp_count=stamp_count,
                    stamps=stamps, is_full=is_full, full_card_gives="", checkpoints=(),
                    ends=timezone.now() + timedelta(days=ends_in_days) if ends_in_days is not None else None,
                    cards_filled=1 if is_full else 0, repetitions=1)
    return StampCard(**{**defaults, **fields})


def by_name(cards):
    return {c.name: c for c in cards}


def test_every_running_campaign_with_the_customers_card(demo_session):
    cards = selectors.stamp_cards_for_customer(session=demo_session)
    assert [c.name for c in cards] == ["Croissant club", "Coffee card", "Tea autumn"]  # soonest to end first
    coffee, croissant, tea = cards[1], cards[0], cards[2]
    # half full: the latest card of a repeated campaign (the first one is full already)
    assert (coffee.stamps, coffee.stamp_count, coffee.is_full) == (5, 8, False)
    assert (coffee.cards_filled, coffee.repetitions, coffee.has_next_card) == (1, 5, False)
    assert coffee.full_card_gives == "A free coffee of your choice"
    assert coffee.checkpoints == (Checkpoint(4, "A free cookie"),)
    assert coffee.conditions == ("Buy any coffee",) and coffee.remaining == 3
    assert [s.stamped for s in coffee.slots] == [True] * 5 + [False] * 3
    assert [s.number for s in coffee.slots if s.bonus] == [4, 8]
    # full, and the campaign offers no other card
    assert (croissant.stamps, croissant.stamp_count, croissant.is_full, croissant.has_next_card) == (6, 6, True, False)
    # no stamp yet: CareCloud has no card for it, the page shows an empty one
    assert (tea.stamps, tea.stamp_count, tea.is_full, tea.cards_filled) == (0, 10, False, 0)
    assert coffee.ends is not None and coffee.ends > timezone.now()


def test_an_ended_or_future_campaign_is_not_shown_even_with_stamps(demo_session, demo_api, ids):
    names = {c.name for c in selectors.stamp_cards_for_customer(session=demo_session)}
    assert "Summer lemonades" not in names and "Christmas cookies" not in names
    # the demo customer does hold stamps in the ended campaign
    cards = demo_api("/stamper-cards", customer_id=ids.DEMO_CUSTOMER)["stamper_cards"]
    assert seed.CAMPAIGN_LEMONADE in {c["stamper_campaign_id"] for c in cards}


def test_an_upstream_that_ignores_the_filter_still_shows_only_running_campaigns(demo_session, monkeypatch):
    def with_ended(campaigns):
        ended = {**campaigns[0], "stamper_campaign_id": "x" * 26, "name": "Long gone",
                 "valid_to": "2001-01-01 00:00:00"}
        deleted = {**campaigns[0], "stamper_campaign_id": "y" * 26, "name": "Deleted", "state": 0}
        return campaigns + [ended, deleted]

    tweak(monkeypatch, "stamper_campaigns_every", with_ended)
    names = {c.name for c in selectors.stamp_cards_for_customer(session=demo_session)}
    assert names == {"Croissant club", "Coffee card", "Tea autumn"}


def test_the_second_customer_has_their_own_cards(carecloud, second_token, ids):
    from types import SimpleNamespace

    from django.utils import translation

    session = SimpleNamespace(token=second_token, customer_id=ids.SECOND_CUSTOMER)
    with translation.override("en"):
        cards = by_name(selectors.stamp_cards_for_customer(session=session))
    assert cards["Coffee card"].stamps == 2 and cards["Croissant club"].stamps == 0
    assert not any(c.is_full for c in cards.values())


CAMPAIGN = {"stamper_campaign_id": "c" * 26, "name": "Soup", "stamp_count": 4,
            "stamper_bonus_checkpoints": [{"stamp_number": 4, "description": "A free soup"},
                                          {"stamp_number": 2, "description": " Bread "},
                                          {"stamp_number": 3}, {"description": "no number"}, "junk"],
            "stamper_conditions": [{"description": "Buy a soup"}, {"description": " "}, "junk"]}


def test_a_card_is_shaped_from_odd_answers():
    stamps = [{"state": 1}, {"state": 0}, {}, "junk"]
    shaped = stamp_card(CAMPAIGN, [{"stamper_card_order": 1, "stamps": stamps}])
    assert (shaped.stamps, shaped.is_full) == (2, False)  # a deleted stamp and junk do not count
    assert shaped.full_card_gives == "A free soup" and shaped.checkpoints == (Checkpoint(2, "Bread"),)
    assert shaped.conditions == ("Buy a soup",) and shaped.ends is None and shaped.repetitions is None
    # CareCloud says it is full: it is, whatever stamps it lists; more stamps than places are capped
    assert stamp_card(CAMPAIGN, [{"is_filled_up": True, "stamps": []}]).is_full
    over = stamp_card(CAMPAIGN, [{"stamps": [{}] * 6}])
    assert (over.stamps, over.is_full, over.remaining) == (4, True, 0)
    # the latest card of the campaign is the one shown
    latest = stamp_card(CAMPAIGN, [{"stamper_card_order": 2, "stamps": [{}]},
                                   {"stamper_card_order": 1, "stamps": [{}] * 4}])
    assert (latest.stamps, latest.cards_filled, latest.is_full) == (1, 1, False)
    assert stamp_card({**CAMPAIGN, "count_of_campaign_repetitions": 2},
                      [{"stamps": [{}] * 4}]).has_next_card


def test_no_running_campaign_means_no_cards(demo_session, monkeypatch):
    monkeypatch.setattr(resources, "stamper_campaigns_every", lambda **kwargs: [])
    assert selectors.stamp_cards_for_customer(session=demo_session) == []
    assert selectors.closest_stamp_card(session=demo_session) is None


# --- the card closest to full (for the overview) -----------------------------------------------------


def test_the_closest_to_full_is_the_largest_share_of_stamps():
    half, most = card("half", stamps=4, stamp_count=8), card("most", stamps=5, stamp_count=6)
    assert closest_to_full([half, most]) is most
    assert closest_to_full([most, half]) is most


def test_full_and_empty_cards_are_never_the_closest():
    full, empty, one = card("full", 8, is_full=True), card("empty", 0), card("one", 1, stamp_count=10)
    assert closest_to_full([full, empty, one]) is one
    assert closest_to_full([full, empty]) is None
    assert closest_to_full([]) is None


@pytest.mark.parametrize("a, b, winner", [
    (dict(stamps=4, stamp_count=8), dict(stamps=2, stamp_count=4), "b"),  # same share: fewer stamps to go
    (dict(stamps=2, stamp_count=4, ends_in_days=40), dict(stamps=2, stamp_count=4, ends_in_days=10), "b"),
    (dict(stamps=2, stamp_count=4, ends_in_days=None), dict(stamps=2, stamp_count=4, ends_in_days=90), "b"),
])
def test_ties_go_to_fewer_stamps_to_go_then_the_soonest_end(a, b, winner):
    cards = {"a": card("a", **a), "b": card("b", **b)}
    assert closest_to_full([cards["a"], cards["b"]]).name == winner
    assert closest_to_full([cards["b"], cards["a"]]).name == winner


def test_the_demo_customers_closest_card_is_the_coffee_card(demo_session):
    assert selectors.closest_stamp_card(session=demo_session).name == "Coffee card"


def test_the_latest_card_is_the_highest_order_then_the_newest():
    first, second = {"stamper_card_order": 1, "stamps": [{}] * 4}, {"stamper_card_order": 2, "stamps": [{}]}
    assert stamp_card(CAMPAIGN, [first, second]).stamps == 1
    older, newer = {"created_at": "2026-01-05 10:00:00", "stamps": [{}] * 4}, {"created_at": "2026-06-01 09:00:00",
                                                                                "stamps": [{}] * 3}
    assert stamp_card(CAMPAIGN, [older, newer]).stamps == 3
    assert stamp_card(CAMPAIGN, [newer, older]).stamps == 3


def faked_reads(monkeypatch, campaigns, cards):
    monkeypatch.setattr(resources, "stamper_campaigns_every", lambda token, is_valid: campaigns)
    monkeypatch.setattr(resources, "stamper_cards_every", lambda **auth: cards)
    return selectors.stamp_cards_for_auth(auth={"token": "t", "customer_id": "c"})


def test_a_campaign_that_has_not_started_yet_is_not_shown(monkeypatch):
    def moment(days):
        return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")

    started = {**CAMPAIGN, "stamper_campaign_id": "a" * 26, "name": "Started", "valid_from": moment(-1)}
    future = {**CAMPAIGN, "stamper_campaign_id": "b" * 26, "name": "Future", "valid_from": moment(2)}
    assert [c.name for c in faked_reads(monkeypatch, [started, future], [])] == ["Started"]


def test_a_card_without_a_state_counts_and_a_deleted_one_does_not(monkeypatch):
    cards = [{"stamper_campaign_id": CAMPAIGN["stamper_campaign_id"], "stamps": [{}] * 2},
             {"stamper_campaign_id": CAMPAIGN["stamper_campaign_id"], "state": 0, "stamper_card_order": 9,
              "stamps": [{}] * 3}]
    (shaped,) = faked_reads(monkeypatch, [CAMPAIGN], cards)
    assert shaped.stamps == 2
