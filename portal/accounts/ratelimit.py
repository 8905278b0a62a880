"""Slowing down password guessing on the login form (django-ratelimit's counters in the cache).

Only failed logins count, per client IP and per login value: a shop's Wi-Fi where many customers
log in from one address is not locked out by their successful logins, and one account cannot be
tried more than a few times in a window from anywhere. The counters live in the ``default`` cache
(``RATELIMIT_USE_CACHE``), which must be shared by all workers in production (Redis, database).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

log = logging.getLogger(__name__)

GROUP = "portal.accounts.login"


def _limits(login_type: str, login_value: str) -> list[tuple[str, object, str]]:
    per_ip = getattr(settings, "PORTAL_LOGIN_RATE_PER_IP", "20/5m")
    per_login = getattr(settings, "PORTAL_LOGIN_RATE_PER_LOGIN", "10/5m")
    value = f"{login_type}:{login_value.strip().lower()}"
    return [
        (f"{GROUP}.ip", "ip", per_ip),
        (f"{GROUP}.login", lambda group, request: value, per_login),
    ]


def login_blocked(request: HttpRequest, *, login_type: str, login_value: str) -> bool:
    """True when this client or this login has used up its failed attempts for the window."""
    for group, key, rate in _limits(login_type, login_value):
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            log.warning("login rate limit reached (%s)", group.rsplit(".", 1)[-1])
            return True
    return False


def login_failed(request: HttpRequest, *, login_type: str, login_value: str) -> None:
    """Count one failed attempt against the client and the login."""
    for group, key, rate in _limits(login_type, login_value):
        get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
