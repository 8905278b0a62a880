import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Login rate-limit counts (and the account each login value was found to be, in the cache):
    every test starts with none, and leaves none."""
    from django.core.cache import cache

    from portal.core import ratelimit

    cache.clear()
    ratelimit.reset()
    yield
    cache.clear()
    ratelimit.reset()


@pytest.fixture
def padding():
    """What the login's answer-time floor asks for, without waiting: a list of
    ``(time.monotonic() when asked, seconds asked)``, one per wait (portal/accounts/throttle.py)."""
    import time
    from unittest import mock

    asked: list[tuple[float, float]] = []
    with mock.patch("portal.accounts.throttle.sleep", lambda seconds: asked.append((time.monotonic(), seconds))):
        yield asked
