"""Health endpoints for the load balancer and the operators (no language prefix, no session).

- ``/healthz`` (liveness): the process answers. Nothing else is touched, so a slow database or
  CareCloud never gets a healthy worker restarted.
- ``/readyz`` (readiness): the database, the cache and CareCloud, each with its time. It answers
  503 only when this instance itself cannot serve (database or cache down). A CareCloud that does
  not answer is reported ("degraded") with 200: every instance shares it, so taking this one out
  of the pool would only replace the portal's friendly "try again" pages with the balancer's error.

The answers name the checks and their outcome, never a host, a credential or an error's text.
"""

from __future__ import annotations

import logging
import time
import uuid
from http import HTTPStatus

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.carecloud import resources

log = logging.getLogger(__name__)


@require_safe
@never_cache
def liveness(request) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        check()
        ok = True
    except Exception as error:  # any failure of a dependency is a failed check, never a 500
        log.warning("readiness: %s failed: %s", check.__name__, type(error).__name__)
        ok = False
    return {"ok": ok, "ms": round((time.monotonic() - started) * 1000, 1)}


def database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def shared_cache() -> None:
    key, value = f"portal:readiness:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def carecloud() -> None:
    resources.ping()


@require_safe
@never_cache
def readiness(request) -> JsonResponse:
    checks = {"database": _timed(database), "cache": _timed(shared_cache), "carecloud": _timed(carecloud)}
    serving = checks["database"]["ok"] and checks["cache"]["ok"]
    status = "ok" if serving and checks["carecloud"]["ok"] else "degraded" if serving else "fail"
    return JsonResponse({"status": status, "checks": checks},
                        status=HTTPStatus.OK if serving else HTTPStatus.SERVICE_UNAVAILABLE)
