"""The overview's selector called directly against the live sandbox: every field it hands the
template, compared with what CareCloud (the sandbox) answers. Quicker and more precise than reading
it back out of a rendered page, which test_pages.py does for what the customer sees. With
CareCloud's answers stubbed (no sandbox): the greeting, points, main card, vouchers and three
rewards, the progress to the next status, the status records and statuses CareCloud may give in
part, a member just starting, the new messages' count after the member has looked, and the
rarely-changing reads fetched once per session."""

from dataclasses import asdict
from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.accounts.session import customer_auth
from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources
from portal.carecloud.client import Page
from portal.core.shaping import to_datetime
from portal.inbox.services import messages_mark_seen
from portal.overview import selectors
from portal.sandbox.seed import loyalty as seed_loyalty
from tests.conftest import tweak

SESSION = SimpleNamespace(token="token-1", customer_id="c1")

pytestmark = pytest.mark.django_db  # the new messages' count reads the member's seen mark (portal/inbox)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def expected_tier(demo_api, ids, record=None):
    record = record or demo_api(f"/customers/{ids.DEMO_CUSTOMER}/status-records", valid_now="true")["status_records"][0]
    statuses = {s["status_id"]: s for s in demo_api("/statuses")["statuses"]}
    current = statuses[record["status_id"]]
    following = statuses[current["next_status"]]
    missing, needed = record["purchase_conditions"]["next_status_points"], following["qualification_points"]
    return selectors.Tier(name=current["name"], description=current["description"],
                          valid_to=to_datetime(record["valid_to"]), next_name=following["name"],
                          next_points_missing=missing, next_points_needed=needed,
                          progress=round((needed - missing) / needed * 100))


def test_the_tier_with_the_progress_to_the_next(demo_session, demo_api, ids):
    tier = selectors._tier(customer_auth(demo_session))
    assert tier == expected_tier(demo_api, ids)
    assert type(tier.next_points_missing) is int and 0 < tier.progress < 100


def test_the_next_tier_comes_from_the_status_when_the_record_does_not_name_it(demo_session, demo_api, ids, monkeypatch):
    def without_next(page):
        for record in page.items:
            record["purchase_conditions"].pop("next_status_id")
        return page

    tweak(monkeypatch, "customer_status_records", without_next)
    assert selectors._tier(customer_auth(demo_session)) == expected_tier(demo_api, ids)


def test_the_valid_record_is_the_one_in_force(demo_session, demo_api, ids, monkeypatch):
    def with_an_old_record_first(page):
        old = {**page.items[0], "state": 0, "status_id": "no-such-status", "valid_to": "2020-01-01 00:00:00"}
        return page.__class__(items=[old, *page.items], total=2, count=5, offset=0)

    tweak(monkeypatch, "customer_status_records", with_an_old_record_first)
    assert selectors._tier(customer_auth(demo_session)) == expected_tier(demo_api, ids)


def test_the_highest_tier_has_no_next_one(demo_session, demo_api, ids, monkeypatch):
    top = [s for s in demo_api("/statuses")["statuses"] if not s.get("next_status")][0]

    def at_the_top(page):
        page.items[0].update(status_id=top["status_id"], purchase_conditions={})
        return page

    tweak(monkeypatch, "customer_status_records", at_the_top)
    tier = selectors._tier(customer_auth(demo_session))
    assert (tier.name, tier.next_name, tier.next_points_missing, tier.next_points_needed,
            tier.progress) == (top["name"], "", None, None, None)


def test_no_status_records_no_tier(demo_session, monkeypatch):
    tweak(monkeypatch, "customer_status_records", lambda page: page.__class__([], 0, 5, 0))
    assert selectors._tier(customer_auth(demo_session)) is None


def test_the_dashboard(demo_session, demo_api, ids, sandbox):
    customer = demo_api(f"/customers/{ids.DEMO_CUSTOMER}")["personal_information"]
    overview = demo_api("/wallet/actions/points-overview", customer_id=ids.DEMO_CUSTOMER)
    expiration = demo_api("/wallet/actions/points-expiration-overview", customer_id=ids.DEMO_CUSTOMER)
    vouchers = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", is_valid="true", is_applied="false", count=1)
    rewards = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/rewards", is_valid="true", count=3)["rewards"]
    types = {t["card_type_id"]: t["name"] for t in demo_api("/card-types")["card_types"]}
    main = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/cards", is_valid="true", count=5)["cards"][0]

    since = sandbox.last_seq()
    dashboard = selectors.dashboard_for_customer(session=demo_session)
    queries = {e["operation_id"]: sorted(e["query"].split("&")) for e in sandbox.requests_log(since) if e["query"]}
    assert queries["getSubCustomerCards"] == ["count=5", "is_valid=true", "offset=0"]
    assert queries["getSubCustomerVouchers"] == ["count=1", "is_applied=false", "is_valid=true", "offset=0"]
    assert queries["getSubCustomerRewards"] == ["count=3", "is_valid=true", "offset=0"]

    balance = overview["available_points"]
    assert {key: getattr(dashboard, key) for key in ("first_name", "salutation", "points", "points_available",
                                                     "expiring_amount", "expiring_date", "cards_available",
                                                     "valid_vouchers", "rewards_available")} == {
        "first_name": customer["first_name"], "salutation": customer["salutation"], "points": balance,
        "points_available": True, "expiring_amount": expiration["next_amount"],
        "expiring_date": date.fromisoformat(expiration["next_date"]), "cards_available": True,
        "valid_vouchers": vouchers["total_items"], "rewards_available": True}
    assert dashboard.tier == expected_tier(demo_api, ids)
    assert (dashboard.main_card.number, dashboard.main_card.type_name) == (
        main["card_number"], types[main["card_type_id"]])
    assert [r["reward_id"] for r in dashboard.rewards] == [r["reward_id"] for r in rewards]
    for reward, raw in zip(dashboard.rewards, rewards):
        if raw.get("points_cost"):
            assert reward["missing_points"] == max(raw["points_cost"] - balance, 0)


def test_the_dashboards_main_card_is_a_usable_one(demo_session, monkeypatch):
    def blocked_first(page):
        page.items[0]["state"] = 0
        return page

    tweak(monkeypatch, "customer_cards", blocked_first)
    main_card = selectors.dashboard_for_customer(session=demo_session).main_card
    assert main_card.number == seed_loyalty.DEMO_DIGITAL_CARD_NUMBER


def test_a_dashboard_of_a_customer_without_a_name(demo_session, monkeypatch):
    monkeypatch.setattr(resources, "customer_get", lambda **kwargs: {"customer_id": kwargs["customer_id"]})
    dashboard = selectors.dashboard_for_customer(session=demo_session)
    assert (dashboard.first_name, dashboard.salutation) == ("", "")


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
    # Issue 19's panels: two stamp cards started, two new messages of three, two picks.
    monkeypatch.setattr(resources, "stamper_campaigns_every", lambda *, token, is_valid: [
        {"stamper_campaign_id": "sc1", "name": "Coffee", "stamp_count": 10, "valid_to": "2099-01-01 00:00:00"},
        {"stamper_campaign_id": "sc2", "name": "Rolls", "stamp_count": 4, "valid_to": "2099-01-01 00:00:00"}])
    monkeypatch.setattr(resources, "stamper_cards_every", own([
        {"stamper_card_id": "k1", "stamper_campaign_id": "sc1", "stamps": [{}] * 3, "state": 1},
        {"stamper_card_id": "k2", "stamper_campaign_id": "sc2", "stamps": [{}] * 3, "state": 1}]))
    monkeypatch.setattr(resources, "messages", own(lambda *, count, send_time_from: page_of([
        {"message_id": "m1", "send_time": "2026-12-01 10:00:00"},
        {"message_id": "m2", "send_time": "2026-11-30 10:00:00"},
        {"message_id": "m3", "send_time": "2026-11-29 10:00:00", "opened_time": "2026-11-29 11:00:00"}])))
    monkeypatch.setattr(resources, "customer_recommendations", own(lambda *, count: page_of([
        {"recommendation_id": "h1", "name": "Beans", "web_url": "https://shop.example.com/beans", "state": 1},
        {"recommendation_id": "h2", "name": "Gone", "state": 0},
        {"recommendation_id": "h3", "name": "Roll", "picture_urls": ["https://img.example.com/roll.png"]}])))
    return asked


def test_the_overview_shows_the_greeting_points_main_card_vouchers_and_three_rewards(overview):
    dashboard = selectors.dashboard_for_customer(session=SESSION)
    main_card, rewards = dashboard.main_card, dashboard.rewards
    assert {key: value for key, value in asdict(dashboard).items()
            if key not in ("main_card", "rewards", "first_reward", "stamp_card", "picks")} == {
        "first_name": "Jana", "salutation": "Ms", "tier": None, "tier_available": True,
        "points": 250, "points_available": True,
        "expiring_amount": 30, "expiring_date": date(2026, 12, 31),
        "cards_available": True, "offer_digital_card": False, "valid_vouchers": 4, "rewards_available": True,
        "first_run": False,  # a member with points is not starting
        "stamp_cards_available": True, "new_messages": 2,
    }
    assert (dashboard.stamp_card.name, dashboard.stamp_card.stamps) == ("Rolls", 3)  # 3 of 4 beats 3 of 10
    assert [(p.name, p.url, p.kind, p.image_url) for p in dashboard.picks] == [
        ("Beans", "https://shop.example.com/beans", "external", ""),
        ("Roll", "", "", "https://img.example.com/roll.png")]  # a deleted record is not a pick
    assert dashboard.first_reward["name"] == "Reward 1"  # the cheapest of the rewards shown
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
    assert asdict(selectors._tier({"token": "token-1", "customer_id": "c1"})) == {
        "name": "Silver", "description": "Nice", "valid_to": None, "next_name": "Gold",
        "next_points_missing": missing, "next_points_needed": 100, "progress": progress}


@pytest.mark.parametrize(("record", "statuses", "name", "description"), [
    ({"status_id": "s1"}, [{"status_id": "s1", "name": "Silver", "description": "Nice"}], "Silver", "Nice"),
    ({"status_id": "s1", "state": 0}, [{"status_id": "s1", "name": "Silver"}], "Silver", ""),
])
def test_a_status_record_without_a_state_in_force_or_a_status_without_a_description(
        monkeypatch, record, statuses, name, description):
    monkeypatch.setattr(resources, "customer_status_records", lambda **kwargs: page_of([record]))
    monkeypatch.setattr(reference, "statuses", lambda *, token: statuses)
    tier = selectors._tier({"token": "token-1", "customer_id": "c1"})
    assert (tier.name, tier.description, tier.next_name, tier.progress) == (name, description, "", None)


@pytest.mark.parametrize(("points", "first_run"), [
    ({"available_points": 0}, True),  # no status and no points: starting
    ({}, True),
    ({"available_points": 5}, False),
    (cc.ServerError(500), False),  # the points cannot be read: no telling
])
def test_a_member_with_no_status_and_no_points_is_just_starting(overview, monkeypatch, points, first_run):
    def wallet_points(**kwargs):
        if isinstance(points, Exception):
            raise points
        return points

    monkeypatch.setattr(resources, "wallet_points", wallet_points)
    assert selectors.dashboard_for_customer(session=SESSION).first_run is first_run


def test_the_new_messages_are_counted_again_once_the_member_has_looked(overview):
    assert selectors.dashboard_for_customer(session=SESSION).new_messages == 2
    messages_mark_seen(session=SESSION, until=to_datetime("2026-12-01 10:00:00"))  # the newest one seen
    assert selectors.dashboard_for_customer(session=SESSION).new_messages == 0
