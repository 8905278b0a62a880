"""Sandbox models of the customers group: additional addresses and their types, one-time
authentication tokens (auth-token login), password-setup codes and the outbox of sent messages.

The password policy lives here too: registration, PUT /customers, validate-customer-data and the
hosted password-setup form all apply the same rules.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .base import SandboxModel

__all__ = [
    "AuthenticationToken",
    "CustomerAddress",
    "CustomerAddressType",
    "OutboxMessage",
    "PasswordSetupCode",
]

PASSWORD_SETUP_LIFETIME = timedelta(hours=24)
AUTHENTICATION_TOKEN_LIFETIME = timedelta(minutes=10)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# --- password policy ----------------------------------------------------------------------------

# The criteria written in the spec's description of POST /customers `password`.
PASSWORD_MIN_LENGTH = 8
PASSWORD_RULES = {
    "length": {"cs": f"Heslo musí mít alespoň {PASSWORD_MIN_LENGTH} znaků.",
               "en": f"The password must be at least {PASSWORD_MIN_LENGTH} characters long."},
    "digit": {"cs": "Heslo musí obsahovat alespoň jednu číslici.",
              "en": "The password must contain at least one number."},
    "uppercase": {"cs": "Heslo musí obsahovat alespoň jedno velké písmeno.",
                  "en": "The password must contain at least one uppercase letter."},
    "common": {"cs": "Heslo je příliš běžné, zvolte jiné.",
               "en": "The password is on the list of common passwords."},
}


def password_problems(raw: str) -> list[str]:
    """Keys of :data:`PASSWORD_RULES` the password breaks (empty when it is acceptable)."""
    problems = []
    if len(raw) < PASSWORD_MIN_LENGTH:
        problems.append("length")
    if not re.search(r"\d", raw):
        problems.append("digit")
    if not any(ch.isupper() for ch in raw):
        problems.append("uppercase")
    try:
        CommonPasswordValidator().validate(raw)
    except ValidationError:
        problems.append("common")
    return problems


# --- additional addresses --------------------------------------------------------------------------


class CustomerAddressType(SandboxModel):
    """GET /customer-address-types: billing, delivery, ... (name is {"cs", "en"})."""

    name = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]


class CustomerAddress(SandboxModel):
    """An additional address of a customer (the primary one is on the Customer itself)."""

    customer_id = models.CharField(max_length=64, db_index=True)
    address_type_id = models.CharField(max_length=64)
    # {"address1".."address7", "zip", "city", "country_code"}
    address = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]


# --- auth-token login ----------------------------------------------------------------------------------


class AuthenticationToken(SandboxModel):
    """A short-lived, single-use token from POST /customers/actions/auth-token.

    Only a digest of the token is stored; ``id`` is the token_request_id the caller gets.
    """

    customer_id = models.CharField(max_length=64)
    external_application_id = models.CharField(max_length=64)
    token_digest = models.CharField(max_length=64)
    valid_to = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)

    @classmethod
    def issue(cls, customer_id: str, external_application_id: str, numeric: bool) -> tuple[AuthenticationToken, str]:
        """A new token and its plain value (shown to the caller once)."""
        raw = f"{secrets.randbelow(10**8):08d}" if numeric else secrets.token_urlsafe(24)
        token = cls.objects.create(
            customer_id=customer_id,
            external_application_id=external_application_id,
            token_digest=_digest(raw),
            valid_to=timezone.now() + AUTHENTICATION_TOKEN_LIFETIME,
        )
        return token, raw

    @classmethod
    def redeem(cls, token_request_id: str, raw: str, application_id: str) -> str | None:
        """The customer id of a valid, unused, unexpired token for the application; uses it up."""
        token = cls.objects.filter(
            pk=token_request_id, external_application_id=application_id, used__isnull=True,
            valid_to__gt=timezone.now(),
        ).first()
        if token is None or not secrets.compare_digest(token.token_digest, _digest(raw)):
            return None
        # Single use, even when two requests race for it.
        claimed = cls.objects.filter(pk=token.pk, used__isnull=True).update(used=timezone.now())
        return token.customer_id if claimed else None


# --- password setup and the outbox --------------------------------------------------------------------


class PasswordSetupCode(SandboxModel):
    """The secret of a password-setup link: single use, valid for 24 hours; stored as a digest."""

    customer_id = models.CharField(max_length=64, db_index=True)
    code_digest = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8, default="cs")
    valid_to = models.DateTimeField()
    used = models.DateTimeField(null=True, blank=True)

    @classmethod
    def issue(cls, customer_id: str, language: str) -> str:
        """Store a new code for the customer and return its plain value (it goes into the link)."""
        raw = secrets.token_urlsafe(32)
        cls.objects.create(customer_id=customer_id, code_digest=_digest(raw), language=language,
                           valid_to=timezone.now() + PASSWORD_SETUP_LIFETIME)
        return raw

    @classmethod
    def find(cls, raw: str) -> PasswordSetupCode | None:
        return cls.objects.filter(code_digest=_digest(raw)).first()

    @property
    def is_usable(self) -> bool:
        return self.used is None and self.valid_to > timezone.now()

    def use(self) -> bool:
        """Spend this code and every other open code of the customer; False if it was spent already."""
        now = timezone.now()
        claimed = type(self).objects.filter(pk=self.pk, used__isnull=True, valid_to__gt=now).update(used=now)
        if claimed:
            type(self).objects.filter(customer_id=self.customer_id, used__isnull=True).update(used=now)
        return bool(claimed)


class OutboxMessage(SandboxModel):
    """A message the sandbox "sent" (it sends nothing): developers and tests read it here."""

    class Channel(models.TextChoices):
        EMAIL = "email"
        SMS = "sms"

    customer_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def as_dict(self) -> dict:
        return {
            "id": self.pk,
            "created": timezone.localtime(self.created).strftime("%Y-%m-%d %H:%M:%S"),
            "channel": self.channel,
            "recipient": self.recipient,
            "subject": self.subject,
            "body": self.body,
            "link": self.link,
            "customer_id": self.customer_id,
        }
