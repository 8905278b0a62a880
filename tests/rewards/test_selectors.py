"""The rewards and vouchers selectors: a voucher record shaped for the templates (its state from
its dates), one voucher with CareCloud's answers stubbed (no sandbox: only the customer's own, its
reward linked only while offered), a page of rewards and the picks for the member (a recommendation
shaped for its tile, with its link), and every selector against the live sandbox, compared with what
CareCloud (the sandbox) answers."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.carecloud import exceptions as cc
from portal.carecloud import resources
from portal.carecloud.client import Page
from portal.core.shaping import to_datetime
from portal.rewards import selectors
from portal.sandbox.seed import loyalty as seed_loyalty
from tests.conftest import tweak

SESSION = SimpleNamespace(token="token-1", customer_id="c1")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _unreadable(**kwargs):
    raise cc.ServerError(500)


def test_a_minimal_voucher_record_shapes_without_errors():
    voucher = selectors._voucher({})
    assert voucher["code"] == "" and voucher["reward"] is None and voucher["valid_to"] is None


@pytest.mark.parametrize("voucher, tab, state", [
    ({"applied_date": "2025-01-01 10:00:00"}, "valid", "applied"),
    ({}, "applied", "applied"),
    ({"valid_to": "2021-01-01 00:00:00"}, "valid", "expired"),
    ({"valid_from": "2999-01-01 00:00:00"}, "expired", "upcoming"),
    ({"valid_from": "2020-01-01 00:00:00", "valid_to": "2999-01-01 00:00:00"}, "valid", "valid"),
    ({}, "valid", "valid"),
    ({}, "expired", "expired"),  # no dates: the tab it was asked for decides
    ({}, "upcoming", "expired"),
])
def test_a_vouchers_state_comes_from_its_dates(voucher, tab, state):
    shaped = selectors._voucher({"code": "ABC", "value": "59", **voucher}, tab)
    assert shaped["state"] == state
    assert shaped["state_label"] == selectors.VoucherState.LABELS[state]
    assert (shaped["code"], shaped["value"]) == ("ABC", 59)


def test_a_full_voucher_record_is_shaped_for_the_templates():
    voucher = selectors._voucher({
        "voucher_id": "v1", "code": 1234, "value": 59.0, "valid_from": "2020-01-01 00:00:00",
        "valid_to": "2999-01-01 00:00:00", "applied_date": None, "note": "For your birthday",
        "reward": {"reward_id": "r1", "name": "Cake"},
    }, "valid")
    assert voucher["voucher_id"] == "v1" and voucher["code"] == "1234" and voucher["value"] == 59
    assert (voucher["valid_from"], voucher["valid_to"]) == (to_datetime("2020-01-01 00:00:00"),
                                                            to_datetime("2999-01-01 00:00:00"))
    assert voucher["applied_date"] is None and voucher["note"] == "For your birthday"
    assert voucher["reward"]["name"] == "Cake" and voucher["state"] == "valid"
    assert selectors._voucher({"note": None, "voucher_id": None})["note"] == ""


def stub_voucher(monkeypatch, record, offered):
    monkeypatch.setattr(resources, "voucher_get",
                        lambda *, token, voucher_id: record if (token, voucher_id) == ("token-1", "v1") else {})
    monkeypatch.setattr(resources, "wallet_points", lambda *, token, customer_id: {"available_points": 120})
    monkeypatch.setattr(resources, "customer_rewards_every",
                        offered if callable(offered) else lambda *, token, customer_id, is_valid: offered)


VOUCHER = {"voucher_id": "v1", "customer_id": "c1", "code": "ABC", "state": 1,
           "reward": {"reward_id": "r1", "name": "Croissant"}}


@pytest.mark.parametrize("offered, reward_url", [
    ([{"reward_id": "r1"}], "/en/rewards/r1/"),
    ([{"reward_id": "r2"}, "junk", {"name": "no id"}], ""),  # no longer offered: no page to link to
    (_unreadable, ""),  # the offered rewards cannot be read: the voucher still shows, unlinked
])
def test_a_vouchers_reward_links_to_its_page_only_while_offered(monkeypatch, offered, reward_url):
    stub_voucher(monkeypatch, VOUCHER, offered)
    detail = selectors.voucher_detail(session=SESSION, voucher_id="v1")
    voucher = detail["voucher"]
    assert (voucher["code"], voucher["detail_url"], voucher["reward"]["name"], detail["points"]) == (
        "ABC", "/en/vouchers/v1/", "Croissant", 120)
    assert voucher["reward"]["detail_url"] == reward_url


@pytest.mark.parametrize("record, customer_id", [
    ({**VOUCHER, "customer_id": "c2"}, "c1"),  # someone else's
    ({**VOUCHER, "customer_id": None}, "c1"),  # nobody's
    # nobody's, whatever the session's customer id looks like (even a placeholder-like one)
    ({key: value for key, value in VOUCHER.items() if key != "customer_id"}, "XXXX"),
    ({**VOUCHER, "voucher_id": "v2"}, "c1"),  # another voucher than the one asked for
    ({**VOUCHER, "state": 0}, "c1"),  # cancelled
    ({}, "c1"),  # unknown
])
def test_a_voucher_that_is_not_the_customers_own_is_not_found(monkeypatch, record, customer_id):
    stub_voucher(monkeypatch, record, [{"reward_id": "r1"}])
    with pytest.raises(cc.NotFoundError):
        selectors.voucher_detail(session=SimpleNamespace(token="token-1", customer_id=customer_id), voucher_id="v1")


def test_the_rewards_with_the_balance(demo_session, demo_api, ids):
    rewards = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/rewards", is_valid="true", count=12)
    balance = demo_api("/wallet/actions/points-overview", customer_id=ids.DEMO_CUSTOMER)["available_points"]
    result = selectors.rewards_for_customer(session=demo_session)
    assert result["points"] == balance
    assert [r["code"] for r in result["rewards"]] == [r["code"] for r in rewards["rewards"]]
    assert (result["pagination"].number, result["pagination"].size, result["pagination"].total) == (
        1, 12, rewards["total_items"])


@pytest.mark.parametrize("state, is_valid, is_applied", [("valid", "true", "false"), ("applied", None, "true")])
def test_the_vouchers_careclouds_pages(demo_session, demo_api, ids, state, is_valid, is_applied):
    params = {k: v for k, v in {"is_valid": is_valid, "is_applied": is_applied}.items() if v}
    raw = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", count=12, **params)
    result = selectors.vouchers_for_customer(session=demo_session, state=state)
    assert result["state"] == state
    assert [v["code"] for v in result["vouchers"]] == [v["code"] for v in raw["vouchers"]]
    assert {v["state"] for v in result["vouchers"]} == {state}
    assert result["pagination"].total == raw["total_items"]


def test_the_reward_detail(demo_session, demo_api):
    raw = demo_api(f"/rewards/{seed_loyalty.REWARD_CROISSANT}")
    reward = selectors.reward_detail(session=demo_session, reward_id=seed_loyalty.REWARD_CROISSANT)
    assert (reward["reward_id"], reward["name"], reward["points_cost"]) == (
        seed_loyalty.REWARD_CROISSANT, raw["name"], raw["points_cost"])
    assert reward["stores"] == [s["name"] for s in raw["store_list"]]
    assert reward["detail_url"] == f"/en/rewards/{seed_loyalty.REWARD_CROISSANT}/"


def test_vouchers_link_no_reward_when_the_offered_rewards_cannot_be_read(demo_session, carecloud, monkeypatch):
    def unreadable(**kwargs):
        raise cc.ServerError(500)

    monkeypatch.setattr(resources, "customer_rewards_every", unreadable)
    result = selectors.vouchers_for_customer(session=demo_session, state="valid")
    assert result["vouchers"] and all(v["reward"]["detail_url"] == "" for v in result["vouchers"] if v["reward"])


def test_offered_rewards_that_are_no_records_or_have_no_id_link_nothing(demo_session, monkeypatch):
    tweak(monkeypatch, "customer_rewards_every", lambda rewards: ["junk", {"name": "no id"}, *rewards])
    result = selectors.vouchers_for_customer(session=demo_session, state="valid")
    linked = {v["reward"]["reward_id"] for v in result["vouchers"] if v["reward"] and v["reward"]["detail_url"]}
    assert linked and "None" not in linked


def test_vouchers_are_read_a_page_of_twelve_at_a_time(demo_session, sandbox):
    since = sandbox.last_seq()
    selectors.vouchers_for_customer(session=demo_session, state="valid", page=2)
    (query,) = [e["query"] for e in sandbox.requests_log(since) if e["operation_id"] == "getSubCustomerVouchers"]
    assert sorted(query.split("&")) == ["count=12", "is_applied=false", "is_valid=true", "offset=12"]


def test_a_used_voucher_without_its_date_is_still_used_and_one_without_a_reward_is_shown(demo_session, monkeypatch):
    def odd(page):
        for voucher in page.items:
            voucher.pop("applied_date", None)
        page.items.insert(0, {"voucher_id": "v-plain", "code": "PLAIN"})
        return page

    tweak(monkeypatch, "customer_vouchers", odd)
    result = selectors.vouchers_for_customer(session=demo_session, state="applied")
    assert {v["state"] for v in result["vouchers"]} == {"applied"}
    assert result["vouchers"][0]["reward"] is None and result["vouchers"][0]["code"] == "PLAIN"


def test_an_expired_voucher_of_a_reward_no_longer_offered_links_nowhere(demo_session):
    result = selectors.vouchers_for_customer(session=demo_session, state="expired")
    rewards = [v["reward"] for v in result["vouchers"] if v["reward"]]
    assert rewards and [r["detail_url"] for r in rewards] == [""] * len(rewards)
    assert seed_loyalty.REWARD_ICED_COFFEE in {r["reward_id"] for r in rewards}


@pytest.mark.parametrize(("web_url", "url", "kind"), [
    ("/en/rewards/r1/", "/en/rewards/r1/", "reward"),
    (" /rewards/r1/?from=hint#top ", "/en/rewards/r1/", "reward"),  # without its language, with a query
    ("/campaigns/c1/", "/en/campaigns/c1/", "campaign"),
    ("/en/profile/", "", ""),  # a portal page, but none a pick leads to
    ("/no/such/page/", "", ""),
    ("https://shop.example.com/beans", "https://shop.example.com/beans", "external"),
    ("//evil.example.com/rewards/r1/", "", ""),
    (None, "", ""),
])
def test_a_pick_leads_to_a_portal_reward_or_campaign_page_or_elsewhere(web_url, url, kind):
    pick = selectors.shape_pick({"recommendation_id": "h1", "name": " Beans ", "brief_description": " Fresh. ",
                                 "web_url": web_url})
    assert (pick.recommendation_id, pick.name, pick.text, pick.url, pick.kind) == ("h1", "Beans", "Fresh.", url, kind)


def test_a_pick_without_a_description_has_no_text():
    assert selectors.shape_pick({"name": "Beans"}).text == ""


def test_a_page_of_rewards_asks_carecloud_for_a_page_of_twelve(monkeypatch):
    offered = [{"reward_id": f"r{n}", "name": f"Reward {n}", "points_cost": 10 * n} for n in range(1, 31)]

    def customer_rewards(*, token, customer_id, is_valid, count=20, offset=0):
        count = 20 if count is None else count  # CareCloud's own page size
        return Page(items=offered[offset:offset + count], total=len(offered), count=count, offset=offset)

    monkeypatch.setattr(resources, "customer_rewards", customer_rewards)
    monkeypatch.setattr(resources, "wallet_points", lambda **kwargs: {"available_points": 100})
    monkeypatch.setattr(selectors, "picks_for_customer", lambda *, auth: ())
    first, second = (selectors.rewards_for_customer(session=SESSION, page=page) for page in (1, 2))
    assert [r["reward_id"] for r in first["rewards"]] == [f"r{n}" for n in range(1, 13)]
    assert [r["reward_id"] for r in second["rewards"]] == [f"r{n}" for n in range(13, 25)]
    assert (first["points"], first["pagination"].pages, second["picks"]) == (100, 3, ())
