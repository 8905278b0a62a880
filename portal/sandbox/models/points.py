"""Points, point types, statuses (tiers) and purchases.

The points ledger is the contract other groups use: reward redemption spends points through
:func:`spend_points`; balances come from :func:`available_points`.
"""

from datetime import datetime

from django.db import models
from django.db.models import Sum
from django.utils import timezone

from .base import SandboxModel

__all__ = ["PointMovement", "available_points", "record_points", "spend_points"]


class PointMovement(SandboxModel):
    """One line of a customer's points history: positive earned, negative redeemed/expired."""

    customer_id = models.CharField(max_length=64, db_index=True)
    points = models.FloatField()
    point_type_id = models.CharField(max_length=64, blank=True)
    # What caused it: "purchase", "bonus", "reward", "expiration", "manual".
    kind = models.CharField(max_length=32, default="bonus")
    name = models.JSONField(default=dict, blank=True)  # translated description
    store_id = models.CharField(max_length=64, blank=True)
    purchase_id = models.CharField(max_length=64, blank=True)
    reward_id = models.CharField(max_length=64, blank=True)
    voucher_id = models.CharField(max_length=64, blank=True)
    occurred = models.DateTimeField(default=timezone.now, db_index=True)
    # Earned points expire at the end of this day (None: never).
    valid_to = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred", "id"]


def available_points(customer_id: str, at: datetime | None = None) -> float:
    """The spendable balance: everything recorded up to ``at`` (expirations are movements too)."""
    at = at or timezone.now()
    total = PointMovement.objects.filter(customer_id=customer_id, occurred__lte=at).aggregate(s=Sum("points"))["s"]
    return round(total or 0.0, 2)


def record_points(customer_id: str, points: float, **fields) -> PointMovement:
    return PointMovement.objects.create(customer_id=customer_id, points=points, **fields)


def spend_points(customer_id: str, points: float, **fields) -> PointMovement | None:
    """Deduct ``points`` if the balance allows; None when it does not (nothing is recorded)."""
    if points <= 0:
        return None
    if available_points(customer_id) < points:
        return None
    return record_points(customer_id, -points, kind=fields.pop("kind", "reward"), **fields)
