"""The circuit breaker's state in the cache, on a fake clock (the cache reads the same clock): how
long an opening is remembered, that it is logged once, and that a close leaves nothing behind.
(tests/carecloud/test_breaker_units.py pins the rate, the window and the waits.)"""

import logging

import pytest
from django.core.cache import cache

from portal.carecloud.breaker import BreakerSettings, CircuitBreaker
from portal.carecloud.exceptions import UnavailableError


def _opened(open_seconds: int) -> CircuitBreaker:
    breaker = CircuitBreaker("http://carecloud.test/v1.0",
                             BreakerSettings(min_calls=2, failure_rate=0.5, window=30, open_seconds=open_seconds))
    breaker.after_call(failure=True, probe=False)
    breaker.after_call(failure=True, probe=False)
    assert breaker.is_open
    return breaker


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
