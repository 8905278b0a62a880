"""The sandbox as an OpenID Connect provider (portal/sandbox/oidc.py) and CareCloud's links between
social network accounts and customers (social-network-login, social_network_credentials).

Demo identities stand for people's accounts at a social network; the portal signs in with them
through django-allauth's generic OpenID Connect provider, without the internet.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

from .base import SandboxModel

__all__ = ["OidcAccessToken", "OidcAuthorizationCode", "OidcIdentity", "OidcSigningKey", "SocialLink"]

AUTHORIZATION_CODE_LIFETIME = timedelta(minutes=2)
ACCESS_TOKEN_LIFETIME = timedelta(hours=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class OidcIdentity(SandboxModel):
    """A person's account at the sandbox's identity provider; ``id`` is the ``sub`` claim."""

    given_name = models.CharField(max_length=200)
    family_name = models.CharField(max_length=200)
    email = models.CharField(max_length=254)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def claims(self) -> dict:
        return {"sub": self.pk, "name": self.name, "given_name": self.given_name, "family_name": self.family_name,
                "email": self.email, "email_verified": True}


class OidcSigningKey(SandboxModel):
    """The RSA key the ID tokens are signed with (RS256), made on first use; its public half is
    the JWKS. A reset of the sandbox makes a new one."""

    private_pem = models.TextField()


class OidcAuthorizationCode(SandboxModel):
    """An authorization code: one use, two minutes, for the client and redirect URI it was given to."""

    code_digest = models.CharField(max_length=64, unique=True)
    identity = models.ForeignKey(OidcIdentity, on_delete=models.CASCADE)
    client_id = models.CharField(max_length=200)
    redirect_uri = models.CharField(max_length=2000)
    scope = models.CharField(max_length=500, blank=True)
    nonce = models.CharField(max_length=500, blank=True)
    code_challenge = models.CharField(max_length=200, blank=True)
    code_challenge_method = models.CharField(max_length=10, blank=True)
    valid_to = models.DateTimeField()
    used = models.BooleanField(default=False)

    @classmethod
    def issue(cls, **fields) -> tuple[OidcAuthorizationCode, str]:
        raw = secrets.token_urlsafe(24)
        record = cls.objects.create(code_digest=_digest(raw), valid_to=timezone.now() + AUTHORIZATION_CODE_LIFETIME,
                                    **fields)
        return record, raw

    @classmethod
    def redeem(cls, raw: str) -> OidcAuthorizationCode | None:
        """The code's record, marked used, if it is known, unused and in time (else None)."""
        record = cls.objects.filter(code_digest=_digest(raw)).select_related("identity").first()
        if record is None:
            return None
        updated = cls.objects.filter(pk=record.pk, used=False, valid_to__gt=timezone.now()).update(used=True)
        return record if updated else None


class OidcAccessToken(SandboxModel):
    """An access token for the userinfo endpoint; CareCloud's social-network-login takes it too."""

    token_digest = models.CharField(max_length=64, unique=True)
    identity = models.ForeignKey(OidcIdentity, on_delete=models.CASCADE)
    client_id = models.CharField(max_length=200)
    valid_to = models.DateTimeField()

    @classmethod
    def issue(cls, identity: OidcIdentity, client_id: str) -> tuple[OidcAccessToken, str]:
        raw = secrets.token_urlsafe(32)
        record = cls.objects.create(token_digest=_digest(raw), identity=identity, client_id=client_id,
                                    valid_to=timezone.now() + ACCESS_TOKEN_LIFETIME)
        return record, raw

    @classmethod
    def identity_for(cls, raw: str) -> OidcIdentity | None:
        record = (cls.objects.filter(token_digest=_digest(raw), valid_to__gt=timezone.now())
                  .select_related("identity").first())
        return record.identity if record else None


class SocialLink(SandboxModel):
    """CareCloud's record that a customer signs in with an account of a social network: the
    network's id (``social_network_id``) and the account's id there (``subject``)."""

    social_network_id = models.CharField(max_length=100)
    subject = models.CharField(max_length=500)
    customer_id = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["social_network_id", "subject"], name="one_customer_per_social")]
