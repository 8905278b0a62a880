"""Points, point types, statuses (tiers) and purchases.

The points ledger is the contract other groups use: reward redemption spends points through
:func:`spend_points`; balances come from :func:`available_points`.

Every figure about points (balance, overview, expirations, point records, history) is computed
from the one ledger, :class:`PointMovement`, so they always agree. How the ledger is read is
described in :func:`point_lots`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Sum
from django.utils import timezone

from .base import SandboxModel
from .core import Customer
from .reference import Store

__all__ = [
    "CustomerStatus",
    "PointLot",
    "PointMovement",
    "PointType",
    "Purchase",
    "PurchaseItem",
    "StatusRecord",
    "available_points",
    "current_status_record",
    "point_lots",
    "record_points",
    "settle_expirations",
    "spend_points",
]

# The money value of one point in every system currency (the project's setup).
POINT_MONEY_VALUE = {"czk": 0.1}


class PointType(SandboxModel):
    """A point programme (GET /point-types)."""

    name = models.JSONField(default=dict)
    # Points of this type expire this many days after they are earned (None: never).
    validity_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def valid_to_for(self, earned: datetime) -> datetime | None:
        """End of the last day of validity of points earned at ``earned``."""
        if self.validity_days is None:
            return None
        last_day = timezone.localtime(earned) + timedelta(days=self.validity_days)
        return last_day.replace(hour=23, minute=59, second=59, microsecond=0)


class PointMovement(SandboxModel):
    """One line of a customer's points history: positive earned, negative redeemed/expired."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase"
        BONUS = "bonus"
        MANUAL = "manual"
        REWARD = "reward"
        EXPIRATION = "expiration"

    customer_id = models.CharField(max_length=64, db_index=True)
    points = models.FloatField()
    point_type_id = models.CharField(max_length=64, blank=True)
    # What caused it: "purchase", "bonus", "reward", "expiration", "manual".
    kind = models.CharField(max_length=32, default="bonus")
    name = models.JSONField(default=dict, blank=True)  # translated description
    store_id = models.CharField(max_length=64, blank=True)
    partner_id = models.CharField(max_length=64, blank=True)
    purchase_id = models.CharField(max_length=64, blank=True)
    reward_id = models.CharField(max_length=64, blank=True)
    voucher_id = models.CharField(max_length=64, blank=True)
    occurred = models.DateTimeField(default=timezone.now, db_index=True)
    # Earned points expire at the end of this day (None: never).
    valid_to = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred", "id"]

    @property
    def is_expiration(self) -> bool:
        return self.kind == self.Kind.EXPIRATION


@dataclass
class PointLot:
    """An earning (a positive movement) and how much of it is left."""

    movement: PointMovement
    remaining: float

    def is_expired(self, at: datetime) -> bool:
        return self.movement.valid_to is not None and self.movement.valid_to <= at


def point_lots(customer_id: str, at: datetime | None = None) -> list[PointLot]:
    """Replay the customer's ledger up to ``at`` and say what is left of every earning.

    The rule (FIFO): movements are replayed in time order, earnings before deductions at the
    same instant. Every positive movement opens a lot. A negative movement consumes lots in the
    order they were earned, oldest first:

    * an expiration consumes only lots whose ``valid_to`` has passed at its time;
    * any other deduction (a reward, a manual correction) consumes only lots still valid then.

    Whatever a deduction cannot cover is dropped (``spend_points`` refuses such a deduction).
    So, once expirations are settled, the balance (the sum of all movements) equals the sum of
    the lots' remainders, and "expiring soon" is the remainder of the lots that expire soon.
    """
    at = at or timezone.now()
    movements = sorted(
        PointMovement.objects.filter(customer_id=customer_id, occurred__lte=at),
        key=lambda m: (m.occurred, m.points < 0, m.id),
    )
    lots: list[PointLot] = []
    for movement in movements:
        if movement.points > 0:
            lots.append(PointLot(movement, movement.points))
            continue
        missing = -movement.points
        for lot in lots:
            if missing <= 0:
                break
            if lot.remaining <= 0 or lot.is_expired(movement.occurred) != movement.is_expiration:
                continue
            taken = min(lot.remaining, missing)
            lot.remaining = round(lot.remaining - taken, 2)
            missing -= taken
    return lots


def _expiration_id(lot_id: str) -> str:
    # Deterministic, so settling twice (or re-seeding) never records an expiration twice.
    return hashlib.sha256(f"expiration:{lot_id}".encode()).hexdigest()[:26]


def settle_expirations(customer_id: str) -> None:
    """Record an expiration movement (at its ``valid_to``) for what is left of every lapsed lot.

    CareCloud does this in a nightly job; the sandbox does it whenever the ledger is read.
    """
    now = timezone.now()
    for lot in point_lots(customer_id, now):
        if lot.remaining <= 0 or not lot.is_expired(now):
            continue
        earned = lot.movement
        day = timezone.localtime(earned.occurred).date()
        PointMovement.objects.get_or_create(
            pk=_expiration_id(earned.id),
            defaults={
                "customer_id": customer_id,
                "points": -lot.remaining,
                "point_type_id": earned.point_type_id,
                "kind": PointMovement.Kind.EXPIRATION,
                "name": {
                    "cs": f"Expirace bodů získaných {day.day}. {day.month}. {day.year}",
                    "en": f"Expiry of points earned on {day.isoformat()}",
                },
                "partner_id": earned.partner_id,
                "occurred": earned.valid_to,
            },
        )


def available_points(customer_id: str, at: datetime | None = None) -> float:
    """The spendable balance: everything recorded up to ``at`` (expirations are movements too)."""
    settle_expirations(customer_id)
    at = at or timezone.now()
    total = PointMovement.objects.filter(customer_id=customer_id, occurred__lte=at).aggregate(s=Sum("points"))["s"]
    return round(total or 0.0, 2)


def _partner_id(customer_id: str, store_id: str) -> str:
    """The partner company of the movement's store, else of the customer's home store."""
    home = Customer.objects.filter(pk=customer_id).values_list("store_id", flat=True).first()
    for candidate in (store_id, home):
        partner = Store.objects.filter(pk=candidate).values_list("partner_id", flat=True).first() if candidate else None
        if partner:
            return partner
    return Store.objects.order_by("id").values_list("partner_id", flat=True).first() or ""


def record_points(customer_id: str, points: float, **fields) -> PointMovement:
    if not fields.get("partner_id"):
        fields["partner_id"] = _partner_id(customer_id, fields.get("store_id", ""))
    return PointMovement.objects.create(customer_id=customer_id, points=points, **fields)


def spend_points(customer_id: str, points: float, **fields) -> PointMovement | None:
    """Deduct ``points`` if the balance allows; None when it does not (nothing is recorded).

    Without an explicit ``point_type_id`` the deduction takes the type of the oldest lot it
    consumes.
    """
    if points <= 0:
        return None
    if available_points(customer_id) < points:
        return None
    if not fields.get("point_type_id"):
        first = next((lot for lot in point_lots(customer_id) if lot.remaining > 0
                      and not lot.is_expired(timezone.now())), None)
        fields["point_type_id"] = first.movement.point_type_id if first else ""
    return record_points(customer_id, -points, kind=fields.pop("kind", "reward"), **fields)


class CustomerStatus(SandboxModel):
    """A loyalty tier (GET /statuses), e.g. Bronze → Silver → Gold."""

    text_id = models.CharField(max_length=64, unique=True)
    name = models.JSONField(default=dict)
    description = models.JSONField(default=dict)
    rank = models.PositiveSmallIntegerField(default=0)
    qualification_period = models.PositiveSmallIntegerField(null=True, blank=True)  # months
    qualification_turnover = models.JSONField(default=list, blank=True)  # [{"currency_id", "value"}]
    qualification_points = models.FloatField(null=True, blank=True)
    previous_status_id = models.CharField(max_length=64, blank=True)
    next_status_id = models.CharField(max_length=64, blank=True)
    validity_period = models.JSONField(default=dict)  # translated, e.g. {"en": "12 months"}
    collection_points = models.BooleanField(default=True)
    payment_points = models.BooleanField(default=True)
    qualification_type = models.PositiveSmallIntegerField(default=2)  # 0 account / 1 manual / 2 conditions
    discount = models.PositiveSmallIntegerField(default=0)
    overall_discount_on_discounted_purchase_items = models.BooleanField(default=False)

    class Meta:
        ordering = ["rank", "id"]


class StatusRecord(SandboxModel):
    """A period during which a customer held a status (only one is valid at a time)."""

    customer_id = models.CharField(max_length=64, db_index=True)
    status_id = models.CharField(max_length=64)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField()
    state = models.PositiveSmallIntegerField(default=1)  # 0 deleted / 1 active / 2 non active

    class Meta:
        ordering = ["valid_from", "id"]

    def is_valid(self, at: datetime) -> bool:
        return self.state == 1 and self.valid_from <= at <= self.valid_to


def current_status_record(customer_id: str) -> StatusRecord | None:
    now = timezone.now()
    return next((r for r in StatusRecord.objects.filter(customer_id=customer_id) if r.is_valid(now)), None)


class Purchase(SandboxModel):
    """A purchase on a customer account (a bill in a store or an e-shop order)."""

    customer_id = models.CharField(max_length=64, db_index=True)
    store_id = models.CharField(max_length=64)
    external_purchase_id = models.CharField(max_length=64)
    payment_time = models.DateTimeField()
    type_id = models.CharField(max_length=64)
    total_price = models.FloatField()
    currency_id = models.CharField(max_length=16)
    card_number = models.CharField(max_length=32, blank=True)
    cashdesk_number = models.CharField(max_length=32)

    class Meta:
        ordering = ["-payment_time", "id"]


class PurchaseItem(SandboxModel):
    purchase = models.ForeignKey(Purchase, related_name="items", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(default=0)
    product_id = models.CharField(max_length=64)
    product_name = models.JSONField(default=dict)
    product_group_id = models.CharField(max_length=64, blank=True)
    product_group_name = models.JSONField(default=dict, blank=True)
    product_brand_id = models.CharField(max_length=64, blank=True)
    product_brand_name = models.CharField(max_length=200, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    purchase_item_type_id = models.CharField(max_length=64)
    price = models.FloatField()
    amount = models.FloatField(default=1)
    vat_rate = models.FloatField(default=21)

    class Meta:
        ordering = ["position", "id"]
