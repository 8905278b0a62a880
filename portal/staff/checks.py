"""System checks of the staff side's settings (docs/architecture.md, "Settings")."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from portal.core.checks import LOCAL_HOSTS, is_interface_url

UNDELIVERED_MAIL = ("console.EmailBackend", "filebased.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")


@register(Tags.compatibility, "portal")
def check_staff_settings(app_configs=None, **kwargs) -> list:
    problems = []
    url = getattr(settings, "CARECLOUD_ENTERPRISE_API_URL", None) or ""
    host = urlsplit(url).hostname if isinstance(url, str) else None
    if not is_interface_url(url):
        problems.append(Error(
            f"CARECLOUD_ENTERPRISE_API_URL is {url!r}; it must be an http(s) URL of the enterprise interface "
            "ending in /v1.0.",
            hint="For example https://<project>.crmcarecloud.com/webservice/rest-api/enterprise-interface/v1.0",
            id="staff.E001",
        ))
    customer_host = urlsplit(str(getattr(settings, "CARECLOUD_API_URL", "") or "")).hostname
    if host and customer_host and host != customer_host:
        problems.append(Warning(
            "CARECLOUD_ENTERPRISE_API_URL and CARECLOUD_API_URL name different hosts: a preview logs in a "
            "customer of the enterprise interface's project on the customer interface's.",
            hint="Point both at the same CareCloud project.",
            id="staff.W001",
        ))

    login = bool(getattr(settings, "CARECLOUD_ENTERPRISE_LOGIN", ""))
    password = bool(getattr(settings, "CARECLOUD_ENTERPRISE_PASSWORD", ""))
    if login != password:
        problems.append(Error(
            "Only one of CARECLOUD_ENTERPRISE_LOGIN and CARECLOUD_ENTERPRISE_PASSWORD is set.",
            hint="Set both (the enterprise service user for staff search and preview), or neither.",
            id="staff.E002",
        ))

    staff_age, preview = settings.STAFF_SESSION_COOKIE_AGE, settings.STAFF_PREVIEW_SECONDS
    if staff_age >= settings.SESSION_COOKIE_AGE:
        problems.append(Warning(
            f"STAFF_SESSION_COOKIE_AGE ({staff_age} s) is not shorter than a customer's SESSION_COOKIE_AGE "
            f"({settings.SESSION_COOKIE_AGE} s).",
            hint="A staff session should end sooner than a customer's.",
            id="staff.W002",
        ))
    if preview <= 0:
        problems.append(Error(f"STAFF_PREVIEW_SECONDS is {preview}; it must be positive.", id="staff.E003"))
    elif preview > staff_age:
        problems.append(Warning(
            f"STAFF_PREVIEW_SECONDS ({preview} s) is longer than a staff session ({staff_age} s).",
            hint="A preview cannot outlive the session that opened it; shorten it.",
            id="staff.W003",
        ))

    if not settings.DEBUG:
        if settings.EMAIL_BACKEND.endswith(UNDELIVERED_MAIL):
            problems.append(Warning(
                f"DEBUG is False but EMAIL_BACKEND is {settings.EMAIL_BACKEND}: staff password-reset e-mails are "
                "not delivered.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587",
                id="staff.W004",
            ))
        if host and host.lower() in LOCAL_HOSTS:
            problems.append(Warning(
                "DEBUG is False but CARECLOUD_ENTERPRISE_API_URL points at this machine (the development default?).",
                hint="Set it to the CareCloud project's enterprise-interface URL.",
                id="staff.W005",
            ))
    return problems
