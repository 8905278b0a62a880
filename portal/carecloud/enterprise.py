"""The CareCloud enterprise interface, for staff search and preview.

The same :class:`~portal.carecloud.client.CareCloudClient` (one request method: timeouts, retries
of GETs, errors mapped by status), with its own base URL and a service user's bearer token from
``POST /users/actions/login``. The token is kept server-side in the cache (shared by workers in
production) until shortly before it expires, and renewed once when CareCloud answers 401. The
service user's credentials come from settings and go nowhere but into that login's body: never to
a browser, a URL or a log line (the client logs method and path only).

Below the client, one thin function per enterprise operation, as in resources.py.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from .client import CareCloudClient, Page, client_for
from .exceptions import AuthenticationError, CareCloudError, PermissionDeniedError, ServerError

log = logging.getLogger("portal.carecloud")

TOKEN_MARGIN = 60  # seconds before CareCloud's valid_to when a cached token is no longer used
TOKEN_DEFAULT_TTL = 3600  # when CareCloud names no valid_to

T = TypeVar("T")


class NotConfiguredError(CareCloudError):
    """No enterprise service user is configured (CARECLOUD_ENTERPRISE_LOGIN / _PASSWORD)."""


class EnterpriseClient:
    def __init__(self, *, client: CareCloudClient, login: str, password: str):
        self.client = client
        self._login = login
        self._password = password
        # One cached token per project and user: a change of either never reuses the other's.
        identity = hashlib.sha256(f"{client.base_url}|{login}".encode()).hexdigest()[:16]
        self.token_cache_key = f"carecloud:enterprise:token:{identity}"

    @property
    def configured(self) -> bool:
        return bool(self._login and self._password)

    # --- the service user's token ------------------------------------------------------------------

    @sensitive_variables("password", "body")
    def _log_in(self) -> str:
        if not self.configured:
            raise NotConfiguredError(title="The enterprise service user is not configured")
        password = self._password
        body = {"login": self._login, "password": password}
        try:
            data = self.client.post("/users/actions/login", json=body)
        except (AuthenticationError, PermissionDeniedError) as error:
            # The spec answers a wrong login with 403: the portal's configuration, not the staff's doing.
            log.error("CareCloud refused the enterprise service user (check CARECLOUD_ENTERPRISE_LOGIN and "
                      "CARECLOUD_ENTERPRISE_PASSWORD): %s", error.status)
            raise NotConfiguredError(error.status, title="The enterprise service user was refused") from error
        token = data.get("bearer_token") if isinstance(data, dict) else None
        if not token:
            raise ServerError(200, title="Malformed response", detail="bearer_token is missing")
        cache.set(self.token_cache_key, token, _ttl(data.get("valid_to")))
        return str(token)

    def _token(self) -> str:
        return cache.get(self.token_cache_key) or self._log_in()

    def _with_token(self, call: Callable[[str], T]) -> T:
        """``call(token)``; on a 401 (the cached token expired or was revoked) once more with a new one.

        Repeating is safe even for a POST: a 401 means CareCloud refused the request before doing it."""
        try:
            return call(self._token())
        except AuthenticationError:
            cache.delete(self.token_cache_key)
            return call(self._log_in())

    # --- requests ------------------------------------------------------------------------------------

    def get(self, path: str, **kwargs) -> Any:
        return self._with_token(lambda token: self.client.get(path, token=token, **kwargs))

    def post(self, path: str, **kwargs) -> Any:
        return self._with_token(lambda token: self.client.post(path, token=token, **kwargs))

    def page(self, path: str, plural: str, **kwargs) -> Page:
        return self._with_token(lambda token: self.client.page(path, plural, token=token, **kwargs))


def _ttl(valid_to: object) -> int:
    """Seconds to keep a token whose validity ends at ``valid_to`` (the project's local time)."""
    try:
        ends = timezone.make_aware(datetime.strptime(str(valid_to), "%Y-%m-%d %H:%M:%S"))
    except (TypeError, ValueError):
        return TOKEN_DEFAULT_TTL
    return max(int((ends - timezone.now()).total_seconds()) - TOKEN_MARGIN, 1)


@functools.cache
def get_enterprise() -> EnterpriseClient:
    """The process's enterprise client, configured from settings."""
    return EnterpriseClient(
        client=client_for(settings.CARECLOUD_ENTERPRISE_API_URL, auth_scheme="bearer"),
        login=settings.CARECLOUD_ENTERPRISE_LOGIN,
        password=settings.CARECLOUD_ENTERPRISE_PASSWORD,
    )


@receiver(setting_changed)
def _reset_enterprise(setting: str, **kwargs) -> None:
    if setting.startswith("CARECLOUD_"):
        get_enterprise.cache_clear()


# --- operations ------------------------------------------------------------------------------------


def customers(*, count: int, **filters: str | list[str]) -> Page:
    """getCustomers with filters (``email``, ``phone``, ``first_name``, ``last_name``,
    ``customer_ids[]``): one page."""
    return get_enterprise().page("/customers", "customers", count=count, params=filters)


def cards(*, card_number: str, count: int) -> Page:
    """getCards by card number: one page."""
    return get_enterprise().page("/cards", "cards", count=count, params={"card_number": card_number})


def customer_auth_token(*, customer_id: str) -> tuple[str, str]:
    """postCustomersAuthToken: a short-lived, single-use authentication token for the customer in
    the portal's own application; returns ``(authentication_token, token_request_id)``."""
    data = get_enterprise().post("/customers/actions/auth-token", json={
        "customer_id": customer_id,
        "external_application_id": settings.CARECLOUD_EXTERNAL_APP_ID,
        "token_type": 1,
    })
    data = data if isinstance(data, dict) else {}
    if not data.get("authentication_token") or not data.get("token_request_id"):
        raise ServerError(200, title="Malformed response", detail="authentication_token is missing")
    return str(data["authentication_token"]), str(data["token_request_id"])


# The one-time password's channels and types (postSendOtp: integers fixed by the spec, not the ids of
# GET /communication-channels).
OTP_CHANNELS = {"email": 1, "sms": 2}
OTP_NUMERIC = 2


def otp_send(*, channel: str, recipient: str) -> str:
    """postSendOtp: CareCloud sends a numeric one-time password for the portal's own application to
    ``recipient`` through ``channel`` ("email" or "sms"), written in the active language; returns the
    ``request_id`` that verifies it. The code itself never passes through the portal."""
    data = get_enterprise().post("/one-time-password/actions/send", json={
        "external_application_id": settings.CARECLOUD_EXTERNAL_APP_ID,
        "communication_channel_id": OTP_CHANNELS[channel],
        "recipient": recipient,
        "otp_type": OTP_NUMERIC,
    })
    request_id = data.get("request_id") if isinstance(data, dict) else None
    if not request_id:
        raise ServerError(200, title="Malformed response", detail="request_id is missing")
    return str(request_id)


def otp_verify(*, request_id: str, verification_code: str) -> bool:
    """postVerifyOtp: whether ``verification_code`` is the one-time password of ``request_id`` (a
    used or expired one is not)."""
    data = get_enterprise().post("/one-time-password/actions/verify", json={
        "verification_code": verification_code,
        "request_id": request_id,
        "external_application_id": settings.CARECLOUD_EXTERNAL_APP_ID,
    })
    return isinstance(data, dict) and data.get("is_valid") is True
