"""The portal's anonymous token against the live sandbox: made once on demand with the portal's
device id, shared through the cache, renewed on 401, never logged in. And its life in the cache on a
fake clock (the cache reads the same clock) and a fake postToken: re-created once a day at least, and
a worker creating it holds the others up for a few seconds at most."""

import os
import threading
from http import HTTPStatus

import pytest
from django.core.cache import cache

from portal.carecloud import CareCloudError, NotFoundError, anonymous, resources


@pytest.fixture
def cc(carecloud):
    return carecloud


def post_tokens(sandbox, since):
    return [e for e in sandbox.requests_log(since) if e.get("operation_id") == "postToken"]


def test_one_token_is_made_on_demand_and_reused(cc):
    since = cc.last_seq()
    assert cache.get(anonymous.CACHE_KEY) is None
    first = anonymous.read(lambda token: resources.campaigns_every(token=token))
    second = anonymous.read(lambda token: resources.campaigns_every(token=token))
    assert first == second and first
    assert len(post_tokens(cc, since)) == 1
    assert cache.get(anonymous.CACHE_KEY) == anonymous.token()


def test_the_device_id_is_the_portals_own(settings):
    settings.CARECLOUD_ANONYMOUS_DEVICE_ID = "club-portal-public"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1"}}
    assert anonymous.device_id() == "club-portal-public"  # one token for every worker sharing a cache
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert anonymous.device_id() == f"club-portal-public-{os.getpid()}"  # one per process otherwise


def test_a_dummy_cache_like_a_local_one_gets_a_device_id_per_process(settings):
    settings.CARECLOUD_ANONYMOUS_DEVICE_ID = "club-portal-public"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert anonymous.device_id() == f"club-portal-public-{os.getpid()}"


def test_a_refused_token_is_renewed_once_and_the_read_repeated(cc):
    stale = anonymous.token()
    cc.control("POST", f"tokens/{stale}/expire")
    since = cc.last_seq()
    campaigns = anonymous.read(lambda token: resources.campaigns_every(token=token))
    assert campaigns
    renewed = anonymous.token()
    assert renewed != stale
    statuses = [(e["operation_id"], e["status"]) for e in cc.requests_log(since) if e.get("operation_id")]
    assert statuses == [("getCampaigns", 401), ("postToken", 201), ("getCampaigns", 200)]


def test_a_second_refusal_is_not_retried_again(cc):
    calls = []

    def always_refused(token):
        calls.append(token)
        return resources.campaign_get(token="not-a-token", campaign_id="x")
    with pytest.raises(CareCloudError) as caught:
        anonymous.read(always_refused)
    assert caught.value.status == HTTPStatus.UNAUTHORIZED and len(calls) == 2


def test_the_token_is_never_logged_in(cc, ids):
    token = anonymous.token()
    response = cc.api().get(f"/customers/{ids.DEMO_CUSTOMER}", token=token)
    assert response.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)


def test_a_misconfigured_portal_is_not_a_missing_campaign(cc, settings):
    settings.CARECLOUD_EXTERNAL_APP_ID = "no-such-application"
    with pytest.raises(CareCloudError) as caught:
        anonymous.token()
    assert not isinstance(caught.value, NotFoundError)
    assert cache.get(anonymous.CACHE_KEY) is None


def test_concurrent_first_reads_make_one_token(cc):
    since = cc.last_seq()
    tokens, barrier = [], threading.Barrier(4)

    def first_read():
        barrier.wait()
        tokens.append(anonymous.token())
    threads = [threading.Thread(target=first_read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(tokens)) == 1 and len(post_tokens(cc, since)) == 1


def test_another_worker_creating_the_token_is_waited_for(cc, monkeypatch):
    """With a shared cache, a worker that finds another one creating the token waits for it."""
    cache.add(anonymous.LOCK_KEY, "another worker", anonymous.LOCK_SECONDS)
    monkeypatch.setattr(anonymous.time, "sleep", lambda seconds: cache.set(anonymous.CACHE_KEY, "made-elsewhere"))
    assert anonymous.token() == "made-elsewhere"


# --- its life in the cache, on a fake clock and a fake postToken ---------------------------------------------


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
