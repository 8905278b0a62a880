"""The per-session cache, unit by unit: a session's reads are cached per language under a key that is
never the token, until its next write; a refresh replaces what is cached, a failed fetch keeps
nothing; on a fake clock (the cache reads the same clock), a cached read gives back what was
fetched, a session's version lives twice the cache time, and a write always shows on the next page,
even one made after the version from an earlier write had expired; a peek gives what a read cached,
and nothing once the cache is turned off."""

import pytest
from django.core.cache import cache
from django.utils import translation

from portal.carecloud import customer_cache


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


def test_a_refresh_fetches_whatever_is_cached_and_keeps_what_it_fetched(settings):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 60
    assert customer_cache.cached(token="t1", name="points", fetch=lambda: [1]) == [1]
    assert customer_cache.cached(token="t1", name="points", fetch=lambda: [2], refresh=True) == [2]
    assert customer_cache.cached(token="t1", name="points", fetch=lambda: [3]) == [2]  # the refreshed value


def test_a_fetch_that_fails_keeps_nothing_and_leaves_what_was_cached(settings):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 60

    def failing():
        raise ValueError("CareCloud failed")

    with pytest.raises(ValueError):
        customer_cache.cached(token="t1", name="points", fetch=failing)
    assert customer_cache.cached(token="t1", name="points", fetch=lambda: [1]) == [1]  # fetched: nothing was kept
    with pytest.raises(ValueError):
        customer_cache.cached(token="t1", name="points", fetch=failing, refresh=True)
    assert customer_cache.cached(token="t1", name="points", fetch=lambda: [2]) == [1]


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


def test_a_version_that_expired_between_add_and_incr_starts_again(settings, monkeypatch, expiring_incr):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 60
    customer_cache.written_with("t1")
    monkeypatch.setattr(customer_cache.cache, "incr", expiring_incr)
    customer_cache.written_with("t1")
    assert cache.get(customer_cache._prefix("t1") + ":version") == 1


# --- on the fake clock: how long entries and versions live -------------------------------------------------


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


@pytest.mark.parametrize("expired_between_add_and_incr", [False, True])
def test_a_sessions_version_lives_twice_the_cache_time(clock, monkeypatch, expiring_incr,
                                                        expired_between_add_and_incr):
    customer_cache.written_with("t1")
    if expired_between_add_and_incr:
        monkeypatch.setattr(customer_cache.cache, "incr", expiring_incr)
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


def test_a_read_under_a_version_keeps_it_twice_the_cache_time_from_then(clock):
    customer_cache.written_with("t1")  # version 1, kept 240 s
    key = customer_cache._prefix("t1") + ":version"
    clock.now += 200
    _read("cached at 200 s")  # kept until 320 s: the version now lives until 440 s
    clock.now += 239
    assert cache.get(key) == 1
    clock.now += 2
    assert cache.get(key) is None


def test_a_peek_gives_what_a_read_cached_in_the_same_language_and_never_fetches(clock):
    assert customer_cache.peek(token="t1", name="customer") is None
    _read({"name": "Tereza"})
    assert customer_cache.peek(token="t1", name="customer") == {"name": "Tereza"}
    assert customer_cache.peek(token="t1", name="cards") is None
    with translation.override("cs"):
        assert customer_cache.peek(token="t1", name="customer") is None
    customer_cache.written_with("t1")
    assert customer_cache.peek(token="t1", name="customer") is None  # stale after a write


@pytest.mark.parametrize(("seconds", "token"), [(0, "t1"), (-1, "t1"), (120, "")])
def test_a_peek_finds_nothing_without_a_lifetime_or_a_token(clock, settings, seconds, token):
    _read({"name": "Tereza"})  # cached while the cache was on
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = seconds  # turned off: what it kept counts no more
    assert customer_cache.peek(token=token, name="customer") is None
