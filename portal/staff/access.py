"""Who may do what on the staff side, and where the staff side is."""

from __future__ import annotations

import ipaddress

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest

# The one permission that lets a staff member search customers and preview their accounts.
PERMISSION = "staff.preview_customer"
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def is_staff_path(path: str) -> bool:
    """Staff pages, their sign-in and Django admin: the staff session is ``request.session`` there."""
    return path.startswith(settings.STAFF_URL_PREFIX)


def has_second_factor(user) -> bool:
    """An authenticator app or a security key (recovery codes alone are no second factor)."""
    return bool(user.is_authenticated and is_mfa_enabled(user, SECOND_FACTORS))


def may_preview(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(PERMISSION) and has_second_factor(user))


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the audit trail: behind a proxy, the header that
    ``RATELIMIT_IP_META_KEY`` names (as the login rate limits use), else REMOTE_ADDR."""
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = str(request.META.get(key) or "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
