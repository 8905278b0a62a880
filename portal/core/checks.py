"""System checks for settings that cannot work together (DESIGN.md convention 8).

They run with every management command (``check``, ``runserver``, ``migrate``), so a bad
deployment says so at start-up rather than on the first customer's login.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

AUTH_SCHEMES = ("bearer", "basic")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}
# settings.py's development default, and the prefix of the keys ``startproject`` writes.
DEV_SECRET_KEY_PREFIXES = ("dev-only-insecure-", "django-insecure-")


def is_interface_url(url: object) -> bool:
    """A CareCloud interface's base URL: http(s), a host, ending in /v1.0."""
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.hostname
                and parts.path.rstrip("/").endswith("/v1.0"))


@register(Tags.compatibility, "portal")
def check_carecloud_settings(app_configs=None, **kwargs) -> list:
    problems = []
    scheme = getattr(settings, "CARECLOUD_AUTH_SCHEME", None)
    if scheme not in AUTH_SCHEMES:
        problems.append(Error(
            f"CARECLOUD_AUTH_SCHEME is {scheme!r}; it must be 'bearer' or 'basic'.",
            hint="Use 'bearer' (the current API spec) or 'basic' (the older API guide), as the CareCloud "
                 "project expects.",
            id="portal.E001",
        ))

    url = getattr(settings, "CARECLOUD_API_URL", None) or ""
    host = urlsplit(url).hostname if isinstance(url, str) else None
    if not is_interface_url(url):
        problems.append(Error(
            f"CARECLOUD_API_URL is {url!r}; it must be an http(s) URL of the customer interface "
            "ending in /v1.0.",
            hint="For example https://<project>.crmcarecloud.com/webservice/rest-api/customer-interface/v1.0",
            id="portal.E002",
        ))

    if not str(getattr(settings, "CARECLOUD_EXTERNAL_APP_ID", "") or "").strip():
        problems.append(Error(
            "CARECLOUD_EXTERNAL_APP_ID is empty; CareCloud creates no token without it.",
            hint="Set it to the portal's external application id in the CareCloud project.",
            id="portal.E003",
        ))

    if not settings.DEBUG:
        if host and host.lower() in LOCAL_HOSTS:
            problems.append(Warning(
                "DEBUG is False but CARECLOUD_API_URL points at this machine (the local sandbox?).",
                hint="Set CARECLOUD_API_URL to the CareCloud project's customer-interface URL.",
                id="portal.W001",
            ))
        if str(settings.SECRET_KEY).startswith(DEV_SECRET_KEY_PREFIXES):
            problems.append(Warning(
                "DEBUG is False but SECRET_KEY is the development default.",
                hint="Set SECRET_KEY in the environment to a long random value.",
                id="portal.W002",
            ))
        backend = settings.CACHES.get("default", {}).get("BACKEND", "")
        if backend.endswith(("LocMemCache", "DummyCache")):
            problems.append(Warning(
                "DEBUG is False but the cache is per process: each worker counts failed logins apart.",
                hint="Set CACHE_URL to a shared cache (e.g. redis:// or memcache://) for the login rate limit.",
                id="portal.W003",
            ))
    return problems
