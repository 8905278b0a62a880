"""Slowing down guessing and abuse on the account forms (django-ratelimit's counters in the cache).

Each limited action is counted by a few keys, each with its own rate (a setting):

- the login has rules of its own, which never lock a member out: see throttle.py.
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
