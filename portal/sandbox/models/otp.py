"""Sandbox model of the one-time passwords (postSendOtp, postVerifyOtp): each request's code, kept
as a digest, valid for an hour (the spec's default) and used once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

from .base import SandboxModel

__all__ = ["OneTimePassword"]

# "The password is valid for 1 hour by default and can only be used once." (postSendOtp)
ONE_TIME_PASSWORD_LIFETIME = timedelta(hours=1)
ONE_TIME_PASSWORD_LENGTH = 6
# An alphanumeric code (otp_type 1) leaves out what reads alike: 0/O, 1/I/L.
ALPHANUMERIC = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMERIC = 2


def _digest(code: str) -> str:
    return hashlib.sha256(code.upper().encode("utf-8")).hexdigest()


def _request_id() -> str:
    # Shaped like the spec's example: 40 lowercase hex characters.
    return secrets.token_hex(20)


class OneTimePassword(SandboxModel):
    """One request of POST /one-time-password/actions/send: ``id`` is its request_id."""

    id = models.CharField(primary_key=True, max_length=64, default=_request_id, editable=False)
    external_application_id = models.CharField(max_length=64)
    communication_channel_id = models.PositiveSmallIntegerField()
    recipient = models.CharField(max_length=254)
    otp_type = models.PositiveSmallIntegerField(default=1)
    code_digest = models.CharField(max_length=64)
    valid_to = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)

    @classmethod
    def issue(cls, *, external_application_id: str, communication_channel_id: int, recipient: str,
              otp_type: int) -> tuple[OneTimePassword, str]:
        """A new request and its code in plain (it goes into the message only)."""
        if otp_type == NUMERIC:
            code = "".join(secrets.choice("0123456789") for _ in range(ONE_TIME_PASSWORD_LENGTH))
        else:
            code = "".join(secrets.choice(ALPHANUMERIC) for _ in range(ONE_TIME_PASSWORD_LENGTH))
        otp = cls.objects.create(external_application_id=external_application_id,
                                 communication_channel_id=communication_channel_id, recipient=recipient,
                                 otp_type=otp_type, code_digest=_digest(code),
                                 valid_to=timezone.now() + ONE_TIME_PASSWORD_LIFETIME)
        return otp, code

    def verify(self, code: str, external_application_id: str) -> bool:
        """True once for the right code of this application before it expires; it is used then."""
        if external_application_id != self.external_application_id:
            return False
        if not secrets.compare_digest(self.code_digest, _digest(code.strip())):
            return False
        now = timezone.now()
        # Single use, even when two requests race for it.
        return bool(type(self).objects.filter(pk=self.pk, used__isnull=True, valid_to__gt=now).update(used=now))
