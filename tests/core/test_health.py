"""The readiness checks one by one (tests/core/test_production.py calls /readyz as a balancer would)."""

import logging
import uuid

import pytest
from django.core.cache import cache

from portal.core import health


def test_a_check_reports_its_time_in_milliseconds(monkeypatch):
    clock = iter([100.0, 100.0123])
    monkeypatch.setattr(health.time, "monotonic", lambda: next(clock))
    assert health._timed(lambda: None) == {"ok": True, "ms": 12.3}


def test_a_failing_check_is_reported_with_its_name_and_the_errors_type_only(monkeypatch, caplog):
    def secret_store():
        raise ConnectionError("password=hunter2 at db.internal")

    clock = iter([5.0, 5.5])
    monkeypatch.setattr(health.time, "monotonic", lambda: next(clock))
    with caplog.at_level(logging.WARNING, logger="portal.core.health"):
        assert health._timed(secret_store) == {"ok": False, "ms": 500.0}
    assert "secret_store" in caplog.text and "ConnectionError" in caplog.text
    assert "hunter2" not in caplog.text


def test_the_cache_check_leaves_nothing_behind(monkeypatch):
    values = iter(["k" * 32, "v" * 32])
    monkeypatch.setattr(health.uuid, "uuid4", lambda: uuid.UUID(hex=next(values).replace("k", "a").replace("v", "b")))
    health.shared_cache()
    assert cache.get("portal:readiness:" + "a" * 32) is None


def test_a_cache_that_does_not_keep_a_value_fails_the_check(monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    with pytest.raises(RuntimeError):
        health.shared_cache()
