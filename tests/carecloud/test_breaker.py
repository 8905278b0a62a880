"""The circuit breaker, unit by unit on a fake clock (the cache reads the same clock): quick and exact.
The rate, the window and the waits; how long an opening is remembered, that it is logged once, and
that a close leaves nothing behind. (tests/carecloud/test_resilience.py drives it through the client
and the live sandbox.)"""

import logging

import pytest
from django.core.cache import cache

from portal.carecloud import breaker as breaker_module
from portal.carecloud.breaker import BreakerSettings, CircuitBreaker
from portal.carecloud.exceptions import UnavailableError


def _breaker(**config) -> CircuitBreaker:
    return CircuitBreaker("http://carecloud.test/v1.0", BreakerSettings(**config))


def _calls(breaker, *failures: bool) -> None:
    for failure in failures:
        breaker.after_call(failure=failure, probe=False)


def _opened(open_seconds: int) -> CircuitBreaker:
    breaker = _breaker(min_calls=2, failure_rate=0.5, window=30, open_seconds=open_seconds)
    _calls(breaker, True, True)
    assert breaker.is_open
    return breaker


def test_two_urls_have_two_breakers():
    assert _breaker().prefix != CircuitBreaker("http://other.test/v1.0", BreakerSettings()).prefix
    assert _breaker().prefix == _breaker().prefix  # every worker finds the same one


# --- the rate, the window and the waits ------------------------------------------------------------------


def test_the_rate_counts_from_the_minimum_of_calls_and_opens_at_exactly_the_rate(clock):
    breaker = _breaker(min_calls=4, failure_rate=0.5, window=30, open_seconds=15)
    _calls(breaker, False, True, False)  # 1 of 3: below the minimum of calls
    assert not breaker.is_open
    _calls(breaker, True)  # 2 of 4 = 0.5
    assert breaker.is_open


def test_a_rate_below_the_threshold_keeps_it_closed(clock):
    breaker = _breaker(min_calls=4, failure_rate=0.5, window=30, open_seconds=15)
    _calls(breaker, False, False, False, True)  # 1 of 4
    assert not breaker.is_open and breaker.before_call() is False


def test_the_last_window_counts_too_and_older_ones_do_not(clock):
    breaker = _breaker(min_calls=4, failure_rate=0.75, window=30, open_seconds=15)
    _calls(breaker, True, True)
    clock.now += 30  # the next window: the last one still counts
    _calls(breaker, True, True)
    assert breaker.is_open
    breaker.reset()
    _calls(breaker, True, True)
    clock.now += 60  # two windows later: forgotten
    _calls(breaker, True, True, True)
    assert not breaker.is_open


def test_while_open_every_caller_is_told_how_long_to_wait(clock):
    breaker = _breaker(min_calls=2, failure_rate=0.5, window=30, open_seconds=15)
    _calls(breaker, True, True)
    clock.now += 5
    with pytest.raises(UnavailableError) as raised:
        breaker.before_call()
    assert raised.value.retry_after == pytest.approx(10.0)
    clock.now += 9.8
    with pytest.raises(UnavailableError) as raised:
        breaker.before_call()
    assert raised.value.retry_after == 1.0  # never less than a second


def test_a_switched_off_breaker_never_opens(clock):
    breaker = _breaker(min_calls=0)
    _calls(breaker, *[True] * 50)
    breaker.after_call(failure=True, probe=True)
    assert not breaker.is_open and breaker.before_call() is False
    assert cache.get(breaker._key(f"calls:{int(clock.now // 30)}")) is None  # and counts nothing


def test_closing_forgets_the_failures_that_opened_it(clock):
    breaker = _breaker(min_calls=2, failure_rate=0.5, window=30, open_seconds=15)
    _calls(breaker, True)
    clock.now += 30
    _calls(breaker, True)
    assert breaker.is_open
    breaker.reset()
    _calls(breaker, True)  # one more failure is 1 of 1, below the minimum again
    assert not breaker.is_open


def test_a_counter_that_expired_between_add_and_incr_starts_at_one(clock, monkeypatch, expiring_incr):
    breaker = _breaker(min_calls=1, failure_rate=1.0, window=30, open_seconds=15)
    monkeypatch.setattr(breaker_module.cache, "incr", expiring_incr)
    breaker._incr("calls:1")
    assert cache.get(breaker._key("calls:1")) == 1


# --- its state in the cache: how long an opening lasts, the probe, the log -------------------------------


@pytest.mark.parametrize(("later", "still_open"), [(99, True), (101, False)])
def test_an_opening_no_call_followed_is_forgotten_after_twenty_times_the_open_time(clock, later, still_open):
    breaker = _opened(open_seconds=5)  # remembered 100 s (Django's default cache time would be 300 s)
    clock.now += later
    assert breaker.is_open is still_open
    if not still_open:
        assert breaker.before_call() is False  # an ordinary call, not a probe


def test_the_opening_is_logged_once_not_again_at_every_failed_probe(clock, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.carecloud"):
        breaker = _opened(open_seconds=5)
        for _ in range(2):
            clock.now += 6
            assert breaker.before_call() is True  # the probe
            breaker.after_call(failure=True, probe=True)  # fails: open again
            with pytest.raises(UnavailableError):
                breaker.before_call()
    assert [r.getMessage() for r in caplog.records] == ["carecloud circuit opened: calls paused for 5 s"]


def test_a_successful_probe_closes_it_and_leaves_nothing_in_the_cache(clock):
    breaker = _opened(open_seconds=5)
    clock.now += 6
    assert breaker.before_call() is True
    breaker.after_call(failure=False, probe=True)
    assert not breaker.is_open and breaker.before_call() is False
    names = ("tripped", "open", "probe", "calls:66667", "fails:66667")  # the window of 2_000_010 (// 30 = 66667)
    assert cache.get_many([breaker._key(name) for name in names]) == {}


def test_while_a_probe_is_out_the_others_wait_a_second_and_one_that_never_reports_back_frees_its_turn(clock):
    breaker = _opened(open_seconds=7)
    clock.now += 8
    assert breaker.before_call() is True  # the probe, which never reports back (its worker died)
    with pytest.raises(UnavailableError) as raised:
        breaker.before_call()
    assert raised.value.retry_after == 1.0
    clock.now += 6
    with pytest.raises(UnavailableError):
        breaker.before_call()
    clock.now += 2  # the probe's turn lasts the open time (at least 5 s)
    assert breaker.before_call() is True
