"""Credits (money on the customer's account) and marketing-automation events.

Credits: every figure (credit records, history, the wallet overviews) comes from one ledger,
:class:`CreditMovement`, as points do: a deposit is a credit record; a reduction uses up the
deposits of its type and currency that expire first (FIFO by validity), which gives each record
its ``available_credits``. A project without credits has no credit types (and no movements).

Events: what ``POST /events`` received, kept for the control page ``/_sandbox/events`` (the
scenario CareCloud would start is not emulated).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import timezone

from .base import SandboxModel

__all__ = ["CreditMovement", "CreditType", "EventType", "MarketingEvent", "credit_lots"]


class CreditType(SandboxModel):
    """A credit programme (GET /credit-types)."""

    name = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]


class CreditMovement(SandboxModel):
    """One credit operation: a deposit (amount > 0, with its validity) or a reduction (< 0)."""

    customer_id = models.CharField(max_length=64, db_index=True)
    credit_type_id = models.CharField(max_length=64)
    currency_id = models.CharField(max_length=16)
    partner_id = models.CharField(max_length=64, blank=True)
    store_id = models.CharField(max_length=64, blank=True)
    amount = models.FloatField()
    operation_type = models.JSONField(default=dict)  # translated name of the operation
    note = models.JSONField(default=dict, blank=True)
    occurred = models.DateTimeField()
    valid_to = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred", "id"]


@dataclass
class CreditLot:
    movement: CreditMovement
    remaining: float

    def is_expired(self, now: datetime) -> bool:
        return self.movement.valid_to is not None and self.movement.valid_to <= now


def credit_lots(customer_id: str, now: datetime | None = None) -> list[CreditLot]:
    """The customer's deposits with what is left of each: reductions (in time order) use up the
    deposits of their type and currency that were valid at the time, soonest expiry first."""
    now = now or timezone.now()
    movements = sorted(CreditMovement.objects.filter(customer_id=customer_id, occurred__lte=now),
                       key=lambda m: (m.occurred, m.pk))
    lots: list[CreditLot] = []
    far = timezone.make_aware(datetime(9999, 12, 31))
    for movement in movements:
        if movement.amount > 0:
            lots.append(CreditLot(movement, movement.amount))
            continue
        left = -movement.amount
        usable = [lot for lot in lots if lot.remaining > 0 and not lot.is_expired(movement.occurred)
                  and lot.movement.credit_type_id == movement.credit_type_id
                  and lot.movement.currency_id == movement.currency_id]
        for lot in sorted(usable, key=lambda lot: lot.movement.valid_to or far):
            used = min(lot.remaining, left)
            lot.remaining = round(lot.remaining - used, 2)
            left = round(left - used, 2)
            if left <= 0:
                break
    return lots


class EventType(SandboxModel):
    """A marketing-automation event type (GET /event-types)."""

    event_group_id = models.CharField(max_length=64)
    event_group_text_id = models.CharField(max_length=64, blank=True)
    name = models.JSONField(default=dict)
    text_id = models.CharField(max_length=100, blank=True)
    icon_name = models.CharField(max_length=64, blank=True)
    state = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["id"]


class MarketingEvent(SandboxModel):
    """An event received by POST /events (it would start the type's scenario)."""

    event_type_id = models.CharField(max_length=64)
    customer_id = models.CharField(max_length=64, db_index=True)
    external_id = models.CharField(max_length=200)
    secondary_external_id = models.CharField(max_length=200, blank=True)
    data = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()
    property_records = models.JSONField(default=list, blank=True)
    received = models.DateTimeField(auto_now_add=True)
    interface = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-received", "id"]
