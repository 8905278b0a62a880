"""The circuit breaker, the page's time budget and the per-session cache, unit by unit, on a fake
clock: quick and exact (tests/carecloud/test_resilience.py drives them through the client and the
live sandbox)."""

import pytest
from django.core.cache import cache
from django.utils import translation

from portal.carecloud import breaker as breaker_module
from portal.carecloud import budget, customer_cache
from portal.carecloud.breaker import BreakerSettings, CircuitBreaker
from portal.carecloud.exceptions import UnavailableError
from tests.support.clock import Clock


def _breaker(**config) -> CircuitBreaker:
    return CircuitBreaker("http://carecloud.test/v1.0", BreakerSettings(**config))


def _calls(breaker, *failures: bool) -> None:
    for failure in failures:
        breaker.after_call(failure=failure, probe=False)


def test_two_urls_have_two_breakers():
    assert _breaker().prefix != CircuitBreaker("http://other.test/v1.0", BreakerSettings()).prefix
    assert _breaker().prefix == _breaker().prefix  # every worker finds the same one


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


def _expiring_incr(key):
    """cache.incr of a key that expired just before it."""
    cache.delete(key)
    raise ValueError(key)


def test_a_counter_that_expired_between_add_and_incr_starts_at_one(clock, monkeypatch):
    breaker = _breaker(min_calls=1, failure_rate=1.0, window=30, open_seconds=15)
    monkeypatch.setattr(breaker_module.cache, "incr", _expiring_incr)
    breaker._incr("calls:1")
    assert cache.get(breaker._key("calls:1")) == 1


# --- the page's time budget ---------------------------------------------------------------------------


@pytest.fixture
def monotonic(monkeypatch):
    clock = Clock(500.0)
    monkeypatch.setattr(budget.time, "monotonic", clock)
    return clock


def test_a_budget_counts_down_and_never_below_zero(monotonic):
    assert budget.remaining() is None
    with budget.budget(8):
        monotonic.now += 2.5
        assert budget.remaining() == 5.5
        monotonic.now += 10
        assert budget.remaining() == 0.0
    assert budget.remaining() is None  # and ends with its block


@pytest.mark.parametrize("seconds", [None, 0, -1])
def test_no_budget_means_no_deadline(monotonic, seconds):
    with budget.budget(seconds):
        assert budget.remaining() is None


def test_the_middleware_gives_each_request_the_configured_budget(monotonic, settings):
    settings.CARECLOUD_PAGE_BUDGET = 7
    seen = []
    middleware = budget.BudgetMiddleware(lambda request: seen.append(budget.remaining()) or "response")
    assert middleware("request") == "response"
    assert seen == [7.0]


# --- the per-session cache ------------------------------------------------------------------------------


def _counting(value):
    calls = []
    return calls, lambda: calls.append(1) or value


def test_a_sessions_reads_are_cached_per_language_until_its_next_write(settings):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 60
    calls, fetch = _counting({"name": "Tereza"})
    with translation.override("en"):
        assert customer_cache.cached(token="t1", name="customer", fetch=fetch) == {"name": "Tereza"}
        customer_cache.cached(token="t1", name="customer", fetch=fetch)
        assert len(calls) == 1
        customer_cache.cached(token="t1", name="cards", fetch=fetch)  # another name
        customer_cache.cached(token="t2", name="customer", fetch=fetch)  # another session
        assert len(calls) == 3
    with translation.override("cs"):
        customer_cache.cached(token="t1", name="customer", fetch=fetch)
        assert len(calls) == 4
        customer_cache.written_with("t1")
        customer_cache.cached(token="t1", name="customer", fetch=fetch)
        customer_cache.written_with("t1")  # a second write bumps it again
        customer_cache.cached(token="t1", name="customer", fetch=fetch)
        assert len(calls) == 6
        customer_cache.cached(token="t2", name="customer", fetch=fetch)  # t2's entry was not touched
        assert len(calls) == 7


@pytest.mark.parametrize(("seconds", "token"), [(0, "t1"), (60, "")])
def test_no_cache_without_a_lifetime_or_a_token(settings, seconds, token):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = seconds
    calls, fetch = _counting("value")
    customer_cache.cached(token=token, name="customer", fetch=fetch)
    customer_cache.cached(token=token, name="customer", fetch=fetch)
    assert len(calls) == 2


def test_the_token_itself_is_never_a_cache_key(settings):
    assert "secret-token" not in customer_cache._prefix("secret-token")
    assert customer_cache._prefix("a") != customer_cache._prefix("b")
    customer_cache.written_with(None)  # no token, nothing to bump (and no error)
    customer_cache.written_with("")


def test_a_version_that_expired_between_add_and_incr_starts_again(settings, monkeypatch):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 60
    customer_cache.written_with("t1")
    monkeypatch.setattr(customer_cache.cache, "incr", _expiring_incr)
    customer_cache.written_with("t1")
    assert cache.get(customer_cache._prefix("t1") + ":version") == 1
