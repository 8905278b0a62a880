"""Sandbox models of the loyalty group: card types, cards, rewards, vouchers (see handlers/loyalty.py).

Validity windows (``valid_from``/``valid_to``) are open-ended where empty; "valid" always means
"now is within the window".
"""

import secrets
from datetime import datetime

from django.db import models
from django.utils import timezone

from .base import SandboxModel

__all__ = ["Card", "CardType", "DigitalCardFile", "Reward", "Voucher"]


def _within(valid_from: datetime | None, valid_to: datetime | None, at: datetime | None = None) -> bool:
    at = at or timezone.now()
    return (valid_from is None or valid_from <= at) and (valid_to is None or at <= valid_to)


def validity_q(valid: bool, at: datetime | None = None) -> models.Q:
    """A filter on ``valid_from``/``valid_to``: inside the window now (True) or outside it (False)."""
    at = at or timezone.now()
    inside = (models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=at)) & (
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=at)
    )
    return inside if valid else ~inside


class CardType(SandboxModel):
    text_id = models.CharField(max_length=64, unique=True)
    name = models.JSONField(default=dict)  # translated
    prefix = models.CharField(max_length=32)

    class Meta:
        ordering = ["text_id"]


class Card(SandboxModel):
    """A customer's card (plastic, digital, partner...). The card number is also a login."""

    class State(models.IntegerChoices):
        BLOCKED = 0
        ACTIVE = 1

    card_type_id = models.CharField(max_length=64)
    customer_id = models.CharField(max_length=64, blank=True, db_index=True)
    card_number = models.CharField(max_length=64, unique=True)
    secondary_card_number = models.CharField(max_length=64, blank=True, db_index=True)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_to = models.DateTimeField(null=True, blank=True)
    store_id = models.CharField(max_length=64, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)

    class Meta:
        ordering = ["card_number"]


VOUCHER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes


def new_voucher_code() -> str:
    return "".join(secrets.choice(VOUCHER_CODE_ALPHABET) for _ in range(10))


def new_file_id() -> str:
    """Unguessable: the file URL is its only protection."""
    return secrets.token_hex(20)


class DigitalCardFile(SandboxModel):
    """A generated card image, served at a random URL; the image is drawn from the card on request."""

    id = models.CharField(primary_key=True, max_length=64, default=new_file_id, editable=False)
    card_id = models.CharField(max_length=64, db_index=True)
    file_type = models.CharField(max_length=16)  # "png" (Code 128 barcode), "qr-png" or "wallet"
    created = models.DateTimeField(auto_now_add=True)


class Reward(SandboxModel):
    """A reward of the loyalty programme; vouchers are issued from it."""

    class Group(models.IntegerChoices):
        PARTY_TIME = 0  # cash desk reward
        CATALOG = 1
        CAMPAIGN = 2
        SIMPLE = 4

    class State(models.IntegerChoices):
        DELETED = 0
        ACTIVE = 1
        INACTIVE = 2

    code = models.CharField(max_length=64, unique=True)
    name = models.JSONField(default=dict)  # translated, like note and subtitle
    note = models.JSONField(default=dict, blank=True)
    subtitle = models.JSONField(default=dict, blank=True)
    points_cost = models.FloatField(null=True, blank=True)  # None/0: no points needed
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_to = models.DateTimeField(null=True, blank=True)
    valid_time_from = models.TimeField(null=True, blank=True)  # time of day (e.g. happy hour)
    valid_time_to = models.TimeField(null=True, blank=True)
    reward_group = models.PositiveSmallIntegerField(choices=Group.choices, default=Group.CATALOG)
    reward_type_id = models.CharField(max_length=64, blank=True)
    store_ids = models.JSONField(default=list, blank=True)  # where it can be redeemed
    customer_ids = models.JSONField(default=list, blank=True)  # empty: every customer
    customer_type_ids = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)  # [{"tag_id", "text_id", "name": {cs, en}}]
    priority = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 (highest) .. 9
    image_urls = models.JSONField(default=list, blank=True)
    reward_external_url = models.CharField(max_length=500, blank=True)
    is_automated = models.BooleanField(default=False)
    # What a voucher issued from this reward gets.
    voucher_value = models.FloatField(null=True, blank=True)
    voucher_valid_days = models.PositiveIntegerField(default=30)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)

    class Meta:
        ordering = ["priority", "code"]

    @property
    def is_valid(self) -> bool:
        return _within(self.valid_from, self.valid_to)

    def available_to(self, customer_id: str) -> bool:
        return not self.customer_ids or customer_id in self.customer_ids


class Voucher(SandboxModel):
    """A customer's voucher; ``applied_date`` is set once it was used in a purchase."""

    class State(models.IntegerChoices):
        DELETED = 0
        ACTIVE = 1
        INACTIVE = 2

    customer_id = models.CharField(max_length=64, db_index=True)
    reward_id = models.CharField(max_length=64, blank=True, db_index=True)
    code = models.CharField(max_length=64, unique=True, default=new_voucher_code)
    value = models.FloatField(null=True, blank=True)
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_to = models.DateTimeField(null=True, blank=True)
    applied_date = models.DateTimeField(null=True, blank=True)
    store_id = models.CharField(max_length=64, blank=True)  # where it was applied
    note = models.CharField(max_length=500, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "id"]
