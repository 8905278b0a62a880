"""Rate limits of every form that touches an account or makes CareCloud send or do something
(django-ratelimit's counters in the cache), in one table both the accounts and the loyalty apps use.

Each limited action is counted by a few keys, each with its own rate (a setting, README
"Security"); the action is refused when any of its keys has used up its allowance:

- ``ip``: the client's address as django-ratelimit sees it (``RATELIMIT_IP_META_KEY`` behind a
  proxy; IPv6 by /64), so one client cannot work through many accounts or contacts;
- ``customer``: the logged-in customer's id, always taken from the session (``request.customer``),
  never from a form or a URL, so one stolen session cannot hammer an account from many addresses;
- ``contact``: the e-mail or phone a form names (registration, forgotten password), so one address
  cannot be flooded with messages from many clients.

The login has rules of its own, which never lock a member out: see portal/accounts/throttle.py.

The counters live in the ``default`` cache (``RATELIMIT_USE_CACHE``), which must be shared by all
workers in production (Redis, database). django-ratelimit hashes the values into cache keys, so no
e-mail or phone number is stored in the cache.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

log = logging.getLogger(__name__)


# action -> ((key, setting with its rate, default rate), ...)
RULES: dict[str, tuple[tuple[str, str, str], ...]] = {
    # Every forgotten-password request, whether or not an account has the contact (the answer must not tell).
    "password-setup": (("ip", "PORTAL_PASSWORD_SETUP_RATE_PER_IP", "10/15m"),
                       ("contact", "PORTAL_PASSWORD_SETUP_RATE_PER_CONTACT", "3/15m")),
    # Wrong current passwords on the change-password form (a stolen session cannot guess the password).
    "password-change": (("customer", "PORTAL_PASSWORD_CHANGE_RATE_PER_CUSTOMER", "5/15m"),
                        ("ip", "PORTAL_PASSWORD_CHANGE_RATE_PER_IP", "20/15m")),
    # Registrations sent to CareCloud (a duplicate e-mail error tells whether an account exists, so
    # the form must not become an address checker; each one may make CareCloud send a welcome).
    "registration": (("ip", "PORTAL_REGISTRATION_RATE_PER_IP", "20/h"),
                     ("contact", "PORTAL_REGISTRATION_RATE_PER_CONTACT", "5/h")),
    # Saving the profile, interests or "about you" answers: each save is one or more writes.
    "account-write": (("customer", "PORTAL_ACCOUNT_WRITE_RATE_PER_CUSTOMER", "30/15m"),
                      ("ip", "PORTAL_ACCOUNT_WRITE_RATE_PER_IP", "60/15m")),
    # Confirmed redemptions of rewards for points (each one a CareCloud write).
    "reward-redeem": (("customer", "PORTAL_REDEEM_RATE_PER_CUSTOMER", "10/15m"),
                      ("ip", "PORTAL_REDEEM_RATE_PER_IP", "30/15m")),
    # "Download my data" (file and printable page together): each export reads the whole account.
    "export": (("customer", "PORTAL_EXPORT_RATE", "10/h"),
               ("ip", "PORTAL_EXPORT_RATE_PER_IP", "30/h")),
}


def _limits(request: HttpRequest, action: str, values: dict[str, str]):
    for name, setting, default in RULES[action]:
        group = f"portal.{action}.{name}"
        if name == "ip":
            key = "ip"
        else:
            value = request.customer.customer_id if name == "customer" else values[name]
            value = str(value).strip().lower()
            key = lambda group, request, value=value: value  # noqa: E731 (django-ratelimit's callable key)
        yield group, key, getattr(settings, setting, default)


def is_blocked(request: HttpRequest, action: str, **values: str) -> str | None:
    """The key (``"ip"``, ``"customer"``, ``"contact"``) whose allowance of the action this client,
    this customer or what ``values`` name has used up; None while every one has some left."""
    for group, key, rate in _limits(request, action, values):
        # method=ALL: every request that reaches the check counts, GET (the printable export) too
        usage = get_usage(request, group=group, key=key, rate=rate, method=ALL, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            name = group.rsplit(".", 1)[-1]
            log.warning("rate limit reached (%s by %s)", action, name)
            return name
    return None


def count(request: HttpRequest, action: str, **values: str) -> None:
    """Count one attempt of the action against the client, the customer and what ``values`` name."""
    for group, key, rate in _limits(request, action, values):
        get_usage(request, group=group, key=key, rate=rate, method=ALL, increment=True)


def refused(request: HttpRequest, action: str, **values: str) -> str | None:
    """Check and count in one go: the key that refuses the action (nothing is counted then), or
    None when it may go on (it is counted)."""
    blocked = is_blocked(request, action, **values)
    if blocked is None:
        count(request, action, **values)
    return blocked
