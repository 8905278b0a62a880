"""Slowing down guessing and abuse on the account forms (django-ratelimit's counters in the cache).

Each limited action is counted by a few keys, each with its own rate (a setting):

- ``login``: failed logins only, per client IP and per login value: a shop's Wi-Fi where many
  customers log in from one address is not locked out by their successful logins, and one account
  cannot be tried more than a few times in a window from anywhere.
- ``password-setup``: every forgotten-password request, per client IP and per contact (e-mail or
  phone), whether or not an account has that contact (the answer must not tell).
- ``password-change``: wrong current passwords on the change-password form, per customer (a
  stolen session cannot be used to guess the password).
- ``registration``: registrations sent to CareCloud, per client IP (a duplicate e-mail error
  tells whether an account exists, so the form must not become an address checker).

The counters live in the ``default`` cache (``RATELIMIT_USE_CACHE``), which must be shared by all
workers in production (Redis, database). django-ratelimit hashes the values into cache keys, so
no e-mail or phone number is stored in the cache.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

log = logging.getLogger(__name__)

# action -> (key, setting with its rate, default rate); the key "ip" is the client's address.
RULES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "login": (("ip", "PORTAL_LOGIN_RATE_PER_IP", "20/5m"),
              ("login", "PORTAL_LOGIN_RATE_PER_LOGIN", "10/5m")),
    "password-setup": (("ip", "PORTAL_PASSWORD_SETUP_RATE_PER_IP", "10/15m"),
                       ("contact", "PORTAL_PASSWORD_SETUP_RATE_PER_CONTACT", "3/15m")),
    "password-change": (("customer", "PORTAL_PASSWORD_CHANGE_RATE_PER_CUSTOMER", "5/15m"),),
    "registration": (("ip", "PORTAL_REGISTRATION_RATE_PER_IP", "20/h"),),
}


def _limits(action: str, values: dict[str, str]):
    for name, setting, default in RULES[action]:
        group = f"portal.accounts.{action}.{name}"
        if name == "ip":
            key = "ip"
        else:
            value = str(values[name]).strip().lower()
            key = lambda group, request, value=value: value  # noqa: E731 (django-ratelimit's callable key)
        yield group, key, getattr(settings, setting, default)


def is_blocked(request: HttpRequest, action: str, **values: str) -> bool:
    """True when this client, or what ``values`` name, has used up the action's allowance."""
    for group, key, rate in _limits(action, values):
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            log.warning("rate limit reached (%s by %s)", action, group.rsplit(".", 1)[-1])
            return True
    return False


def count(request: HttpRequest, action: str, **values: str) -> None:
    """Count one attempt of the action against the client and what ``values`` name."""
    for group, key, rate in _limits(action, values):
        get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)


def login_blocked(request: HttpRequest, *, login_type: str, login_value: str) -> bool:
    """True when this client or this login has used up its failed attempts for the window."""
    return is_blocked(request, "login", login=f"{login_type}:{login_value.strip()}")


def login_failed(request: HttpRequest, *, login_type: str, login_value: str) -> None:
    """Count one failed attempt against the client and the login."""
    count(request, "login", login=f"{login_type}:{login_value.strip()}")
