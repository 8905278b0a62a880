"""The login throttle's counters, called directly (quick and precise, for make mutation): an
account found by an earlier failure is the account from the start, the per-account counter counts
failures from every address together, and a client over its per-address limit is refused."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from portal.accounts import throttle


def login_request(address: str = "198.51.100.7"):
    return RequestFactory().post("/en/account/login/", REMOTE_ADDR=address)


def attempt(request=None, login_value: str = " Member@Example.com ") -> throttle.LoginAttempt:
    return throttle.LoginAttempt(request or login_request(), login_type="email", login_value=login_value, started=0.0)


def test_the_account_an_earlier_failure_found_is_the_attempts_account_from_the_start():
    assert attempt().accounts == ["email:member@example.com"]
    cache.set(throttle._alias_key("email:member@example.com"), "customer:42", 60)
    assert attempt().accounts == ["customer:42"]


def test_the_per_account_counter_adds_up_failures_from_every_address(settings):
    settings.PORTAL_LOGIN_RATE_PER_ACCOUNT = "2/5m"
    for address in ("198.51.100.7", "203.0.113.9"):
        attempt(login_request(address))._usage("account", "customer:42", increment=True)
    third = attempt(login_request("192.0.2.1"))
    assert third._usage("account", "customer:42")["count"] == 2
    assert third._over("account", "customer:42") is True
    assert third._over("account-ip", "customer:42") is False


@pytest.mark.parametrize(("failures", "refused"), [(0, False), (1, False), (2, True)])
def test_a_client_over_its_per_address_limit_is_refused_before_carecloud_is_asked(settings, failures, refused):
    settings.PORTAL_LOGIN_RATE_PER_IP = "2/5m"
    for _ in range(failures):
        attempt()._usage("ip", increment=True)
    assert attempt(login_value="someone-else@example.com").refused() is refused
