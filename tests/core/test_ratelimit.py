"""The rate limits (portal/core/ratelimit.py): the grammar of the one table and of PORTAL_RATE_LIMITS,
the client's address, where the counts live (derived from the cache), and the one function that
checks and counts, against the real storages: this process's memory and Redis.

The window moves: a burst that straddles the moment a fixed window would reset still gets no more
than the limit through. (Each form's limit through its page: tests/core/test_security.py; the
login's policy: tests/accounts/test_throttle.py.)"""

from __future__ import annotations

import logging
import time
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from limits.storage import MemoryStorage, RedisStorage

from portal.core import ratelimit
from portal.core.ratelimit import Rule, parse
from tests.support import services

REDIS = "django.core.cache.backends.redis.RedisCache"


def form_request(address: str = "198.51.100.7", customer_id: str = "C-1", **meta):
    request = RequestFactory().post("/", REMOTE_ADDR=address, **meta)
    request.customer = SimpleNamespace(customer_id=customer_id)
    return request


@pytest.fixture(params=["memory", "redis"])
def storage(request, settings):
    """The counts in this process's memory (the development cache), or in the machine's Redis (a
    Redis cache, as in production) under a key prefix of this test's own."""
    if request.param == "redis":
        url, prefix = services.redis_cache()
        settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": url, "KEY_PREFIX": prefix}}
    ratelimit.reset()
    yield ratelimit.storage()
    ratelimit.reset()


def stored_keys(storage) -> list[str]:
    if isinstance(storage, RedisStorage):
        return [key.decode() for key in storage.get_connection().keys(storage.prefixed_key("*"))]
    return list(storage.events)


# --- the grammar --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("20/5m/ip", [Rule(20, 300, "ip", "20/5m/ip")]),
    ("10/15m/ip, 3/15m/contact", [Rule(10, 900, "ip", "10/15m/ip"), Rule(3, 900, "contact", "3/15m/contact")]),
    ("20/h/ip,5/h/contact", [Rule(20, 3600, "ip", "20/h/ip"), Rule(5, 3600, "contact", "5/h/contact")]),
    ("1/30s/account-ip", [Rule(1, 30, "account-ip", "1/30s/account-ip")]),
    ("2/d/customer", [Rule(2, 86400, "customer", "2/d/customer")]),
    ("5/1m/ip", [Rule(5, 60, "ip", "5/1m/ip")]),
])
def test_good_rules_are_read_as_amount_seconds_and_key(text, expected):
    assert list(parse(text)) == expected


@pytest.mark.parametrize("text", [
    "", "20/5m", "20/5m/", "20/5x/ip", "20/m5/ip", "x/5m/ip", "-1/5m/ip", "20/-5m/ip", "20 / 5m / ip",
    "20/5m/ip,", "20/5m/IP", "20/5m/ip ip", "0/5m/ip", "5/0m/ip", "20/5m/ip;3/m/contact", "2.5/m/ip",
])
def test_bad_rules_say_what_is_wrong(text):
    with pytest.raises(ValueError, match="amount/period/key|more than 0"):
        parse(text)


def test_a_rule_that_is_no_rule_says_how_one_is_written():
    """The system check shows this to whoever set PORTAL_RATE_LIMITS."""
    with pytest.raises(ValueError) as bad:
        parse("10/15m/ip,3/15x/contact")
    assert str(bad.value) == ("'3/15x/contact' is not amount/period/key (e.g. 10/15m/ip,3/15m/contact; "
                              "periods s, m, h, d with an optional number)")


def test_every_default_rule_is_good_and_counts_by_what_its_callers_give():
    for action, text in ratelimit.DEFAULT_RATE_LIMITS.items():
        assert parse(text) and ratelimit.unknown_keys(action, parse(text)) == [], action
    assert set(ratelimit.KEYS) == set(ratelimit.DEFAULT_RATE_LIMITS)


def test_a_key_is_the_client_address_or_what_the_callers_give_alone_or_joined():
    assert ratelimit.unknown_keys("login", parse("1/m/ip,1/m/account,1/m/account-ip,1/m/ip-account")) == []
    assert ratelimit.unknown_keys("login", parse("1/m/contact,1/m/customer,1/m/ip-ip,1/m/account-ip-ip")) == [
        "contact", "customer", "ip-ip", "account-ip-ip"]
    assert ratelimit.unknown_keys("export", parse("1/m/customer,1/m/customer-ip")) == []


# --- PORTAL_RATE_LIMITS -------------------------------------------------------------------------------


def test_the_defaults_hold_without_the_setting(settings):
    settings.PORTAL_RATE_LIMITS = ""
    assert ratelimit.problems() == []
    assert [rule.text for rule in ratelimit.rules("login")] == ["20/5m/ip", "10/5m/account-ip", "20/5m/account"]
    assert [rule.text for rule in ratelimit.rules("export")] == ["10/h/customer", "30/h/ip"]


def test_the_setting_replaces_the_rules_of_the_actions_it_names_only(settings):
    settings.PORTAL_RATE_LIMITS = " export = 2/h/customer ; login=30/5m/ip,5/5m/account-ip "
    assert ratelimit.overrides() == {"export": " 2/h/customer ", "login": "30/5m/ip,5/5m/account-ip "}
    assert [rule.text for rule in ratelimit.rules("export")] == ["2/h/customer"]
    assert [rule.text for rule in ratelimit.rules("login")] == ["30/5m/ip", "5/5m/account-ip"]
    assert [rule.text for rule in ratelimit.rules("registration")] == ["20/h/ip", "5/h/contact"]
    settings.PORTAL_RATE_LIMITS = {"registration": "1/d/contact"}  # the same, as Python (tests)
    assert [rule.text for rule in ratelimit.rules("registration")] == ["1/d/contact"]


@pytest.mark.parametrize(("value", "problem"), [
    ("export=2/h/custmer", "export: cannot count by custmer (its keys: ip, customer"),
    ("logn=20/5m/ip", "'logn' is not a rate-limited action"),
    ("login 20/5m/ip", "'login 20/5m/ip' is not a rate-limited action"),
    ("login=20/5 m/ip", "login: '20/5 m/ip' is not amount/period/key"),
    ("login=", "login: '' is not amount/period/key"),
    ({"password-setup": "3/15m/customer"}, "password-setup: cannot count by customer (its keys: ip, contact"),
])
def test_a_bad_setting_is_reported_and_the_defaults_apply_meanwhile(settings, caplog, value, problem):
    settings.PORTAL_RATE_LIMITS = value
    [found] = ratelimit.problems()
    assert found.startswith(problem), found
    action = next(iter(ratelimit.overrides())).strip()
    if action in ratelimit.DEFAULT_RATE_LIMITS:
        with caplog.at_level(logging.ERROR, logger="portal.core.ratelimit"):
            assert ratelimit.rules(action) == parse(ratelimit.DEFAULT_RATE_LIMITS[action])
        assert "the defaults apply" in caplog.text


# --- the client's address -----------------------------------------------------------------------------


@pytest.mark.parametrize(("meta", "expected"), [
    ({"REMOTE_ADDR": "198.51.100.7"}, "198.51.100.7"),
    ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::"),  # one subscriber's /64
    ({"REMOTE_ADDR": "2001:db8:1:2:ffff::1"}, "2001:db8:1:2::"),
    ({"REMOTE_ADDR": "2001:db8:1:3::1"}, "2001:db8:1:3::"),
    ({"REMOTE_ADDR": "::ffff:198.51.100.7"}, "198.51.100.7"),  # IPv4 through an IPv6 socket
    ({"REMOTE_ADDR": "fe80::1%eth0"}, "fe80::"),
    ({"REMOTE_ADDR": ""}, "unknown"),
    ({"REMOTE_ADDR": "not-an-address"}, "unknown"),
])
def test_the_client_address_is_remote_addr_with_ipv6_by_its_network(meta, expected):
    request = RequestFactory().get("/")
    request.META.update(meta)
    assert ratelimit.client_ip(request) == expected


@pytest.mark.parametrize(("header", "expected"), [
    ("203.0.113.5", "203.0.113.5"),
    (" 203.0.113.5 ", "203.0.113.5"),
    ("6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the client's own word first, the proxy's last
    (None, "unknown"),
])
def test_behind_a_proxy_the_address_is_the_configured_headers(settings, header, expected):
    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")
    if header is not None:
        request.META["HTTP_X_REAL_IP"] = header
    assert ratelimit.client_ip(request) == expected


# --- where the counts live ---------------------------------------------------------------------------


def test_the_storage_follows_the_cache(settings, caplog):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    memory = ratelimit.storage()
    assert isinstance(memory, MemoryStorage) and ratelimit.storage() is memory  # one per process

    settings.CACHES = {"default": {"BACKEND": REDIS, "KEY_PREFIX": "club",
                                   "LOCATION": ["redis://127.0.0.1:6379/3", "redis://replica:6379/3"]}}
    redis = ratelimit.storage()
    assert isinstance(redis, RedisStorage) and redis.key_prefix == "club:ratelimit"
    assert redis.get_connection().connection_pool.connection_kwargs["db"] == 3  # the primary's
    assert redis.get_connection().connection_pool.connection_kwargs["host"] == "127.0.0.1"

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
                                   "LOCATION": "127.0.0.1:11211"}}
    with caplog.at_level(logging.ERROR, logger="portal.core.ratelimit"):
        assert isinstance(ratelimit.storage(), MemoryStorage)
    assert "counted per process" in caplog.text  # and the system check says so (portal.E021)


@pytest.mark.parametrize(("prefix", "key_prefix"), [("club", "club:ratelimit"), ("", "ratelimit"), (None, "ratelimit")])
def test_the_counts_in_redis_are_kept_under_the_caches_key_prefix(settings, prefix, key_prefix):
    """Two portals (or test runs) sharing one Redis keep their counts apart, as their caches do."""
    cache = {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/3"}
    settings.CACHES = {"default": {**cache, "KEY_PREFIX": prefix} if prefix is not None else cache}
    assert ratelimit.storage().key_prefix == key_prefix


def test_a_failing_storage_refuses_and_says_so_never_an_error_page(settings, caplog):
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens
    with caplog.at_level(logging.ERROR, logger="portal.core.ratelimit"):
        assert ratelimit.refused(form_request(), "export") == "customer"
    assert "rate limit storage failed (export)" in caplog.text


# --- the one function, on the real storages ------------------------------------------------------------


def test_refused_counts_until_the_limit_and_counts_nothing_it_refuses(storage, settings):
    settings.PORTAL_RATE_LIMITS = {"export": "2/h/customer,3/h/ip"}
    demo, second = form_request(customer_id="C-1"), form_request(customer_id="C-2")
    assert [ratelimit.refused(demo, "export") for _ in range(3)] == [None, None, "customer"]
    # The refused third was not counted against the address: the second customer still has one.
    assert ratelimit.refused(second, "export") is None
    assert ratelimit.refused(second, "export") == "ip"
    assert ratelimit.refused(form_request("203.0.113.9", customer_id="C-2"), "export") is None


def test_is_blocked_only_looks_and_count_only_counts(storage, settings):
    settings.PORTAL_RATE_LIMITS = {"password-change": "2/15m/customer,20/15m/ip"}
    request = form_request()
    for _ in range(5):
        assert ratelimit.is_blocked(request, "password-change") is None
    ratelimit.count(request, "password-change")
    assert ratelimit.is_blocked(request, "password-change") is None
    ratelimit.count(request, "password-change")
    assert ratelimit.is_blocked(request, "password-change") == "customer"
    assert ratelimit.is_blocked(request, "password-change", keys=("ip",)) is None


def test_a_value_is_counted_trimmed_and_lowercased_and_stored_only_as_a_keyed_hash(storage, settings):
    settings.PORTAL_RATE_LIMITS = {"registration": "2/h/contact,2/h/contact-ip"}
    assert ratelimit.refused(form_request(), "registration", contact=" Jana@Example.com ") is None
    assert ratelimit.refused(form_request(), "registration", contact="jana@example.com") is None
    assert ratelimit.refused(form_request("203.0.113.9"), "registration", contact="JANA@example.com") == "contact"
    assert ratelimit.refused(form_request("203.0.113.9"), "registration", contact="petr@example.com") is None
    keys = " ".join(stored_keys(storage))
    assert "registration/contact-ip/" in keys
    for value in ("jana", "petr", "example.com", "198.51.100.7", "203.0.113.9"):
        assert value not in keys.lower()


def test_the_customer_is_the_sessions(storage, settings):
    settings.PORTAL_RATE_LIMITS = {"reward-redeem": "1/15m/customer"}
    assert ratelimit.refused(form_request(customer_id="C-1"), "reward-redeem") is None
    assert ratelimit.refused(form_request("203.0.113.9", customer_id="c-1"), "reward-redeem") == "customer"
    assert ratelimit.refused(form_request(customer_id="C-2"), "reward-redeem") is None


def test_several_rules_on_one_key_each_hold(storage, settings):
    settings.PORTAL_RATE_LIMITS = {"account-write": "2/m/ip,3/h/ip"}
    request = form_request()
    assert [ratelimit.refused(request, "account-write") for _ in range(3)] == [None, None, "ip"]


@pytest.mark.slow
def test_a_burst_straddling_a_window_boundary_gets_no_more_than_the_limit_through(storage, settings):
    """N per 2 s: one attempt at t=0 opens the window (a fixed window would run to t=2), N at t=1.5,
    N more at t=2.5. A fixed window lets N-1 through before its reset and N after it: 2N-1 within
    one second. The moving window lets N through in any 2 s: the place of t=0's attempt only."""
    limit = 4
    settings.PORTAL_RATE_LIMITS = {"export": f"{limit}/2s/customer"}
    request = form_request()
    started = time.monotonic()

    def burst(at: float, attempts: int) -> int:
        time.sleep(max(0.0, started + at - time.monotonic()))
        return [ratelimit.refused(request, "export") for _ in range(attempts)].count(None)

    assert burst(0.0, 1) == 1
    before = burst(1.5, limit)
    after = burst(2.5, limit)
    assert before == limit - 1
    assert before + after <= limit, f"{before} + {after} passed within one second under {limit} per 2 s"
    assert after == 1  # t=0's attempt left the window, and its place only came free
