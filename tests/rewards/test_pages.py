"""The rewards and vouchers pages against the live sandbox, in both languages, with the demo
customer's real seeded data (read back through the sandbox's API where it is computed): only the
customer's own, and data the spec allows but the sandbox never sends (an optional reward id
missing or with odd characters)."""

import re
import threading
from http import HTTPStatus
from unittest import mock
from urllib.parse import parse_qs

import pytest
import responses
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.carecloud import resources
from portal.carecloud.client import Page
from portal.sandbox.seed import loyalty as seed_loyalty

DEMO_VALID_CODES = {"ESP7Q4M2KX", "CRS8H3TNWA", "NAR4ZLY9PE", "SLV10P3WZD"}
DEMO_APPLIED_CODES = {"ESPR2D6FHC", "SLV10K7MQR"}
DEMO_EXPIRED_CODES = {"LED5XW2GTB"}
DEMO_UPCOMING_CODES = {"CRS6B9VDQN"}  # valid from next week: CareCloud's is_valid=false, yet not expired
DEMO_CODES = DEMO_VALID_CODES | DEMO_APPLIED_CODES | DEMO_EXPIRED_CODES | DEMO_UPCOMING_CODES
SECOND_CODES = {"CRS3JV8UYD", "VIT6NP4RSE"}


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text(response) -> str:
    return response.content.decode()


def number(value, language):
    with translation.override(language):
        return floatformat(value, "-2g")


@pytest.mark.parametrize("language", ["en", "cs"])
@pytest.mark.parametrize("state, expected", [
    ("valid", DEMO_VALID_CODES), ("upcoming", DEMO_UPCOMING_CODES), ("applied", DEMO_APPLIED_CODES),
    ("expired", DEMO_EXPIRED_CODES),
])
def test_voucher_tabs(customer_client, state, expected, language):
    response = customer_client.get(url("rewards:voucher-list", language), {"state": state})
    assert response.status_code == HTTPStatus.OK
    body = text(response)
    assert {code for code in DEMO_CODES if code in body} == expected
    with translation.override(language):
        labels = {code: gettext("Barcode of %(value)s") % {"value": code} for code in expected}
    for code, label in labels.items():
        assert f'aria-label="{label}"' in body
    assert body.count('class="barcode-svg"') == body.count('class="qrcode-svg"') == len(expected)
    assert f'href="?state={state}" aria-current="page"' in body
    assert "<details" in body and "<summary>" in body


def test_voucher_shows_value_validity_and_reward(customer_client):
    body = text(customer_client.get(url("rewards:voucher-list"), {"state": "valid"}))
    assert "Free espresso" in body and "Birthday cake slice" in body  # the rewards they come from
    assert ">CZK\xa059<" in body and ">CZK\xa089<" in body  # values with their unit, the project's currency
    assert url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_ESPRESSO) in body
    applied = text(customer_client.get(url("rewards:voucher-list"), {"state": "applied"}))
    assert ">CZK\xa059<" in applied and "Used on" in applied


def values_by_code(body: str, language: str) -> dict[str, str]:
    """The Value row of each voucher on a page, by the voucher's code."""
    with translation.override(language):
        label = gettext("Value")
    return dict(re.findall(rf'class="voucher__code">([A-Z0-9]+)</dd>\s*<dt>{label}</dt><dd>([^<]*)</dd>', body))


@pytest.mark.parametrize("language, money, percent", [("en", "CZK\xa059", "10%"), ("cs", "59\xa0Kč", "10\xa0%")])
def test_a_vouchers_value_is_money_or_a_percentage_as_its_rewards_type_says(customer_client, demo_api, ids, settings,
                                                                         language, money, percent):
    # CareCloud's value is a bare number: the discount's voucher is worth 10 because its reward is of
    # the sandbox's percentage type (PORTAL_PERCENT_REWARD_TYPES, tests/settings.py), the espresso's 59 CZK.
    valid = {v["code"]: v for v in demo_api(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", language, is_valid="true",
                                             is_applied="false")["vouchers"]}
    assert (valid["SLV10P3WZD"]["value"], valid["ESP7Q4M2KX"]["value"]) == (10, 59)
    assert valid["SLV10P3WZD"]["reward"]["reward_type_id"] == seed_loyalty.REWARD_TYPE_PERCENTAGE
    assert settings.PORTAL_PERCENT_REWARD_TYPES == [seed_loyalty.REWARD_TYPE_PERCENTAGE]
    listed = values_by_code(text(customer_client.get(url("rewards:voucher-list", language))), language)
    assert (listed["SLV10P3WZD"], listed["ESP7Q4M2KX"]) == (percent, money)
    used = values_by_code(text(customer_client.get(url("rewards:voucher-list", language), {"state": "applied"})),
                          language)
    assert (used["SLV10K7MQR"], used["ESPR2D6FHC"]) == (percent, money)
    for voucher_id, code, shown in [(seed_loyalty.VOUCHER_DISCOUNT, "SLV10P3WZD", percent),
                                    (seed_loyalty.VOUCHER_ESPRESSO, "ESP7Q4M2KX", money)]:
        detail = text(customer_client.get(url("rewards:voucher-detail", language, voucher_id=voucher_id)))
        assert values_by_code(detail, language) == {code: shown}


def test_without_percentage_types_every_voucher_value_is_money(customer_client, settings):
    settings.PORTAL_PERCENT_REWARD_TYPES = []
    listed = values_by_code(text(customer_client.get(url("rewards:voucher-list"))), "en")
    assert (listed["SLV10P3WZD"], listed["ESP7Q4M2KX"]) == ("CZK\xa010", "CZK\xa059")


@pytest.mark.parametrize("language, upcoming_label, expired_label", [
    ("en", "Not valid yet", "Expired"), ("cs", "Zatím neplatný", "Po platnosti"),
])
def test_a_voucher_not_valid_yet_is_not_shown_as_expired(customer_client, demo_api, ids, language,
                                                         upcoming_label, expired_label):
    # CareCloud answers is_valid=false for both: the portal tells them apart by their dates.
    not_valid = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", is_valid="false", is_applied="false")
    assert {v["code"] for v in not_valid["vouchers"]} == DEMO_EXPIRED_CODES | DEMO_UPCOMING_CODES
    badge = re.compile(r'class="badge voucher__state[^"]*">([^<]+)<')
    expired = text(customer_client.get(url("rewards:voucher-list", language), {"state": "expired"}))
    assert "CRS6B9VDQN" not in expired and "LED5XW2GTB" in expired
    assert badge.findall(expired) == [expired_label]
    upcoming = text(customer_client.get(url("rewards:voucher-list", language), {"state": "upcoming"}))
    assert "CRS6B9VDQN" in upcoming and "LED5XW2GTB" not in upcoming
    assert badge.findall(upcoming) == [upcoming_label]
    assert 'href="?state=upcoming" aria-current="page"' in upcoming
    valid = text(customer_client.get(url("rewards:voucher-list", language), {"state": "valid"}))
    assert set(badge.findall(valid)) == {"Valid" if language == "en" else "Platný"}


def test_an_expired_rewards_voucher_does_not_link_to_the_reward(customer_client):
    # The iced coffee reward is over: its page is a 404, so its expired voucher names it without a link.
    body = text(customer_client.get(url("rewards:voucher-list"), {"state": "expired"}))
    assert "Free iced coffee" in body
    assert url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_ICED_COFFEE) not in body


@pytest.mark.parametrize("state", ["valid", "upcoming", "applied", "expired"])
def test_vouchers_page_past_the_end_links_back_to_page_one(customer_client, state):
    response = customer_client.get(url("rewards:voucher-list"), {"state": state, "page": 500})
    assert response.status_code == HTTPStatus.OK
    body = text(response)
    assert not {code for code in DEMO_CODES if code in body}
    assert "empty-state" in body
    assert f'<a href="?state={state}&amp;page=1">Back to the first page</a>' in body
    first = text(customer_client.get(url("rewards:voucher-list"), {"state": state}))
    assert "Back to the first page" not in first


def test_upcoming_and_expired_tabs_page_through_every_voucher(customer_client, sandbox, monkeypatch):
    # Read whole (so that the date filter cannot cut a page short), paged by the portal.
    monkeypatch.setattr(resources, "EVERY_PAGE_SIZE", 1)
    since = sandbox.last_seq()
    body = text(customer_client.get(url("rewards:voucher-list"), {"state": "upcoming"}))
    assert "CRS6B9VDQN" in body
    queries = [parse_qs(e["query"]) for e in sandbox.requests_log(since)
               if e["operation_id"] == "getSubCustomerVouchers"]
    assert [q["offset"] for q in queries] == [["0"], ["1"]] and all(q["count"] == ["1"] for q in queries)


def each_waiting_for_the_others(monkeypatch, *names):
    """``resources.<name>`` for each name, each first waiting until all have started, then reading
    the live sandbox: reads made in turn never meet, and the page fails (after 10 s)."""
    barrier = threading.Barrier(len(names), timeout=10)
    for name in names:
        def waiting(real=getattr(resources, name), **kwargs):
            barrier.wait()
            return real(**kwargs)

        monkeypatch.setattr(resources, name, waiting)


@pytest.mark.parametrize("state, read", [
    ("valid", "customer_vouchers"), ("upcoming", "customer_vouchers_every"), ("expired", "customer_vouchers_every"),
])
def test_the_vouchers_and_the_offered_rewards_are_read_at_once(customer_client, demo_api, ids, sandbox, monkeypatch,
                                                               state, read):
    # One round trip, not two in turn: the links are decided by the offered rewards read beside the vouchers.
    offered = {r["reward_id"] for r in demo_api(f"/customers/{ids.DEMO_CUSTOMER}/rewards", is_valid="true")["rewards"]}
    each_waiting_for_the_others(monkeypatch, read, "customer_rewards_every")
    customer_client.get(url("points:points"))  # the reference data every member page shares (the menu's), cached
    since = sandbox.last_seq()
    response = customer_client.get(url("rewards:voucher-list"), {"state": state})
    assert response.status_code == HTTPStatus.OK
    assert sorted({e["operation_id"] for e in sandbox.requests_log(since)}) == [
        "getSubCustomerRewards", "getSubCustomerVouchers"]
    named = {v["reward"]["reward_id"] for v in response.context["result"]["vouchers"] if v["reward"]}
    assert links(text(response)) - {url("rewards:reward-list")} == {
        url("rewards:reward-detail", reward_id=reward_id) for reward_id in named & offered}  # only the offered
    assert named - offered if state == "expired" else named & offered  # (the iced coffee is no longer offered)


@pytest.mark.parametrize("bad", ["<script>", "VALID", "", "applied'", "1"])
def test_unknown_voucher_state_falls_back_to_valid(customer_client, bad):
    response = customer_client.get(url("rewards:voucher-list"), {"state": bad})
    assert response.status_code == HTTPStatus.OK
    body = text(response)
    assert 'href="?state=valid" aria-current="page"' in body
    assert "<script>" not in body.split("<main", 1)[1]
    assert DEMO_VALID_CODES <= set(re.findall(r"[A-Z0-9]{10}", body))


def test_rewards_list_with_images_costs_and_placeholders(customer_client, demo_api, ids, sandbox):
    rewards = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/rewards", is_valid="true")["rewards"]
    balance = demo_api("/wallet/actions/points-overview", customer_id=ids.DEMO_CUSTOMER)["available_points"]
    since = sandbox.last_seq()
    body = text(customer_client.get(url("rewards:reward-list")))
    (query,) = [parse_qs(e["query"]) for e in sandbox.requests_log(since)
                if e["operation_id"] == "getSubCustomerRewards"]
    assert (query["count"], query["offset"], query["is_valid"]) == (["12"], ["0"], ["true"])
    assert f"You have {number(balance, 'en')} points." in body
    for reward in rewards:
        assert reward["name"] in body
    assert "Free espresso" in body and "150 points" in body
    assert "/_sandbox/images/rewards/espresso.svg" in body
    assert 'src="/static/themes/zrnko/picture.png"' in body  # happy hour has no image: the theme's picture
    assert "Free iced coffee" not in body  # expired
    assert "Welcome cookie" not in body  # another customer's reward
    assert ">Redeem<" in body and "points to go" in body  # affordable ones can be redeemed at once


def test_rewards_page_past_the_end_links_back_to_page_one(customer_client):
    response = customer_client.get(url("rewards:reward-list"), {"page": 500})
    assert response.status_code == HTTPStatus.OK
    body = text(response)
    assert "There are no rewards for you at the moment." in body
    assert '<a href="?page=1">Back to the first page</a>' in body
    assert "Back to the first page" not in text(customer_client.get(url("rewards:reward-list")))


def test_reward_detail(customer_client):
    response = customer_client.get(url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_CROISSANT))
    assert response.status_code == HTTPStatus.OK
    body = text(response)
    assert "<h1>Butter croissant with your coffee</h1>" in body
    assert "250 points" in body and "A fresh croissant from our bakery" in body
    assert "Zrnko Prague – Vinohrady" in body  # where it can be redeemed
    assert "croissant-detail.svg" in body
    assert "<title>Butter croissant with your coffee ·" in body
    cs = text(customer_client.get(url("rewards:reward-detail", "cs", reward_id=seed_loyalty.REWARD_CROISSANT)))
    assert "Máslový croissant ke kávě" in cs


def test_reward_detail_daily_window_and_automated(customer_client):
    body = text(customer_client.get(url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_HAPPY_HOUR)))
    assert "14:00 – 16:00" in body and "Applied automatically at the till." in body
    assert 'src="/static/themes/zrnko/picture.png"' in body  # no picture of its own: the theme's


@pytest.mark.parametrize("reward_id", ["0" * 26, "unknown-reward", seed_loyalty.REWARD_WELCOME_COOKIE])
def test_unknown_reward_is_a_404_page(customer_client, reward_id):
    response = customer_client.get(url("rewards:reward-detail", reward_id=reward_id))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in text(response)


def test_a_reward_getreward_answers_is_shown_only_if_offered_to_the_customer(customer_client, demo_api, sandbox):
    # getReward is "a specific reward" of the project: the sandbox answers it for the expired iced
    # coffee, a real CareCloud may for anything. The portal shows only the customer's own valid ones.
    iced = demo_api(f"/rewards/{seed_loyalty.REWARD_ICED_COFFEE}")
    assert iced["name"] == "Free iced coffee"
    since = sandbox.last_seq()
    response = customer_client.get(url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_ICED_COFFEE))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Free iced coffee" not in text(response)
    operations = [entry["operation_id"] for entry in sandbox.requests_log(since)]
    assert "getSubCustomerRewards" in operations and "getReward" not in operations


def test_another_customers_reward_is_a_404_even_if_getreward_answers(customer_client):
    def lenient_reward_get(*, token, reward_id):  # answers for any id, like "a specific reward" may
        return {"reward_id": reward_id, "code": "VITEJTE", "name": "Welcome cookie", "reward_group": 4,
                "store_list": []}

    with mock.patch.object(resources, "reward_get", side_effect=lenient_reward_get) as reward_get:
        response = customer_client.get(url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_WELCOME_COOKIE))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Welcome cookie" not in text(response)
        # ...while the customer's own rewards still show
        own = customer_client.get(url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_BIRTHDAY))
        assert own.status_code == HTTPStatus.OK
    assert [c.kwargs["reward_id"] for c in reward_get.call_args_list] == [seed_loyalty.REWARD_BIRTHDAY]


def test_reward_membership_reads_every_page_of_the_customers_rewards(customer_client, demo_api, ids, sandbox,
                                                                    monkeypatch):
    offered = [r["reward_id"] for r in demo_api(f"/customers/{ids.DEMO_CUSTOMER}/rewards", is_valid="true")["rewards"]]
    assert len(offered) > 2
    monkeypatch.setattr(resources, "EVERY_PAGE_SIZE", 1)
    since = sandbox.last_seq()
    response = customer_client.get(url("rewards:reward-detail", reward_id=offered[-1]))
    assert response.status_code == HTTPStatus.OK
    pages = [e for e in sandbox.requests_log(since) if e["operation_id"] == "getSubCustomerRewards"]
    assert len(pages) == len(offered)
    assert all(parse_qs(e["query"])["is_valid"] == ["true"] for e in pages)


def test_reward_id_with_odd_characters_never_reaches_carecloud(customer_client, sandbox):
    since = sandbox.last_seq()
    response = customer_client.get(url("rewards:reward-list") + "..%2F..%2Fcustomers/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not [entry for entry in sandbox.requests_log(since) if entry["operation_id"] == "getReward"]


def test_isolation_vouchers(customer_client, second_customer_client, ids):
    demo_codes, second_codes = set(), set()
    for state in ("valid", "applied", "expired"):
        demo_codes |= set(re.findall(r"[A-Z0-9]{10}", text(customer_client.get(url("rewards:voucher-list"),
                                                                                 {"state": state}))))
        second_codes |= set(re.findall(r"[A-Z0-9]{10}", text(second_customer_client.get(
            url("rewards:voucher-list"), {"state": state}))))
    assert DEMO_VALID_CODES | DEMO_APPLIED_CODES | DEMO_EXPIRED_CODES <= demo_codes
    assert SECOND_CODES <= second_codes
    assert not demo_codes & SECOND_CODES and not second_codes & (DEMO_VALID_CODES | DEMO_APPLIED_CODES)


def test_isolation_rewards(customer_client, second_customer_client, ids):
    birthday = url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_BIRTHDAY)
    assert second_customer_client.get(birthday).status_code == HTTPStatus.NOT_FOUND
    assert customer_client.get(birthday).status_code == HTTPStatus.OK
    cookie = url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_WELCOME_COOKIE)
    assert second_customer_client.get(cookie).status_code == HTTPStatus.OK


@pytest.mark.parametrize("answer", [{}, {"reward_id": seed_loyalty.REWARD_ESPRESSO, "name": "Another reward"}])
def test_a_reward_getreward_answers_without_its_data_is_a_404(customer_client, carecloud, upstream, answer):
    upstream.add(responses.GET, f"{carecloud.customer_url}/rewards/{seed_loyalty.REWARD_BIRTHDAY}",
                 json={"data": answer})
    response = customer_client.get(url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_BIRTHDAY))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Another reward" not in text(response)


def test_a_reward_whose_answer_has_no_id_is_shown_under_the_id_asked_for(customer_client, carecloud, upstream):
    upstream.add(responses.GET, f"{carecloud.customer_url}/rewards/{seed_loyalty.REWARD_BIRTHDAY}",
                 json={"data": {"name": "Birthday cake slice", "points_cost": 0}})
    response = customer_client.get(url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_BIRTHDAY))
    assert response.status_code == HTTPStatus.OK
    assert response.context["reward"]["reward_id"] == seed_loyalty.REWARD_BIRTHDAY
    assert response.context["reward"]["detail_url"] == url("rewards:reward-detail",
                                                           reward_id=seed_loyalty.REWARD_BIRTHDAY)


# reward_id is optional in the spec and its alphabet unspecified; the portal's URLs take [0-9A-Za-z_-]{1,64}.
ODD_REWARDS = [
    {"code": "NO-ID", "name": "Reward without an id", "reward_group": 1, "points_cost": 10, "store_list": []},
    {"reward_id": "", "code": "EMPTY-ID", "name": "Reward with an empty id", "reward_group": 1, "store_list": []},
    {"reward_id": "a/b c", "code": "ODD-ID", "name": "Reward with an odd id", "reward_group": 1, "store_list": []},
    {"reward_id": "x" * 65, "code": "LONG-ID", "name": "Reward with a long id", "reward_group": 1,
     "store_list": []},
    {"reward_id": seed_loyalty.REWARD_ESPRESSO, "code": "ESPRESSO-ZDARMA", "name": "Free espresso",
     "reward_group": 1, "points_cost": 150, "store_list": []},
]


def links(body: str) -> set[str]:
    """The page's links to reward pages (anchors, not the head's canonical and hreflang links)."""
    return set(re.findall(r'<a [^>]*href="([^"]*/rewards/[^"]*)"', body))


def odd_rewards_page(**kwargs):
    return Page(items=ODD_REWARDS, total=len(ODD_REWARDS), count=len(ODD_REWARDS), offset=0)


@pytest.mark.parametrize("name", ["overview:dashboard", "rewards:reward-list"])
def test_rewards_without_a_usable_id_render_without_a_link(customer_client, name):
    with mock.patch.object(resources, "customer_rewards", side_effect=odd_rewards_page):
        response = customer_client.get(url(name))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    for reward in ODD_REWARDS:
        assert reward["name"] in body
    # only the reward with a usable id is a link (to its page, and to redeem it: the demo can afford it);
    # picks for you (CareCloud's recommendations, which may name a reward) are not reward tiles
    tiles = re.sub(r'<section class="picks".*?</section>', "", body, flags=re.S)
    assert links(tiles) - {url("rewards:reward-list")} == {
        url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_ESPRESSO),
        url("rewards:reward-redeem", reward_id=seed_loyalty.REWARD_ESPRESSO)}


def test_vouchers_whose_reward_has_no_usable_id_render_without_a_link(customer_client):
    vouchers = [{"voucher_id": f"v{i}", "code": f"ODDCODE00{i}", "reward": reward}
                for i, reward in enumerate(ODD_REWARDS)]
    page = Page(items=vouchers, total=len(vouchers), count=12, offset=0)
    offered = ODD_REWARDS  # even when CareCloud lists them among the customer's rewards
    with mock.patch.object(resources, "customer_vouchers", return_value=page), \
            mock.patch.object(resources, "customer_rewards_every", return_value=offered):
        response = customer_client.get(url("rewards:voucher-list"), {"state": "valid"})
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert all(f"ODDCODE00{i}" in body for i in range(len(vouchers)))
    assert links(body) - {url("rewards:reward-list")} == {
        url("rewards:reward-detail", reward_id=seed_loyalty.REWARD_ESPRESSO)}


@pytest.mark.parametrize("state, says", [
    ("valid", "Exchange your points for a reward to get one."),
    ("upcoming", "starts on a later day waits here"),
    ("applied", "Each voucher you use at the till is listed here"),
    ("expired", "A voucher you did not use before its last day is listed here."),
])
def test_a_new_members_empty_voucher_tabs_say_what_would_fill_them(new_customer_client, state, says):
    body = text(new_customer_client.get(url("rewards:voucher-list"), {"state": state}))
    assert says in body and 'class="empty-state"' in body and "not available" not in body
