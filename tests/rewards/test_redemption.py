"""The double-submit guard's bookkeeping (rewards.redemption), without CareCloud: keys issued per
confirmation and kept for their lifetime, results published to other requests and kept in the
session, the voucher of a recent redemption, the per-reward lock, a key claimed by exactly one of
many requests at once, and how long a request waits for another one's call."""

import copy
import threading

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.cache import cache

from portal.rewards import redemption
from portal.rewards.redemption import KEY_MAX_AGE, MAX_ENTRIES, RedemptionKeys, Result, State


@pytest.mark.parametrize(("connect", "read", "wait", "lock"), [(3, 10, 15.0, 60), (5, 40, 47.0, 94)])
def test_a_request_waits_for_another_ones_call_as_long_as_the_call_can_take(settings, connect, read, wait, lock):
    settings.CARECLOUD_CONNECT_TIMEOUT, settings.CARECLOUD_READ_TIMEOUT = connect, read
    assert (redemption.wait_seconds(), redemption.lock_seconds()) == (wait, lock)


@pytest.mark.parametrize("result", [
    Result(State.PENDING, "r1"), Result(State.CREATED, "r1", voucher_id="v1"),
    Result(State.FAILED, "r1", reason="not_enough_points"), Result(State.UNCERTAIN, "r1"),
])
def test_a_result_published_to_other_requests_reads_back_the_same(result):
    assert Result.from_dict(result.as_dict()) == result


@pytest.mark.parametrize(("value", "result"), [
    ({"state": "failed", "reward_id": 7, "voucher_id": None}, Result(State.FAILED, "7")),
    ({"state": "created"}, Result(State.CREATED, "")),
    ({"state": "done", "reward_id": "r1"}, None),
    ("created", None),
    (None, None),
])
def test_a_result_read_from_the_cache_is_checked(value, result):
    assert Result.from_dict(value) == result


def test_every_key_issued_is_kept_until_it_is_too_old(monkeypatch):
    now = [1_000_000]
    monkeypatch.setattr(redemption.time, "time", lambda: now[0])
    session = {}
    keys = RedemptionKeys(session, "c1")
    first, second, other = keys.issue("r1"), keys.issue("r1"), keys.issue("r2")
    assert len({first, second, other}) == 3
    assert [keys.is_issued(k, "r1") for k in (first, second, other)] == [True, True, False]
    assert keys.is_issued(other, "r2") is True
    assert RedemptionKeys(session, "c1").is_issued(first, "r1") is True  # kept in the session itself
    now[0] += KEY_MAX_AGE - 1
    latest = keys.issue("r3")
    assert [keys.is_issued(k, r) for k, r in ((first, "r1"), (other, "r2"), (latest, "r3"))] == [True, True, True]
    now[0] += 1
    assert [keys.is_issued(k, r) for k, r in ((first, "r1"), (other, "r2"), (latest, "r3"))] == [False, False, True]
    newest = keys.issue("r4")
    assert set(session[redemption.SESSION_KEY]["issued"]) == {latest, newest}  # the ones too old are dropped


def test_only_the_latest_keys_are_kept():
    keys = RedemptionKeys({}, "c1")
    issued = [keys.issue("r1") for _ in range(MAX_ENTRIES + 1)]
    assert [keys.is_issued(k, "r1") for k in issued] == [False] + [True] * MAX_ENTRIES


def test_a_voucher_made_answers_every_key_of_its_reward_in_this_and_other_requests():
    session = {}
    keys = RedemptionKeys(session, "c1")
    used, old_tab, other_reward = keys.issue("r1"), keys.issue("r1"), keys.issue("r2")
    before = copy.deepcopy(session)  # a concurrent request's copy of the session
    keys.settle(used, Result(State.CREATED, "r1", voucher_id="v1"))
    made = Result(State.CREATED, "r1", voucher_id="v1")
    assert [keys.is_issued(k, r) for k, r in ((used, "r1"), (old_tab, "r1"), (other_reward, "r2"))] == [
        False, False, True]
    assert (keys.recent("r1"), keys.recent("r2")) == ("v1", None)
    assert RedemptionKeys(before, "c1").result(old_tab) == made  # through the cache
    assert keys.result(other_reward) is None
    keys.settle(other_reward, Result(State.CREATED, "r2", voucher_id="v2"))
    assert (keys.recent("r1"), keys.recent("r2")) == ("v1", "v2")
    cache.clear()  # the session alone still knows
    assert [keys.result(k) for k in (used, old_tab, other_reward)] == [
        made, made, Result(State.CREATED, "r2", voucher_id="v2")]


def test_a_failed_key_is_used_up_and_leaves_no_recent_voucher():
    keys = RedemptionKeys({}, "c1")
    key, old_tab = keys.issue("r1"), keys.issue("r1")
    keys.settle(key, Result(State.FAILED, "r1", reason="not_enough_points"))
    assert (keys.is_issued(key, "r1"), keys.is_issued(old_tab, "r1"), keys.recent("r1")) == (False, True, None)
    assert keys.result(old_tab) is None


def test_a_recent_voucher_is_mentioned_for_ten_minutes(monkeypatch):
    now = [1_000_000]
    monkeypatch.setattr(redemption.time, "time", lambda: now[0])
    keys = RedemptionKeys({}, "c1")
    keys.settle(keys.issue("r1"), Result(State.CREATED, "r1", voucher_id="v1"))
    now[0] += 599
    assert keys.recent("r1") == "v1"
    now[0] += 1
    assert keys.recent("r1") is None


def test_a_recorded_result_is_seen_by_other_requests_of_the_same_customer_only():
    keys = RedemptionKeys({}, "c1")
    failed = Result(State.FAILED, "r1", reason="not_enough_points")
    keys.record("k1", failed)
    assert (RedemptionKeys({}, "c1").result("k1"), RedemptionKeys({}, "c2").result("k1")) == (failed, None)
    assert keys.result("k2") is None


def test_the_lock_of_a_reward_is_held_by_one_key_until_it_lets_go():
    keys = RedemptionKeys({}, "c1")
    assert keys.lock("r1", "k1") is None
    assert keys.lock("r1", "k2") == "k1"
    assert (keys.lock("r2", "k2"), RedemptionKeys({}, "c2").lock("r1", "k9")) == (None, None)
    keys.unlock("r1", "k2")  # not the holder: nothing happens
    assert keys.lock("r1", "k3") == "k1"
    keys.unlock("r1", "k1")
    assert keys.lock("r1", "k3") is None


def test_a_key_is_claimed_by_exactly_one_of_many_requests_at_once():
    keys = redemption.RedemptionKeys(SessionStore(), "customer")
    key = keys.issue("reward")
    copies = [redemption.RedemptionKeys(SessionStore(), "customer") for _ in range(8)]  # each request's own
    barrier = threading.Barrier(len(copies))
    claimed = []

    def claim(copy):
        barrier.wait(10)
        claimed.append(copy.claim(key, "reward"))

    threads = [threading.Thread(target=claim, args=(copy,)) for copy in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(claimed) == [False] * 7 + [True]
    assert keys.result(key).state == redemption.State.PENDING
