"""The per-session cache on a fake clock (the cache reads the same clock): a cached read gives back
what was fetched, a session's version lives twice the cache time, and a write always shows on the
next page, even one made after the version from an earlier write had expired.
(tests/carecloud/test_breaker_units.py pins the keys, the languages and the bumps.)"""


import pytest
from django.core.cache import cache
from django.utils import translation

from portal.carecloud import customer_cache


@pytest.fixture
def clock(clock, settings):
    """The shared fake clock, with a cache time of 120 s."""
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 120
    with translation.override("en"):
        yield clock


def _read(value):
    return customer_cache.cached(token="t1", name="customer", fetch=lambda: value)


def test_a_cached_read_gives_back_what_was_fetched_until_the_cache_time_ends(clock):
    assert _read({"name": "Tereza"}) == {"name": "Tereza"}
    clock.now += 119
    assert _read("fetched again") == {"name": "Tereza"}
    clock.now += 2
    assert _read("fetched again") == "fetched again"


def _expiring_incr(key):
    """cache.incr of a key that expired just before it."""
    cache.delete(key)
    raise ValueError(key)


@pytest.mark.parametrize("expired_between_add_and_incr", [False, True])
def test_a_sessions_version_lives_twice_the_cache_time(clock, monkeypatch, expired_between_add_and_incr):
    customer_cache.written_with("t1")
    if expired_between_add_and_incr:
        monkeypatch.setattr(customer_cache.cache, "incr", _expiring_incr)
        customer_cache.written_with("t1")
    key = customer_cache._prefix("t1") + ":version"
    clock.now += 239
    assert cache.get(key) == 1
    clock.now += 2
    assert cache.get(key) is None


def test_a_write_after_the_last_writes_version_expired_still_shows_on_the_next_page(clock):
    customer_cache.written_with("t1")  # a write: version 1, kept 240 s
    clock.now += 200
    assert _read("before the change") == "before the change"  # cached until 320 s
    clock.now += 50  # 250 s: without the version outliving that entry, it would be gone by now...
    customer_cache.written_with("t1")  # ...and this write would start again at version 1
    clock.now += 5
    assert _read("after the change") == "after the change"
