"""Redeeming a reward for points against the live sandbox: the confirmation, the voucher page, the
messages for each refusal, CareCloud failures, and the double-submit guard (read back through the
sandbox's API and its request log)."""

import logging
import re
import threading
import time
from http import HTTPStatus
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal.carecloud import exceptions as cc
from portal.carecloud import resources
from portal.rewards import redemption
from portal.sandbox.seed import loyalty as seed
from tests.conftest import portal_login
from tests.support.forms import assert_no_server_error, hostile_submissions

KEY = re.compile(r'name="key" value="([^"]+)"')


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def redeem_url(reward_id, language="en"):
    return url("rewards:reward-redeem", language, reward_id=reward_id)


def text(response) -> str:
    return response.content.decode()


def confirmation_key(client, reward_id, language="en") -> str:
    """Open the confirmation page as a browser does and return its form's one-time key."""
    response = client.get(redeem_url(reward_id, language))
    assert response.status_code == HTTPStatus.OK
    return KEY.search(text(response)).group(1)


@pytest.fixture
def account(sandbox, ids):
    """Read the demo customer's balance and vouchers through the sandbox's own API."""
    token = sandbox.customer_token()

    class Account:
        @staticmethod
        def balance(customer_id=ids.DEMO_CUSTOMER, token=token):
            response = sandbox.api().get("/wallet/actions/points-overview", token=token,
                                         params={"customer_id": customer_id})
            return response.json()["data"]["available_points"]

        @staticmethod
        def vouchers(customer_id=ids.DEMO_CUSTOMER, token=token):
            response = sandbox.api().get(f"/customers/{customer_id}/vouchers", token=token, params={"count": 100})
            return {v["voucher_id"]: v for v in response.json()["data"]["vouchers"]}

    return Account


def creates(sandbox, since):
    """The postRewardCreateVoucher calls the sandbox received (a faulted one is logged before its
    operation is resolved, so by method and path)."""
    return [e for e in sandbox.requests_log(since)
            if e["method"] == "POST" and re.fullmatch(r"/rewards/[^/]+/actions/create-voucher", e["path"])]


# --- the confirmation ------------------------------------------------------------------------------


@pytest.mark.parametrize("language, cost, balance, after, button", [
    ("en", "150 points", "1,630 points", "1,480 points", "Redeem for 150 points"),
    ("cs", "150 bodů", "1 630 bodů", "1 480 bodů", "Uplatnit za 150 bodů"),
])
def test_confirmation_shows_cost_balance_and_balance_after(customer_client, account, sandbox, language, cost,
                                                           balance, after, button):
    assert account.balance() == 1630
    since = sandbox.last_seq()
    response = customer_client.get(redeem_url(seed.REWARD_ESPRESSO, language))
    assert response.status_code == HTTPStatus.OK
    body = text(response).replace("\xa0", " ")
    assert f'class="redeem__cost">{cost}<' in body
    assert f'class="redeem__balance">{balance}<' in body
    assert f'class="redeem__after">{after}<' in body
    assert button in body and 'name="csrfmiddlewaretoken"' in body
    assert len(KEY.search(body).group(1)) >= 16
    assert "no-store" in response["Cache-Control"]
    assert creates(sandbox, since) == []  # a confirmation page never redeems


def test_reward_detail_and_tiles_offer_redemption_only_where_it_can_work(customer_client):
    espresso = text(customer_client.get(url("rewards:reward-detail", reward_id=seed.REWARD_ESPRESSO)))
    assert f'href="{redeem_url(seed.REWARD_ESPRESSO)}">Redeem for 150 points<' in espresso
    beans = text(customer_client.get(url("rewards:reward-detail", reward_id=seed.REWARD_BEANS)))
    assert "You need 3,370 more points for this reward." in beans
    assert redeem_url(seed.REWARD_BEANS) not in beans
    tiles = text(customer_client.get(url("rewards:reward-list")))
    linked = set(re.findall(r'href="/en/rewards/([^/]+)/redeem/"', tiles))
    # affordable catalogue rewards; not the beans (too dear), the birthday cake (no points), the till's
    assert linked == {seed.REWARD_ESPRESSO, seed.REWARD_CROISSANT, seed.REWARD_DISCOUNT}
    assert '<span class="visually-hidden">: Free espresso</span>' in tiles


@pytest.mark.parametrize("language, message", [
    ("en", "You need 3,370 more points for this reward."),
    ("cs", "Na tuto odměnu vám chybí 3 370 bodů."),
])
def test_not_enough_points_is_said_before_anything_is_sent(customer_client, sandbox, language, message):
    since = sandbox.last_seq()
    response = customer_client.get(redeem_url(seed.REWARD_BEANS, language))
    assert response.status_code == HTTPStatus.OK
    body = text(response).replace("\xa0", " ")
    assert message in body
    assert "<form method=\"post\" action=\"/" + language + "/rewards/" not in body  # nothing to confirm
    assert not KEY.search(body)
    assert creates(sandbox, since) == []


def test_second_customer_with_too_few_points(second_customer_client, ids):
    # 218 points: the espresso (150) can be had, the croissant (250) not
    assert KEY.search(text(second_customer_client.get(redeem_url(seed.REWARD_ESPRESSO))))
    body = text(second_customer_client.get(redeem_url(seed.REWARD_CROISSANT)))
    assert "You need 32 more points for this reward." in body and not KEY.search(body)


@pytest.mark.parametrize("reward_id", [
    seed.REWARD_WELCOME_COOKIE,  # offered to the second customer only
    seed.REWARD_ICED_COFFEE,  # expired
    "no-such-reward",
])
def test_a_reward_not_offered_is_a_404_and_sends_nothing(customer_client, sandbox, reward_id):
    since = sandbox.last_seq()
    assert customer_client.get(redeem_url(reward_id)).status_code == HTTPStatus.NOT_FOUND
    for key in ("k" * 32, "x"):
        response = customer_client.post(redeem_url(reward_id), {"key": key})
        assert response.status_code == HTTPStatus.NOT_FOUND
        body = text(response)
        assert "This reward is no longer offered to you." in body and not KEY.search(body)
    assert creates(sandbox, since) == []


def test_a_reward_not_for_points_has_no_form(customer_client, sandbox):
    since = sandbox.last_seq()
    for reward_id in (seed.REWARD_HAPPY_HOUR, seed.REWARD_BIRTHDAY):
        response = customer_client.get(redeem_url(reward_id))
        assert response.status_code == HTTPStatus.OK
        body = text(response)
        assert "This reward cannot be exchanged for points." in body and not KEY.search(body)
    assert creates(sandbox, since) == []


def test_logged_out_visitor_is_sent_to_log_in_and_nothing_is_called(client, carecloud, db, sandbox):
    since = sandbox.last_seq()
    for response in (client.get(redeem_url(seed.REWARD_ESPRESSO)),
                     client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": "k" * 32}),
                     client.get(url("rewards:voucher-detail", voucher_id=seed.VOUCHER_ESPRESSO))):
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(url("accounts:login"))
    assert sandbox.requests_log(since) == []


# --- redeeming -------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "cs"])
def test_redeeming_creates_one_voucher_spends_the_points_and_shows_it(fresh_sandbox, customer_client, account,
                                                                      language, caplog):
    before, vouchers_before = account.balance(), account.vouchers()
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO, language)
    since = fresh_sandbox.last_seq()
    with caplog.at_level(logging.INFO):
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO, language), {"key": key})
    assert response.status_code == HTTPStatus.FOUND
    new = {vid: v for vid, v in account.vouchers().items() if vid not in vouchers_before}
    assert len(new) == 1
    (voucher_id, voucher), = new.items()
    assert voucher["reward"]["reward_id"] == seed.REWARD_ESPRESSO
    assert account.balance() == before - 150
    assert response["Location"] == url("rewards:voucher-detail", language, voucher_id=voucher_id)
    assert len(creates(fresh_sandbox, since)) == 1

    page = customer_client.get(response["Location"])
    body = text(page).replace("\xa0", " ")
    assert page.status_code == HTTPStatus.OK
    assert voucher["code"] in body and 'class="barcode-svg"' in body and 'class="qrcode-svg"' in body
    if language == "en":
        assert "Done! Your voucher is ready: show its code at the till." in body
        assert "You have 1,480 points." in body
    else:
        assert "Hotovo! Váš voucher je připraven" in body and "Máte 1 480 bodů." in body

    # the write is logged, without the customer, the token or the code
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "portal.rewards.services")
    assert f"reward redeemed: reward {seed.REWARD_ESPRESSO}" in logged
    session = customer_client.session["carecloud"]
    every_line = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (session["token"], session["customer_id"], voucher["code"], voucher_id):
        assert secret not in logged
    assert session["token"] not in every_line


def test_a_replayed_post_creates_nothing_and_shows_the_same_voucher(fresh_sandbox, customer_client, account):
    key = confirmation_key(customer_client, seed.REWARD_CROISSANT)
    first = customer_client.post(redeem_url(seed.REWARD_CROISSANT), {"key": key})
    assert first.status_code == HTTPStatus.FOUND
    balance, vouchers = account.balance(), account.vouchers()
    since = fresh_sandbox.last_seq()
    for _ in range(3):  # the browser's "resend", the back button and a click, a script
        again = customer_client.post(redeem_url(seed.REWARD_CROISSANT), {"key": key})
        assert again["Location"] == first["Location"]
    assert creates(fresh_sandbox, since) == []
    assert account.vouchers() == vouchers and account.balance() == balance
    body = text(customer_client.get(first["Location"]))
    assert "This reward was already redeemed with this confirmation" in body


def test_an_old_tab_of_the_same_reward_leads_to_the_voucher_made(fresh_sandbox, customer_client, account):
    old_tab = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    new_tab = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    made = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": new_tab})
    since = fresh_sandbox.last_seq()
    old = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": old_tab})
    assert old["Location"] == made["Location"]
    assert creates(fresh_sandbox, since) == []
    # a fresh confirmation mentions the voucher just made, and still lets the customer have another
    body = text(customer_client.get(redeem_url(seed.REWARD_ESPRESSO)))
    assert f'You redeemed this reward a few minutes ago: <a href="{made["Location"]}">' in body
    assert KEY.search(body)


def test_a_key_of_another_session_or_reward_is_refused(fresh_sandbox, customer_client, second_customer_client,
                                                       sandbox):
    foreign = confirmation_key(second_customer_client, seed.REWARD_ESPRESSO)
    croissant = confirmation_key(customer_client, seed.REWARD_CROISSANT)
    since = sandbox.last_seq()
    for key in (foreign, croissant, "A" * 32):
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
        assert response.status_code == HTTPStatus.OK
        body = text(response)
        assert "This confirmation is no longer valid." in body
        assert 'class="error-summary"' in body and KEY.search(body)  # a fresh confirmation to send
    assert creates(sandbox, since) == []


def test_an_expired_key_is_refused(fresh_sandbox, customer_client, sandbox, monkeypatch):
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    later = time.time() + redemption.KEY_MAX_AGE + 1
    monkeypatch.setattr(redemption.time, "time", lambda: later)
    since = sandbox.last_seq()
    response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert "This confirmation is no longer valid." in text(response)
    assert creates(sandbox, since) == []


def test_points_spent_elsewhere_meanwhile_are_caught_before_the_call(fresh_sandbox, second_customer_client,
                                                                     account, sandbox, ids):
    second = sandbox.customer_token(ids.SECOND_EMAIL, ids.SECOND_PASSWORD)
    key = confirmation_key(second_customer_client, seed.REWARD_ESPRESSO)  # 218 points: enough
    spent = sandbox.api().post(f"/rewards/{seed.REWARD_ESPRESSO}/actions/create-voucher", token=second,
                               json={"customer_id": ids.SECOND_CUSTOMER})  # e.g. in the mobile app
    assert spent.status_code == HTTPStatus.CREATED
    since = sandbox.last_seq()
    response = second_customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert response.status_code == HTTPStatus.OK
    body = text(response)
    assert "You do not have enough points for this reward yet." in body
    assert "You need 82 more points for this reward." in body
    assert creates(sandbox, since) == []
    assert account.balance(ids.SECOND_CUSTOMER, second) == 68


def test_carecloud_refusing_for_points_is_said_and_nothing_is_spent(fresh_sandbox, customer_client, account,
                                                                    sandbox, monkeypatch):
    # A race the sandbox cannot stage: the balance read says enough, CareCloud then says too few.
    monkeypatch.setattr(resources, "wallet_points", lambda **kwargs: {"available_points": 99999})
    beans_key = confirmation_key(customer_client, seed.REWARD_BEANS)
    before, vouchers = account.balance(), account.vouchers()
    since = sandbox.last_seq()
    response = customer_client.post(redeem_url(seed.REWARD_BEANS), {"key": beans_key})
    assert response.status_code == HTTPStatus.OK
    assert "You do not have enough points for this reward yet." in text(response)
    assert len(creates(sandbox, since)) == 1 and creates(sandbox, since)[0]["status"] == 400
    assert account.balance() == before and account.vouchers() == vouchers


def test_a_reward_that_expired_meanwhile_is_said(fresh_sandbox, customer_client, account, sandbox, monkeypatch):
    # The offered list still had the iced coffee when the page was read; CareCloud says it is over.
    every = resources.customer_rewards_every

    def still_offered(**kwargs):
        iced = sandbox.api("enterprise").get(f"/rewards/{seed.REWARD_ICED_COFFEE}",
                                             token=sandbox.enterprise_token()).json()["data"]
        return [*every(**kwargs), iced]

    monkeypatch.setattr(resources, "customer_rewards_every", still_offered)
    key = confirmation_key(customer_client, seed.REWARD_ICED_COFFEE)
    since = sandbox.last_seq()
    response = customer_client.post(redeem_url(seed.REWARD_ICED_COFFEE), {"key": key})
    assert "This reward cannot be redeemed right now: it may have expired or run out." in text(response)
    assert [e["status"] for e in creates(sandbox, since)] == [400]


# --- CareCloud failing -------------------------------------------------------------------------------


def fault_on_the_post(sandbox, **faults):
    """Set the sandbox's fault knobs just before the redemption's POST (after the reads before it),
    so that exactly that call meets them."""
    real = resources.reward_create_voucher

    def create(**kwargs):
        sandbox.set_faults(**faults)
        return real(**kwargs)

    return mock.patch.object(resources, "reward_create_voucher", create)


def test_carecloud_unavailable_gives_an_honest_message_and_no_voucher(fresh_sandbox, customer_client, account):
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    before, vouchers = account.balance(), account.vouchers()
    since = fresh_sandbox.last_seq()
    with fault_on_the_post(fresh_sandbox, force_status=503, force_count=1):
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = text(response)
    assert "the loyalty programme is not responding. No points were deducted" in body
    assert KEY.search(body) and 'class="error-summary"' in body  # a fresh confirmation to try again
    assert [e["status"] for e in creates(fresh_sandbox, since)] == [503]  # sent once, never repeated
    assert account.balance() == before and account.vouchers() == vouchers
    # the refused key stays used; the new one works
    again = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": KEY.search(body).group(1)})
    assert again.status_code == HTTPStatus.FOUND, text(again)[text(again).find("<main"):][:3000]
    assert len(account.vouchers()) == len(vouchers) + 1


def test_carecloud_rate_limiting_the_post_is_said_and_nothing_is_spent(fresh_sandbox, customer_client, account):
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    vouchers = account.vouchers()
    since = fresh_sandbox.last_seq()
    # (a 429 is sent again after Retry-After, as it proves nothing was done: refused every time here)
    with fault_on_the_post(fresh_sandbox, force_status=429, force_count=3, retry_after=0):
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many attempts in a short time. No points were deducted" in text(response)
    assert KEY.search(text(response))
    assert [e["status"] for e in creates(fresh_sandbox, since)] == [429] * 3 and account.vouchers() == vouchers


def test_a_single_429_on_the_post_is_waited_out_and_makes_one_voucher(fresh_sandbox, customer_client, account):
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    vouchers = account.vouchers()
    since = fresh_sandbox.last_seq()
    with fault_on_the_post(fresh_sandbox, force_status=429, force_count=1, retry_after=0):
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert response.status_code == HTTPStatus.FOUND
    assert [e["status"] for e in creates(fresh_sandbox, since)] == [429, 201]
    assert len(account.vouchers()) == len(vouchers) + 1


def test_an_unreadable_balance_still_lets_carecloud_decide(fresh_sandbox, customer_client, account, monkeypatch):
    def down(**kwargs):
        raise cc.UnavailableError(title="CareCloud is unreachable")

    monkeypatch.setattr(resources, "wallet_points", down)
    response = customer_client.get(redeem_url(seed.REWARD_ESPRESSO))
    body = text(response)
    assert 'class="redeem__balance">Not available right now<' in body
    assert "the loyalty programme checks your points" in body
    vouchers = account.vouchers()
    redeemed = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": KEY.search(body).group(1)})
    assert redeemed.status_code == HTTPStatus.FOUND and len(account.vouchers()) == len(vouchers) + 1
    assert "Your points are not available right now." in text(customer_client.get(redeemed["Location"]))


@pytest.mark.parametrize("status", [500, 502])
def test_a_server_error_on_the_post_is_uncertain_and_never_resent(fresh_sandbox, customer_client, status):
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    since = fresh_sandbox.last_seq()
    with fault_on_the_post(fresh_sandbox, force_status=status, force_count=1):
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = text(response)
    assert "we cannot tell whether your reward was redeemed" in body
    assert url("rewards:voucher-list") in body and not KEY.search(body)
    assert len(creates(fresh_sandbox, since)) == 1


def test_a_timed_out_post_is_not_resent_and_the_customer_is_pointed_to_the_vouchers(
        fresh_sandbox, customer_client, account, settings):
    settings.CARECLOUD_READ_TIMEOUT = 0.5
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    vouchers = account.vouchers()
    since = fresh_sandbox.last_seq()
    with fault_on_the_post(fresh_sandbox, latency_ms=1500):
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = text(response)
    assert "did not answer in time, so we cannot tell whether your reward was redeemed" in body
    assert f'href="{url("rewards:voucher-list")}"' in body and not KEY.search(body)
    # CareCloud went on and made the voucher after the portal stopped waiting: that is why the
    # portal never sends the POST again
    deadline = time.monotonic() + 10
    while len(account.vouchers()) == len(vouchers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(creates(fresh_sandbox, since)) == 1
    assert len(account.vouchers()) == len(vouchers) + 1
    # the same confirmation again: still uncertain, still not sent
    replay = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert "we cannot tell whether your reward was redeemed" in text(replay)
    # a new confirmation right away meets the lock kept after the unanswered call: not sent either
    fresh = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    blocked = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": fresh})
    assert blocked.status_code in (HTTPStatus.SERVICE_UNAVAILABLE, HTTPStatus.CONFLICT)
    assert len(creates(fresh_sandbox, since)) == 1 and len(account.vouchers()) == len(vouchers) + 1


def test_an_expired_session_sends_to_log_in_without_a_voucher(fresh_sandbox, customer_client, account):
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    vouchers = account.vouchers()
    token = customer_client.session["carecloud"]["token"]
    fresh_sandbox.control("POST", f"tokens/{token}/expire")
    response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key},
                                    HTTP_REFERER="http://testserver" + redeem_url(seed.REWARD_ESPRESSO))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(url("accounts:login"))
    assert account.vouchers() == vouchers


# --- double submits ----------------------------------------------------------------------------------


def _concurrent_posts(cookies, posts):
    """POST ``posts`` ((path, data) pairs) at the same moment from Django test clients that share one
    session cookie (two tabs, a double click); returns the responses."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)
    errors = []

    def run(index, path, data):
        try:
            client = Client()
            client.cookies.update(cookies)
            barrier.wait(10)
            responses[index] = client.post(path, data)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return responses


@pytest.fixture
def shared_session(fresh_sandbox, carecloud, transactional_db):
    """A client logged in as the demo customer whose session cookie the concurrent clients share
    (committed to the database, so that the other threads see the session)."""
    client = Client()
    assert portal_login(client).status_code == HTTPStatus.FOUND
    return client


@pytest.mark.parametrize("tabs", [1, 2], ids=["double click: one key", "two tabs: two keys"])
def test_two_concurrent_posts_create_exactly_one_voucher(shared_session, fresh_sandbox, account, tabs):
    keys = [confirmation_key(shared_session, seed.REWARD_DISCOUNT) for _ in range(tabs)]
    before, vouchers = account.balance(), account.vouchers()
    since = fresh_sandbox.last_seq()
    path = redeem_url(seed.REWARD_DISCOUNT)
    with fault_on_the_post(fresh_sandbox, latency_ms=400):
        responses = _concurrent_posts(shared_session.cookies, [(path, {"key": keys[0]}), (path, {"key": keys[-1]})])
    fresh_sandbox.clear_faults()
    assert len(creates(fresh_sandbox, since)) == 1
    new = set(account.vouchers()) - set(vouchers)
    assert len(new) == 1
    assert account.balance() == before - 600
    voucher_url = url("rewards:voucher-detail", voucher_id=new.pop())
    assert [r.status_code for r in responses] == [HTTPStatus.FOUND] * 2
    assert [r["Location"] for r in responses] == [voucher_url] * 2  # both show the one voucher


# --- every input ----------------------------------------------------------------------------------


def test_hostile_submissions_never_fail_and_never_redeem(customer_client, sandbox, account):
    key = confirmation_key(customer_client, seed.REWARD_ESPRESSO)
    vouchers = account.vouchers()
    since = sandbox.last_seq()
    for label, data in hostile_submissions({"key": key}):
        if data.get("key") == key:
            continue
        response = customer_client.post(redeem_url(seed.REWARD_ESPRESSO), data)
        assert_no_server_error(response, label)
        assert response.status_code == HTTPStatus.OK, label
        assert "This confirmation is no longer valid." in text(response), label
    assert creates(sandbox, since) == []
    assert account.vouchers() == vouchers


def test_csrf_is_required(carecloud, db, sandbox):
    client = Client()
    assert portal_login(client).status_code == HTTPStatus.FOUND
    key = confirmation_key(client, seed.REWARD_ESPRESSO)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies.update(client.cookies)
    since = sandbox.last_seq()
    response = strict.post(redeem_url(seed.REWARD_ESPRESSO), {"key": key})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert creates(sandbox, since) == []


# --- the voucher page -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "cs"])
def test_voucher_page_shows_the_code_its_reward_and_the_balance(customer_client, account, language):
    response = customer_client.get(url("rewards:voucher-detail", language, voucher_id=seed.VOUCHER_ESPRESSO))
    assert response.status_code == HTTPStatus.OK
    body = text(response).replace("\xa0", " ")
    assert "ESP7Q4M2KX" in body and body.count("<svg") >= 2
    assert url("rewards:reward-detail", language, reward_id=seed.REWARD_ESPRESSO) in body
    assert ("You have 1,630 points." if language == "en" else "Máte 1 630 bodů.") in body
    assert body.count("<h1") == 1


def test_vouchers_list_links_to_each_voucher(customer_client):
    body = text(customer_client.get(url("rewards:voucher-list"), {"state": "valid"}))
    for voucher_id in (seed.VOUCHER_ESPRESSO, seed.VOUCHER_CROISSANT, seed.VOUCHER_BIRTHDAY):
        assert f'href="{url("rewards:voucher-detail", voucher_id=voucher_id)}"' in body


@pytest.mark.parametrize("voucher_id", [seed.VOUCHER_SECOND_CROISSANT, "no-such-voucher"])
def test_another_customers_or_an_unknown_voucher_is_a_404(customer_client, voucher_id):
    response = customer_client.get(url("rewards:voucher-detail", voucher_id=voucher_id))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "CRS3JV8UYD" not in text(response)


def test_a_voucher_carecloud_shows_of_someone_else_is_still_a_404(customer_client, sandbox, monkeypatch):
    # A project may answer getVoucher for any voucher: the portal checks whose it is.
    staff = sandbox.enterprise_token()
    foreign = sandbox.api("enterprise").get(f"/vouchers/{seed.VOUCHER_SECOND_CROISSANT}", token=staff).json()["data"]
    monkeypatch.setattr(resources, "voucher_get", lambda **kwargs: foreign)
    response = customer_client.get(url("rewards:voucher-detail", voucher_id=seed.VOUCHER_SECOND_CROISSANT))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert foreign["code"] not in text(response)
