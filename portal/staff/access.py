"""Who may do what on the staff side, and where the staff side is."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest

from portal.core import ratelimit

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
    """The client's address for the audit trail, read as the rate limits read it (behind a proxy,
    the address the proxy added to ``RATELIMIT_IP_META_KEY``'s header), whole."""
    address = ratelimit.client_address(request)
    return str(address) if address is not None else None
