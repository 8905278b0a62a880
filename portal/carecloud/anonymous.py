"""The portal's anonymous customer-interface token, for what every visitor may read (campaigns,
their offers and products, customer sources) without being logged in.

- **One token per cache**, shared by every worker when the cache is shared (Redis, Memcached),
  created on demand with postToken and the portal's fixed device id
  (``CARECLOUD_ANONYMOUS_DEVICE_ID``). CareCloud replaces a device's previous token when the same
  device asks for a new one, so a fixed id keeps exactly one anonymous token alive instead of one
  per page view. A per-process cache (the development default) gets the process id appended: two
  processes with the same id would keep replacing each other's token.
- **Never logged in** and **never in a visitor's session**: nothing here calls a login, and the
  token lives only in the server's cache. Personal reads always use the customer's own token.
- **Renewed once on 401** (expired, replaced or logged out upstream), then the read is repeated.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from . import resources
from .exceptions import AuthenticationError, CareCloudError, NotFoundError, PermissionDeniedError, ValidationError

log = logging.getLogger(__name__)

CACHE_KEY = "carecloud:anonymous-token:v1"
LOCK_KEY = f"{CACHE_KEY}:lock"
# A token is re-created at least this often (CareCloud expires idle tokens on its own schedule; a
# 401 renews it sooner).
TOKEN_TTL = 24 * 3600
# How long a worker waits for another one that is creating the token, before creating its own.
LOCK_SECONDS = 5
_WAIT_STEP = 0.05

T = TypeVar("T")
_lock = threading.Lock()


def device_id() -> str:
    """The device id the anonymous token is created for (see the module's docstring)."""
    base = settings.CARECLOUD_ANONYMOUS_DEVICE_ID
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith(("LocMemCache", "DummyCache")):
        return f"{base}-{os.getpid()}"
    return base


def token() -> str:
    """The anonymous token, created when the cache has none."""
    value = cache.get(CACHE_KEY)
    if value:
        return value
    with _lock:  # one creation per process at a time...
        value = cache.get(CACHE_KEY)
        if value:
            return value
        if not cache.add(LOCK_KEY, os.getpid(), LOCK_SECONDS):  # ...and one per shared cache
            deadline = time.monotonic() + LOCK_SECONDS
            while time.monotonic() < deadline:
                time.sleep(_WAIT_STEP)
                value = cache.get(CACHE_KEY)
                if value:
                    return value
        try:
            value = _create()
            cache.set(CACHE_KEY, value, TOKEN_TTL)
        finally:
            cache.delete(LOCK_KEY)
        return value


def forget(stale: str) -> None:
    """Drop ``stale`` from the cache, unless another worker has already put a newer token there."""
    if cache.get(CACHE_KEY) == stale:
        cache.delete(CACHE_KEY)


def read(fetch: Callable[[str], T]) -> T:
    """``fetch(token)`` with the anonymous token; on 401 the token is renewed and the read repeated
    once (reads only: a write is never repeated)."""
    current = token()
    try:
        return fetch(current)
    except AuthenticationError:
        log.info("the anonymous CareCloud token was refused; creating a new one")
        forget(current)
        return fetch(token())


def _create() -> str:
    try:
        return resources.token_create(device_id=device_id(), language=settings.LANGUAGE_CODE)
    except (ValidationError, AuthenticationError, PermissionDeniedError, NotFoundError) as error:
        # Nothing a visitor sent goes into postToken: a 4xx here is the portal's configuration, and
        # must not read as "this campaign does not exist".
        log.error("CareCloud refused the anonymous token (check CARECLOUD_EXTERNAL_APP_ID): %s", error)
        raise CareCloudError(error.status, title=error.title, detail=error.detail) from error
