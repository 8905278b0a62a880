"""Resilience of the client: GET retries on 5xx and timeouts within the page's time budget, writes
never repeated, and a circuit breaker shared through the cache that stops calling a CareCloud that
is down. Against the live sandbox's fault knobs wherever it can make the fault."""

import logging
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache

from portal.carecloud import CareCloudClient, ServerError, UnavailableError, budget, get_client, resources
from portal.carecloud.breaker import BreakerSettings, CircuitBreaker
from portal.carecloud.exceptions import RateLimitError


def test_a_500_on_a_get_is_retried(faults, ids, demo_token, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=500, force_count=1)
    customer = resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    assert customer["customer_id"] == ids.DEMO_CUSTOMER
    assert [e["status"] for e in faults.requests_log(since)] == [500, 200]
    assert no_sleep.call_count == 1


def test_a_500_on_a_post_is_never_repeated(faults, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=500, force_count=1)
    with pytest.raises(ServerError):
        resources.token_create(device_id="pytest-resilience-post")
    assert [e["status"] for e in faults.requests_log(since)] == [500]
    assert no_sleep.call_count == 0


def test_a_real_read_timeout_is_retried_then_unavailable(faults, settings, ids, demo_token, caplog, no_sleep):
    settings.CARECLOUD_READ_TIMEOUT = 0.15
    faults.set_faults(latency_ms=600)
    with caplog.at_level(logging.WARNING, logger="portal.carecloud"):
        with pytest.raises(UnavailableError) as raised:
            resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    assert caplog.text.count("failed: ReadTimeout") == 3  # the first attempt and two retries
    assert raised.value.detail == "ReadTimeout"


def test_retries_stop_when_the_budget_is_spent(faults, settings, ids, demo_token):
    settings.CARECLOUD_READ_TIMEOUT = 10
    faults.set_faults(latency_ms=1500)
    started = time.monotonic()
    with budget.budget(0.6), pytest.raises(UnavailableError):
        resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    assert time.monotonic() - started < 1.2  # the read timeout was cut to the budget, no retry after


def test_a_retry_whose_wait_does_not_fit_the_budget_is_not_made(faults, ids, demo_token, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=503, force_count=1, retry_after=2)
    with budget.budget(1.0), pytest.raises(UnavailableError):
        resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    assert len(faults.requests_log(since)) == 1 and no_sleep.call_count == 0


def test_a_page_answers_within_its_budget_when_carecloud_hangs(customer_client, faults, settings):
    settings.CARECLOUD_PAGE_BUDGET = 1.0
    faults.set_faults(latency_ms=4000)
    started = time.monotonic()
    response = customer_client.get("/en/overview/")
    elapsed = time.monotonic() - started
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert elapsed < 2.0, f"the page waited {elapsed:.1f} s"


# --- the circuit breaker ---------------------------------------------------------------------------------


def _breaker(**config) -> CircuitBreaker:
    return CircuitBreaker("http://carecloud.test/v1.0", BreakerSettings(**config))


def test_scattered_failures_do_not_open_the_breaker():
    breaker = _breaker(min_calls=20, failure_rate=0.8, window=30, open_seconds=15)
    for n in range(200):  # 30 % of calls fail, the worst-placed way: in runs of three
        breaker.after_call(failure=n % 10 < 3, probe=False)
    assert not breaker.is_open
    assert breaker.before_call() is False


def test_a_carecloud_that_fails_every_call_opens_the_breaker_after_the_minimum_of_calls():
    breaker = _breaker(min_calls=20, failure_rate=0.8, window=30, open_seconds=15)
    for _ in range(19):
        breaker.after_call(failure=True, probe=False)
    assert not breaker.is_open
    breaker.after_call(failure=True, probe=False)
    assert breaker.is_open
    with pytest.raises(UnavailableError) as raised:
        breaker.before_call()
    assert 1 <= raised.value.retry_after <= 15


def test_after_the_pause_one_probe_decides(settings):
    breaker = _breaker(min_calls=2, failure_rate=0.5, window=30, open_seconds=15)
    breaker.after_call(failure=True, probe=False)
    breaker.after_call(failure=True, probe=False)
    cache.delete(breaker._key("open"))  # the pause is over
    assert breaker.before_call() is True  # this caller probes
    with pytest.raises(UnavailableError):
        breaker.before_call()  # everyone else still waits
    breaker.after_call(failure=True, probe=True)  # the probe failed: paused again
    assert cache.get(breaker._key("open")) is not None
    cache.delete(breaker._key("open"))
    assert breaker.before_call() is True
    breaker.after_call(failure=False, probe=True)  # the probe succeeded: closed
    assert not breaker.is_open and breaker.before_call() is False


def test_the_open_breaker_stops_calls_for_every_client_sharing_the_cache(faults, settings, ids, demo_token, no_sleep):
    settings.CARECLOUD_BREAKER_MIN_CALLS = 6
    settings.CARECLOUD_BREAKER_FAILURE_RATE = 0.8
    faults.set_faults(force_status=503)
    for _ in range(2):  # three attempts each
        with pytest.raises(UnavailableError):
            resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    since = faults.last_seq()
    other_worker = CareCloudClient(base_url=settings.CARECLOUD_API_URL, breaker=BreakerSettings(
        min_calls=6, failure_rate=0.8))  # another process, same cache
    started = time.monotonic()
    with pytest.raises(UnavailableError) as raised:
        other_worker.get(f"/customers/{ids.DEMO_CUSTOMER}", token=demo_token)
    assert time.monotonic() - started < 0.1
    assert raised.value.title == "CareCloud circuit open"
    assert faults.requests_log(since) == []  # CareCloud was not called at all
    assert get_client().breaker.is_open


def test_an_open_breaker_gives_the_friendly_unavailable_page_at_once(customer_client, faults, settings):
    get_client().breaker._trip()
    since = faults.last_seq()
    response = customer_client.get("/en/points/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert int(response["Retry-After"]) <= settings.CARECLOUD_BREAKER_OPEN_SECONDS
    assert faults.requests_log(since) == []


# --- writes: sent again only when CareCloud provably did not carry them out ---------------------------


def test_a_write_refused_with_429_is_sent_again_after_retry_after(faults, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=429, force_count=1, retry_after=1)
    token = resources.token_create(device_id="pytest-resilience-429")
    assert token
    assert [(e["method"], e["status"]) for e in faults.requests_log(since)] == [("POST", 429), ("POST", 201)]
    assert [call.args[0] for call in no_sleep.call_args_list] == [1.0]


def test_a_write_refused_with_429_every_time_is_given_up_after_the_retries(faults, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=429, retry_after=0)
    with pytest.raises(RateLimitError):
        resources.token_create(device_id="pytest-resilience-429-always")
    assert [e["status"] for e in faults.requests_log(since)] == [429, 429, 429]  # 1 + CARECLOUD_MAX_RETRIES


def test_a_write_whose_retry_after_does_not_fit_the_budget_is_not_sent_again(faults, no_sleep):
    since = faults.last_seq()
    faults.set_faults(force_status=429, force_count=1, retry_after=2)
    with budget.budget(1.0), pytest.raises(RateLimitError):
        resources.token_create(device_id="pytest-resilience-429-budget")
    assert len(faults.requests_log(since)) == 1 and no_sleep.call_count == 0


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_write_that_failed_on_carecloud_side_is_never_sent_again(faults, ids, demo_token, no_sleep, status):
    """A 5xx may come after the write was done (503 too: it does not prove nothing happened), and a
    PUT is not repeated either: the customer decides, with the form still filled in."""
    since = faults.last_seq()
    customer = resources.customer_get(token=demo_token, customer_id=ids.DEMO_CUSTOMER)
    faults.set_faults(force_status=status, force_count=1, retry_after=0)
    with pytest.raises((ServerError, UnavailableError)):
        resources.customer_update(token=demo_token, customer_id=ids.DEMO_CUSTOMER, customer=customer)
    writes = [e for e in faults.requests_log(since) if e["method"] != "GET"]
    assert [(e["method"], e["status"]) for e in writes] == [("PUT", status)]
    assert no_sleep.call_count == 0


def test_a_write_that_timed_out_is_never_sent_again(faults, settings, no_sleep):
    settings.CARECLOUD_READ_TIMEOUT = 0.3
    since = faults.last_seq()
    faults.set_faults(latency_ms=800, latency_count=1)
    with pytest.raises(UnavailableError):
        resources.token_create(device_id="pytest-resilience-timeout")
    faults.clear_faults()  # (waits for the late answer)
    assert [e["method"] for e in faults.requests_log(since)] == ["POST"]
    assert no_sleep.call_count == 0


# --- the readiness probe's call ----------------------------------------------------------------------------


def test_the_readiness_ping_is_one_small_anonymous_read_never_retried(faults, no_sleep):
    since = faults.last_seq()
    resources.ping()
    [entry] = faults.requests_log(since)
    assert (entry["method"], entry["path"], entry["query"], entry["auth"]) == ("GET", "/languages", "count=1", "none")
    faults.set_faults(force_status=500, force_count=1)
    since = faults.last_seq()
    with pytest.raises(ServerError):
        resources.ping()
    assert [e["status"] for e in faults.requests_log(since)] == [500]
