"""Fault and latency knobs, and the request log: per process, shared by the server's threads.

Set from the environment at start (SANDBOX_LATENCY_MS, SANDBOX_ERROR_RATE, SANDBOX_FORCE_STATUS,
SANDBOX_RETRY_AFTER, SANDBOX_FAULT_SEED) and changed at run time through the control endpoints
(control.py).

``seed`` makes ``error_rate`` repeatable: each request's draw is made from the seed, the request
(method, path without the token, query) and how many times that same request came since the seed
was set, so the same requests meet the same failures run after run, whatever order concurrent
requests arrive in. Without a seed (None) the draws come from the system's randomness.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, replace

from django.conf import settings

from . import errors

LOG_SIZE = 2000


@dataclass
class Faults:
    latency_ms: int = 0
    error_rate: float = 0.0
    force_status: int = 0
    # How many requests the forced status applies to; 0 means every request until cleared.
    force_count: int = 0
    retry_after: int = 1
    # How many requests the latency applies to; 0 means every request until cleared (a spike of a
    # few slow answers: latency_ms=2000, latency_count=3).
    latency_count: int = 0
    # The seed of error_rate's draws (None: not repeatable).
    seed: int | None = None

    @classmethod
    def from_settings(cls) -> Faults:
        return cls(
            latency_ms=settings.SANDBOX_LATENCY_MS,
            error_rate=settings.SANDBOX_ERROR_RATE,
            force_status=settings.SANDBOX_FORCE_STATUS,
            retry_after=settings.SANDBOX_RETRY_AFTER,
            seed=settings.SANDBOX_FAULT_SEED,
        )


_lock = threading.Lock()
_faults: Faults | None = None
_log: deque = deque(maxlen=LOG_SIZE)
_seq = 0
_random = random.Random()
_occurrences: Counter = Counter()  # per request, since the seed was set


def _current() -> Faults:
    """The live knobs; call with the lock held."""
    if _faults is None:
        _install(Faults.from_settings())
    return _faults


def _install(faults: Faults) -> None:
    """Make ``faults`` the live knobs, with error_rate's draws starting again from its seed; call
    with the lock held."""
    global _faults, _random
    _faults = faults
    _random = random.Random(faults.seed)
    _occurrences.clear()


def get_faults() -> Faults:
    with _lock:
        return replace(_current())


def set_faults(**changes) -> Faults:
    """Change some knobs. Setting ``force_status`` without ``force_count`` forces every request
    (a count left from an earlier setting does not carry over); likewise ``latency_ms`` without
    ``latency_count``. Setting ``seed`` (even to the same value) starts its draws over."""
    global _faults
    if "force_status" in changes:
        changes.setdefault("force_count", 0)
    if "latency_ms" in changes:
        changes.setdefault("latency_count", 0)
    with _lock:
        faults = replace(_current(), **changes)
        if "seed" in changes:
            _install(faults)
        else:
            _faults = faults
        return replace(_faults)


def reset_faults() -> Faults:
    with _lock:
        _install(Faults.from_settings())
        return replace(_faults)


def _draw(request: str) -> float:
    """error_rate's draw for ``request``; call with the lock held."""
    if _faults.seed is None or not request:
        return _random.random()
    _occurrences[request] += 1
    return random.Random(f"{_faults.seed}:{request}:{_occurrences[request]}").random()


def apply_faults(request: str = "") -> errors.ApiError | None:
    """Sleep for the configured latency; return the error to answer with, if a fault fires.
    ``request`` names the request for a seeded draw (``"GET /customers/..?query"``, no token).

    Whether a counted forced status (or latency) fires, the count going down and error_rate's
    draw happen under one lock, so ``force_count=1`` fails exactly one request however many
    arrive at once, and a seeded sequence of draws is never shared out twice."""
    with _lock:
        faults = _current()
        latency_ms, retry_after, error_rate = faults.latency_ms, faults.retry_after, faults.error_rate
        forced = faults.force_status
        if forced and faults.force_count:
            faults.force_count -= 1
            if faults.force_count == 0:
                faults.force_status = 0
        if latency_ms and faults.latency_count:
            faults.latency_count -= 1
            if faults.latency_count == 0:
                faults.latency_ms = 0
        failed = not forced and error_rate > 0 and _draw(request) < error_rate
    if latency_ms > 0:
        time.sleep(latency_ms / 1000)
    if forced:
        return errors.for_status(forced, retry_after)
    if failed:
        return errors.server_error()
    return None


def log_request(entry: dict) -> None:
    global _seq
    with _lock:
        _seq += 1
        _log.append({"seq": _seq, **entry})


def requests_log(since: int = 0) -> list[dict]:
    with _lock:
        return [e for e in _log if e["seq"] > since]


def clear_log() -> None:
    with _lock:
        _log.clear()
