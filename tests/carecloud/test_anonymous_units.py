"""The anonymous token's device id and its life in the cache, on a fake clock (the cache reads the
same clock) and a fake postToken: re-created once a day at least, and a worker creating it holds
the others up for a few seconds at most. (tests/carecloud/test_anonymous.py: the live sandbox.)"""

import os

import pytest
from django.core.cache import cache

from portal.carecloud import anonymous


def test_a_dummy_cache_like_a_local_one_gets_a_device_id_per_process(settings):
    settings.CARECLOUD_ANONYMOUS_DEVICE_ID = "club-portal-public"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert anonymous.device_id() == f"club-portal-public-{os.getpid()}"


@pytest.fixture
def created(monkeypatch, clock):
    """The tokens made, each with the seconds the creation lock had left while it was made."""
    made = []

    def create():
        lock_ends = cache._expire_info.get(cache.make_and_validate_key(anonymous.LOCK_KEY))
        made.append((f"token-{len(made) + 1}", lock_ends - clock.now if lock_ends else None))
        return made[-1][0]

    monkeypatch.setattr(anonymous, "_create", create)
    return made


def test_the_token_is_made_again_after_a_day(clock, created):
    assert anonymous.token() == "token-1"
    clock.now += 24 * 3600 - 1
    assert anonymous.token() == "token-1"
    clock.now += 2
    assert anonymous.token() == "token-2"


def test_the_lock_of_a_worker_making_the_token_holds_the_others_up_five_seconds_at_most(created):
    anonymous.token()
    assert created == [("token-1", anonymous.LOCK_SECONDS)] and anonymous.LOCK_SECONDS == 5
    assert cache.get(anonymous.LOCK_KEY) is None  # and is gone once the token is made
