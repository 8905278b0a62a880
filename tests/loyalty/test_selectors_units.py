"""The selectors on their own, with CareCloud's answers stubbed (no sandbox): the profile form's
choices are read with the customer's own token; one voucher's page shows only the customer's own
voucher and links its reward only while the reward is offered; the till page lists the usable
cards with their type's name. Quick and precise where a page test would be slow."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources
from portal.carecloud.client import Page
from portal.loyalty import selectors

SESSION = SimpleNamespace(token="token-1", customer_id="c1")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _unreadable(**kwargs):
    raise cc.ServerError(500)


# --- the overview ----------------------------------------------------------------------------------


def page_of(items, total=None):
    return Page(items=list(items), total=len(items) if total is None else total, count=len(items), offset=0)


def test_the_customers_rarely_changing_reads_are_fetched_once_per_session(settings):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 120
    fetched = []

    def fetch(value):
        fetched.append(value)
        return value

    first, second = {"token": "token-1", "customer_id": "c1"}, {"token": "token-2", "customer_id": "c2"}
    assert [selectors._mine(first, "record", lambda: fetch("first's")),
            selectors._mine(first, "record", lambda: fetch("first's again")),
            selectors._mine(second, "record", lambda: fetch("second's"))] == ["first's", "first's", "second's"]
    assert fetched == ["first's", "second's"]


REWARDS = [{"reward_id": f"r{n}", "name": f"Reward {n}", "points_cost": 100 * n} for n in range(1, 6)]


@pytest.fixture
def overview(monkeypatch):
    """The overview's reads answered as CareCloud would for customer c1 (five rewards offered, four
    valid vouchers, no status); returns the page sizes the vouchers and rewards were asked in."""
    mine = {"token": "token-1", "customer_id": "c1"}

    def own(answer):
        def read(*, token, customer_id, **kwargs):
            assert {"token": token, "customer_id": customer_id} == mine
            return answer(**kwargs) if callable(answer) else answer
        return read

    monkeypatch.setattr(resources, "customer_get", own({"personal_information": {"first_name": "Jana",
                                                                                 "salutation": "Ms"}}))
    monkeypatch.setattr(resources, "wallet_points", own({"available_points": 250}))
    monkeypatch.setattr(resources, "wallet_points_expiration", own({"next_amount": 30, "next_date": "2026-12-31"}))
    monkeypatch.setattr(resources, "customer_cards", own(lambda *, is_valid, count: page_of(
        [{"card_id": "k9", "card_number": "999", "card_type_id": 7, "state": 2},
         {"card_id": "k1", "card_number": "111", "card_type_id": 7, "state": 1}])))
    asked = {}

    def vouchers(*, is_valid, is_applied, count=20):
        asked["vouchers"] = count
        return page_of([{"voucher_id": f"v{n}"} for n in range(4)][:count or 20], total=4)  # None: CareCloud's 20

    def rewards(*, is_valid, count=20):
        asked["rewards"] = count
        return page_of(REWARDS[:count or 20], total=len(REWARDS))

    monkeypatch.setattr(resources, "customer_vouchers", own(vouchers))
    monkeypatch.setattr(resources, "customer_rewards", own(rewards))
    monkeypatch.setattr(resources, "customer_status_records", own(lambda *, valid_now, count: page_of([])))
    monkeypatch.setattr(reference, "card_types", lambda *, token: [{"card_type_id": 7, "name": "Gold"}])
    return asked


def test_the_overview_shows_the_greeting_points_main_card_vouchers_and_three_rewards(overview):
    dashboard = selectors.dashboard_for_customer(session=SESSION)
    main_card, rewards = dashboard.pop("main_card"), dashboard.pop("rewards")
    assert dashboard == {
        "first_name": "Jana", "salutation": "Ms", "tier": None,
        "points": 250, "points_available": True,
        "expiring_amount": 30, "expiring_date": date(2026, 12, 31),
        "cards_available": True, "valid_vouchers": 4, "rewards_available": True,
    }
    assert (main_card.number, main_card.type_name, main_card.is_usable) == ("111", "Gold", True)
    assert [(r["name"], r["affordable"], r["progress"]) for r in rewards] == [
        ("Reward 1", True, 100), ("Reward 2", True, 100), ("Reward 3", False, 83)]
    # Of the vouchers only their number is shown: one is asked for, the total comes with it.
    assert overview == {"vouchers": 1, "rewards": 3}


@pytest.mark.parametrize("missing, progress", [(40, 60), (100, 0), (150, 0), (-5, 100), (0, 100)])
def test_the_progress_to_the_next_status_is_a_share_of_its_qualification_points(monkeypatch, missing, progress):
    monkeypatch.setattr(resources, "customer_status_records", lambda **kwargs: page_of([
        {"status_id": "s1", "state": 1, "valid_to": None,
         "purchase_conditions": {"next_status_id": "s2", "next_status_points": missing}}]))
    monkeypatch.setattr(reference, "statuses", lambda *, token: [
        {"status_id": "s1", "name": "Silver", "description": "Nice"},
        {"status_id": "s2", "name": "Gold", "qualification_points": 100}])
    assert selectors._tier({"token": "token-1", "customer_id": "c1"}) == {
        "name": "Silver", "description": "Nice", "valid_to": None, "next_name": "Gold",
        "next_points_missing": missing, "next_points_needed": 100, "progress": progress}




