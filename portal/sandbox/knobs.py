"""Fault and latency knobs, and the request log: per process, shared by the server's threads.

Set from the environment at start (SANDBOX_LATENCY_MS, SANDBOX_ERROR_RATE, SANDBOX_FORCE_STATUS,
SANDBOX_RETRY_AFTER) and changed at run time through the control endpoints (control.py).
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass

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

    @classmethod
    def from_settings(cls) -> Faults:
        return cls(
            latency_ms=settings.SANDBOX_LATENCY_MS,
            error_rate=settings.SANDBOX_ERROR_RATE,
            force_status=settings.SANDBOX_FORCE_STATUS,
            retry_after=settings.SANDBOX_RETRY_AFTER,
        )


_lock = threading.Lock()
_faults: Faults | None = None
_log: deque = deque(maxlen=LOG_SIZE)
_seq = 0


def get_faults() -> Faults:
    global _faults
    with _lock:
        if _faults is None:
            _faults = Faults.from_settings()
        return Faults(**asdict(_faults))


def set_faults(**changes) -> Faults:
    global _faults
    current = get_faults()
    with _lock:
        _faults = Faults(**{**asdict(current), **changes})
        return Faults(**asdict(_faults))


def reset_faults() -> Faults:
    global _faults
    with _lock:
        _faults = Faults.from_settings()
        return Faults(**asdict(_faults))


def apply_faults() -> errors.ApiError | None:
    """Sleep for the configured latency; return the error to answer with, if a fault fires."""
    global _faults
    faults = get_faults()
    if faults.latency_ms > 0:
        time.sleep(faults.latency_ms / 1000)
    if faults.force_status:
        if faults.force_count:
            with _lock:
                if _faults.force_count == 1:
                    _faults.force_status, _faults.force_count = 0, 0
                else:
                    _faults.force_count -= 1
        return errors.for_status(faults.force_status, faults.retry_after)
    if faults.error_rate > 0 and random.random() < faults.error_rate:
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
