"""Short-lived caching, per customer session, of what changes rarely (the customer's record, valid
cards and current status; the points each purchase brought), so that a warm overview makes fewer
CareCloud calls and a warm purchases page waits for one.

- Entries live in the shared cache for ``CARECLOUD_CUSTOMER_CACHE_SECONDS`` (default 120 s), keyed
  by a hash of the session's CareCloud token (never the token itself), the language and a version.
- ANY successful write the client makes with that token bumps the version (:func:`written_with`,
  called by the client itself), so after a change the customer sees the new data on the next page
  and no service has to remember to invalidate.
- A change made elsewhere (the till, another device, CareCloud's back office) shows within the
  expiry at the latest. The balance, vouchers and rewards change with every purchase: never cached
  here (the points one purchase brought hardly change once given: portal/purchases/selectors.py).
- Only pages that also make live calls use it (the overview, the purchases), so every page view
  still proves the token valid: an expired or revoked session is noticed on the next page, as
  without the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

T = TypeVar("T")


def _prefix(token: str) -> str:
    return "carecloud:session:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def cached(*, token: str, name: str, fetch: Callable[[], T], refresh: bool = False) -> T:
    """``fetch()`` for this session, cached briefly (per language) until its next write. With
    ``refresh`` it is fetched whatever is cached, and what it gives replaces that (a page that must
    show the latest keeps the pages that may show a cached copy in step with it). Nothing is kept of
    a fetch that raises; one that gives None is fetched again on the next read."""
    seconds = settings.CARECLOUD_CUSTOMER_CACHE_SECONDS
    if seconds <= 0 or not token:
        return fetch()
    prefix = _prefix(token)
    version = cache.get(f"{prefix}:version") or 0
    key = f"{prefix}:v{version}:{name}:{translation.get_language()}"
    value = None if refresh else cache.get(key)
    if value is None:
        value = fetch()
        cache.set(key, value, seconds)
        if version:  # the version must outlive what was cached under it: a later write that finds it
            cache.touch(f"{prefix}:version", seconds * 2)  # expired would start again at 1, and show this
    return value


def peek(*, token: str, name: str):
    """What :func:`cached` keeps for this session under ``name`` (per language), or None: never
    fetches (for what a page shows only when another page already read it)."""
    if settings.CARECLOUD_CUSTOMER_CACHE_SECONDS <= 0 or not token:
        return None
    prefix = _prefix(token)
    version = cache.get(f"{prefix}:version") or 0
    return cache.get(f"{prefix}:v{version}:{name}:{translation.get_language()}")


def written_with(token: str | None) -> None:
    """A write was made with ``token``: what was cached for its session is stale."""
    if not token:
        return
    key = f"{_prefix(token)}:version"
    if not cache.add(key, 1, settings.CARECLOUD_CUSTOMER_CACHE_SECONDS * 2 or None):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.CARECLOUD_CUSTOMER_CACHE_SECONDS * 2 or None)
