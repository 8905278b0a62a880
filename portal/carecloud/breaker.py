"""A circuit breaker for CareCloud, shared by every worker and instance through the cache.

When most calls fail (connection errors, timeouts, 5xx), calling again only ties up workers and
makes the customer wait for an error page. So the breaker counts calls and failures per time
window in the shared cache; when at least ``min_calls`` were made in the last window and the share
of failures reaches ``failure_rate``, it OPENS: every call fails at once (UnavailableError, with the
seconds left as ``retry_after``) for ``open_seconds``. Then ONE caller, across all workers, may try
(half-open, a ``cache.add`` lock): success closes the breaker, failure opens it again.

Why a rate and not pybreaker's consecutive-failure count: a CareCloud that fails 30 % of calls at
random produces runs of five failures every few hundred calls; a count would then shut the portal
for everyone although retries serve nearly every page. A high rate over a window with a minimum
of calls (defaults: 80 % of at least 20) opens only when CareCloud is really down: with 30 % random
failures, 16 of 20 failing has a probability near one in a million. (pybreaker has no rate mode,
and its state machine lives per process.)
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

from .exceptions import UnavailableError

log = logging.getLogger("portal.carecloud")


@dataclass(frozen=True)
class BreakerSettings:
    min_calls: int = 20
    failure_rate: float = 0.8
    window: int = 30  # seconds
    open_seconds: int = 15


class CircuitBreaker:
    def __init__(self, name: str, config: BreakerSettings):
        self.config = config
        self.prefix = "carecloud:breaker:" + hashlib.sha256(name.encode()).hexdigest()[:12]

    # --- the client's two calls ----------------------------------------------------------------

    def before_call(self) -> bool:
        """Raise UnavailableError while open; True when this call is the half-open probe."""
        if not self.config.min_calls or cache.get(self._key("tripped")) is None:
            return False  # closed
        open_until = cache.get(self._key("open"))
        if open_until is None and cache.add(self._key("probe"), 1, max(5, self.config.open_seconds)):
            return True
        wait = max(1.0, (open_until or time.time() + 1) - time.time())
        raise UnavailableError(title="CareCloud circuit open", detail="calls are paused", retry_after=wait)

    def after_call(self, *, failure: bool, probe: bool) -> None:
        if not self.config.min_calls:
            return
        if probe:
            self._trip() if failure else self._close()
            return
        bucket = int(time.time() // self.config.window)
        self._incr(f"calls:{bucket}")
        if failure:
            self._incr(f"fails:{bucket}")
            calls, fails = self._window(bucket)
            if calls >= self.config.min_calls and fails / calls >= self.config.failure_rate:
                self._trip()

    # --- state ------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return cache.get(self._key("tripped")) is not None

    def _trip(self) -> None:
        if cache.get(self._key("tripped")) is None:
            log.warning("carecloud circuit opened: calls paused for %s s", self.config.open_seconds)
        cache.set(self._key("tripped"), 1, self.config.open_seconds * 20)
        cache.set(self._key("open"), time.time() + self.config.open_seconds, self.config.open_seconds)
        cache.delete(self._key("probe"))

    def _close(self) -> None:
        bucket = int(time.time() // self.config.window)
        cache.delete_many([self._key(name) for name in ("tripped", "open", "probe")] + [
            self._key(f"{kind}:{b}") for kind in ("calls", "fails") for b in (bucket, bucket - 1)])
        log.info("carecloud circuit closed: CareCloud answers again")

    def reset(self) -> None:
        self._close()

    def _window(self, bucket: int) -> tuple[int, int]:
        keys = {kind: [self._key(f"{kind}:{b}") for b in (bucket, bucket - 1)] for kind in ("calls", "fails")}
        found = cache.get_many(keys["calls"] + keys["fails"])
        return (sum(found.get(k, 0) for k in keys["calls"]), sum(found.get(k, 0) for k in keys["fails"]))

    def _incr(self, name: str) -> None:
        key = self._key(name)
        cache.add(key, 0, self.config.window * 3)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, self.config.window * 3)

    def _key(self, name: str) -> str:
        return f"{self.prefix}:{name}"
