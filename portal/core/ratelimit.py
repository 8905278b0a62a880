"""Every rate limit of the portal, in one table, checked and counted by one function over a moving
window: the login (portal/accounts/throttle.py keeps its policy) and every form that touches an
account or makes CareCloud send or do something (the accounts and the loyalty apps).

**The table** (``DEFAULT_RATE_LIMITS``) gives each action its rules in django-allauth's compact
grammar (``ACCOUNT_RATE_LIMITS``): comma-separated ``amount/period/key``, e.g. ``"10/15m/ip,3/15m/contact"``.
A period is a number (optional) and ``s``, ``m``, ``h`` or ``d``: ``30s``, ``5m``, ``h``. A key is
what the rule counts by:

- ``ip``: the client's address (``RATELIMIT_IP_META_KEY`` behind a proxy; IPv6 by /64), so one
  client cannot work through many accounts or contacts;
- ``customer``: the logged-in customer's id, always taken from the session (``request.customer``),
  never from a form or a URL, so one stolen session cannot hammer an account from many addresses;
- a value the caller names (``KEYS``): the ``contact`` a form names (registration, forgotten
  password), so one address cannot be flooded with messages; the login's ``account``;
- several of them joined by ``-`` count the pair: ``account-ip`` is one account from one address.

One setting, ``PORTAL_RATE_LIMITS``, replaces any action's rules (the system check in checks.py
reports a malformed rule, an unknown action or a key its callers do not give).

**A moving window**: a rule of N per period lets no more than N through in ANY span of that length
(the ``limits`` library's moving window: each counted attempt's time is kept, up to N of them). A
fixed window that resets lets a burst straddling the reset through twice. The counts live in Redis
when the cache is Redis (every worker and instance shares them), else in this process's memory
(the development cache; the checks warn about it in production). The values counted by (e-mail,
phone, card number, customer id, address) are stored as keyed hashes only.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

# action -> its rules (docs/security.md): the defaults PORTAL_RATE_LIMITS overrides.
DEFAULT_RATE_LIMITS: dict[str, str] = {
    # Failed logins only (throttle.py): per address on any account (password spraying) and per
    # account from one address refuse that client; per account from everywhere slows every answer.
    "login": "20/5m/ip,10/5m/account-ip,20/5m/account",
    # Every request for a sign-in code, whether or not an account has the contact (the answer must not
    # tell); each wrong code counts in the request itself (5 end it: accounts/services.py).
    "login-code": "10/15m/ip,3/15m/contact",
    # Every forgotten-password request, whether or not an account has the contact (the answer must not tell).
    "password-setup": "10/15m/ip,3/15m/contact",
    # Wrong current passwords on the change-password form (a stolen session cannot guess the password).
    "password-change": "5/15m/customer,20/15m/ip",
    # Registrations sent to CareCloud (a duplicate e-mail error tells whether an account exists, so
    # the form must not become an address checker; each one may make CareCloud send a welcome).
    "registration": "20/h/ip,5/h/contact",
    # Saving the profile, interests or "about you" answers: each save is one or more writes.
    "account-write": "30/15m/customer,60/15m/ip",
    # Confirmed redemptions of rewards for points (each one a CareCloud write).
    "reward-redeem": "10/15m/customer,30/15m/ip",
    # "Download my data" (file and printable page together): each export reads the whole account.
    "export": "10/h/customer,30/h/ip",
    # Returns from a social network's sign-in (each one asks CareCloud: social-network-login).
    "social-login": "20/15m/ip",
    # Hand-over out: authentication tokens asked for another application ("Open {name}").
    "handover-out": "20/15m/customer,60/15m/ip",
    # Hand-over in: sign-in links of another application tried (/account/continue/), used or not.
    "handover-in": "10/15m/ip",
    # "Add a card I have": every number tried, so card numbers cannot be probed.
    "card-add": "5/h/customer,20/h/ip",
    # "Get your digital card" (a card from the project's pool).
    "digital-card": "5/h/customer,20/h/ip",
}

# What each action's callers give to count by, besides the client's address (``ip``).
KEYS: dict[str, tuple[str, ...]] = {
    "login": ("account",),
    "login-code": ("contact",),
    "password-setup": ("contact",),
    "password-change": ("customer",),
    "registration": ("contact",),
    "account-write": ("customer",),
    "reward-redeem": ("customer",),
    "export": ("customer",),
    "social-login": (),
    "handover-out": ("customer",),
    "handover-in": (),
    "card-add": ("customer",),
    "digital-card": ("customer",),
}

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RULE = re.compile(r"(?P<amount>\d+)/(?P<number>\d*)(?P<unit>[smhd])/(?P<key>[a-z]+(?:-[a-z]+)*)")
EXAMPLE = "e.g. 10/15m/ip,3/15m/contact"
# The caches whose backend a moving window can share (the counts go where the cache is), and those
# that are per process anyway (their counts stay in this process's memory).
SHARED_BACKENDS = ("RedisCache",)
PER_PROCESS_BACKENDS = ("LocMemCache", "DummyCache")


class Rule(NamedTuple):
    amount: int
    seconds: int
    key: str
    text: str

    @property
    def item(self) -> RateLimitItemPerSecond:
        return RateLimitItemPerSecond(self.amount, self.seconds)


def parse(rules: str) -> tuple[Rule, ...]:
    """The rules of a comma-separated ``amount/period/key`` list; ValueError saying what is wrong."""
    parsed = []
    for text in str(rules).split(","):
        text = text.strip()
        match = RULE.fullmatch(text)
        if not match:
            raise ValueError(f"{text!r} is not amount/period/key ({EXAMPLE}; periods s, m, h, d with an "
                             "optional number)")
        amount, number = int(match["amount"]), int(match["number"] or 1)
        if amount < 1 or number < 1:
            raise ValueError(f"{text!r}: the amount and the period must be more than 0")
        parsed.append(Rule(amount, number * PERIODS[match["unit"]], match["key"], text))
    return tuple(parsed)


def unknown_keys(action: str, parsed: tuple[Rule, ...]) -> list[str]:
    """The keys of ``parsed`` that the action's callers cannot count by (or that name a part twice)."""
    known = {"ip", *KEYS.get(action, ())}
    unknown = []
    for rule in parsed:
        parts = rule.key.split("-")
        if not set(parts) <= known or len(set(parts)) < len(parts):
            unknown.append(rule.key)
    return unknown


def overrides() -> dict[str, str]:
    """PORTAL_RATE_LIMITS as action -> rules: a dict, or the environment's ``action=rules; action=rules``."""
    value = getattr(settings, "PORTAL_RATE_LIMITS", None) or {}
    if isinstance(value, dict):
        return {str(action).strip(): str(rules) for action, rules in value.items()}
    entries = (entry.partition("=") for entry in str(value).split(";") if entry.strip())
    return {action.strip(): rules for action, _, rules in entries}


def problems() -> list[str]:
    """What is wrong with PORTAL_RATE_LIMITS, one sentence each (for the system check)."""
    found = []
    for action, text in overrides().items():
        if action not in DEFAULT_RATE_LIMITS:
            found.append(f"{action!r} is not a rate-limited action (known: {', '.join(DEFAULT_RATE_LIMITS)})")
            continue
        try:
            unknown = unknown_keys(action, parse(text))
        except ValueError as error:
            found.append(f"{action}: {error}")
            continue
        if unknown:
            found.append(f"{action}: cannot count by {', '.join(unknown)} (its keys: "
                         f"{', '.join(['ip', *KEYS[action]])}, or several joined by '-')")
    return found


def rules(action: str) -> tuple[Rule, ...]:
    """The action's rules: PORTAL_RATE_LIMITS's when it gives good ones, else the table's."""
    text = overrides().get(action)
    if text is not None:
        try:
            return _checked(action, text)
        except ValueError as error:
            log.error("PORTAL_RATE_LIMITS[%s] ignored, the defaults apply: %s", action, error)
    return _checked(action, DEFAULT_RATE_LIMITS[action])


@lru_cache(maxsize=64)
def _checked(action: str, text: str) -> tuple[Rule, ...]:
    parsed = parse(text)
    if unknown := unknown_keys(action, parsed):
        raise ValueError(f"cannot count by {', '.join(unknown)}")
    return parsed


# --- where the counts live ------------------------------------------------------------------------


def storage() -> Storage:
    """The counts' storage, derived from the default cache (the one place that chooses): Redis for a
    Redis cache (under its key prefix), else this process's memory."""
    cache = settings.CACHES.get("default", {})
    location = cache.get("LOCATION") or ""
    if isinstance(location, (list, tuple)):
        location = location[0] if location else ""  # Django writes to the first server: so do we
    return _storage(cache.get("BACKEND", ""), location, cache.get("KEY_PREFIX", ""))


@lru_cache(maxsize=8)
def _storage(backend: str, location: str, prefix: str) -> Storage:
    if backend.endswith(SHARED_BACKENDS):
        return RedisStorage(location, key_prefix=f"{prefix}:ratelimit" if prefix else "ratelimit",
                            wrap_exceptions=True)
    if not backend.endswith(PER_PROCESS_BACKENDS):
        log.error("the cache %s cannot hold the rate limits' moving windows: counted per process", backend)
    return MemoryStorage()


def limiter() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(storage())


def reset() -> None:
    """Forget every count (the tests start each with none, as they do with the cache)."""
    storage().reset()


# --- who is counted -------------------------------------------------------------------------------


def client_address(request: HttpRequest) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The client's address: the header ``RATELIMIT_IP_META_KEY`` names behind a proxy (of a list
    such as X-Forwarded-For, the last address: the one the proxy itself added; those before it are
    the client's word), else REMOTE_ADDR; an IPv4-mapped IPv6 address as IPv4. None when missing or
    malformed. The one reading of it: the rate limits count by it, the staff audit trail records it."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = str(request.META.get(meta_key) or "").split(",")[-1].strip().split("%")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> str:
    """The client's address as counted: an IPv6 address by its /64 (one subscriber's network), IPv4
    as it is. A missing or malformed address is counted as ``unknown``: all such clients share one
    allowance."""
    address = client_address(request)
    if address is None:
        log.warning("no client address in %s: counted as unknown",
                    getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR")
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network((address, 64), strict=False).network_address)
    return str(address)


def _identifier(request: HttpRequest, key: str, values: dict[str, str]) -> str:
    """The keyed hash of what ``key`` counts by: no e-mail, phone or address is stored in clear."""
    parts = []
    for part in key.split("-"):
        if part == "ip":
            parts.append(client_ip(request))
        elif part == "customer":
            parts.append(str(request.customer.customer_id))
        else:
            parts.append(str(values[part]))
    value = "|".join(part.strip().lower() for part in parts)
    return salted_hmac("portal.core.ratelimit", value).hexdigest()


# --- the one function -----------------------------------------------------------------------------


def limit(request: HttpRequest, action: str, values: dict[str, str], *, count: bool,
          keys: tuple[str, ...] | None = None) -> str | None:
    """Check the action's rules (those of ``keys`` only, when given) against this client, this
    customer and what ``values`` name, and with ``count`` count one attempt against each: the key
    of the first rule whose allowance is used up (nothing more is counted against it), or None.

    A count is atomic in the storage (a Lua script in Redis): two workers racing for the last
    place cannot both get it. A storage that fails refuses (and logs): an unlimited form is worse
    than a form that says to try again."""
    window = limiter()
    refused = None
    for rule in rules(action):
        if keys is not None and rule.key not in keys:
            continue
        identifier = _identifier(request, rule.key, values)
        try:
            allowed = (window.hit if count else window.test)(rule.item, action, rule.key, identifier)
        except StorageError as error:
            log.error("rate limit storage failed (%s), %s refused: %s", action, rule.key, error.storage_error)
            allowed = False
        if not allowed and refused is None:
            refused = rule.key
            if not count:
                break
    return refused


def is_blocked(request: HttpRequest, action: str, *, keys: tuple[str, ...] | None = None,
               **values: str) -> str | None:
    """The key (``"ip"``, ``"customer"``, ``"contact"``...) whose allowance of the action this
    client, this customer or what ``values`` name has used up; None while every one has some left."""
    blocked = limit(request, action, values, count=False, keys=keys)
    if blocked:
        log.warning("rate limit reached (%s by %s)", action, blocked)
    return blocked


def count(request: HttpRequest, action: str, *, keys: tuple[str, ...] | None = None, **values: str) -> None:
    """Count one attempt of the action against the client, the customer and what ``values`` name."""
    limit(request, action, values, count=True, keys=keys)


def refused(request: HttpRequest, action: str, **values: str) -> str | None:
    """Check and count in one go: the key that refuses the action (nothing is counted then), or
    None when it may go on (it is counted)."""
    blocked = is_blocked(request, action, **values)
    if blocked is None:
        # another worker may have taken the last place since: then this one is refused after all
        blocked = limit(request, action, values, count=True)
        if blocked:
            log.warning("rate limit reached (%s by %s)", action, blocked)
    return blocked
