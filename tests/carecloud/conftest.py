import time
from unittest import mock

import pytest
from django.core.cache import cache

from tests.support.clock import Clock


@pytest.fixture
def no_sleep():
    """Capture the client's waits instead of waiting."""
    with mock.patch("portal.carecloud.client.time.sleep") as sleep:
        yield sleep


@pytest.fixture
def faults(carecloud):
    """The live sandbox with its fault knobs cleared again after the test."""
    carecloud.clear_faults()
    yield carecloud
    carecloud.clear_faults()


@pytest.fixture
def clock(monkeypatch):
    """time.time() on a fake clock, at the start of a 30 s breaker window; LocMemCache reads it too, so
    cache entries expire on it."""
    clock = Clock(1_000_020.0)
    monkeypatch.setattr(time, "time", clock)
    return clock


@pytest.fixture
def expiring_incr():
    """A stand-in for cache.incr of a key that expired just before it (between a counter's add and its
    incr): what the breaker's counters and the per-session cache's versions must survive."""
    def incr(key):
        cache.delete(key)
        raise ValueError(key)
    return incr
