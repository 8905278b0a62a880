"""Points, point types, statuses (tiers) and purchases.

getWalletPoints, getWalletPointsExpiration, getSubCustomerPoints, getPointHistory, getPointsTypes,
getSubCustomerStatus, getStatuses, getStatus and getSubCustomerPurchases. Every operation is
available on both interfaces; a customer token sees only its own customer's data.

All point figures come from the one ledger (``models.points``): see ``point_lots`` for the rule.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .. import api, errors
from ..api import operation
from ..models import CustomerStatus, PointMovement, PointType, Purchase, StatusRecord
from ..models.points import (
    POINT_MONEY_VALUE,
    available_points,
    current_status_record,
    point_lots,
    settle_expirations,
)

OPERATION_TYPES = {
    PointMovement.Kind.PURCHASE: {"cs": "Body za nákup", "en": "Points for a purchase"},
    PointMovement.Kind.BONUS: {"cs": "Bonusové body", "en": "Bonus points"},
    PointMovement.Kind.MANUAL: {"cs": "Ruční úprava bodů", "en": "Manual points adjustment"},
    PointMovement.Kind.REWARD: {"cs": "Čerpání bodů za odměnu", "en": "Points redemption for a reward"},
    PointMovement.Kind.EXPIRATION: {"cs": "Expirace bodů", "en": "Points expiration"},
}
_OTHER_OPERATION = {"cs": "Pohyb bodů", "en": "Points movement"}


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _customer_filter(call: api.Call):
    """The ``customer_id`` query parameter (required), scoped to what the caller may see.

    Call it after parsing the other parameters: every problem is reported in one 400.
    """
    customer_id = call.q_str("customer_id", required=True)
    call.check()
    return call.customer_scope(customer_id)


def _ledger(customer_id: str):
    """The customer's movements up to now (expirations settled), newest first."""
    settle_expirations(customer_id)
    return list(PointMovement.objects.filter(customer_id=customer_id, occurred__lte=api.now()))


# --- wallet -------------------------------------------------------------------------------------


def money_value(customer_id: str, points: float) -> list[dict]:
    """The money value of ``points``, only when the customer's status allows paying with points."""
    record = current_status_record(customer_id)
    status = CustomerStatus.objects.filter(pk=record.status_id).first() if record else None
    if status is None or not status.payment_points:
        return []
    return [{"currency_id": currency, "value": round(points * rate, 2)} for currency, rate in POINT_MONEY_VALUE.items()]


@operation("getWalletPoints", "GET", "/wallet/actions/points-overview")
def get_wallet_points(call: api.Call):
    """Earned: the positive movements of the interval (local days, both ends included); redeemed:
    its deductions other than expirations; available: the balance now, whatever the interval."""
    date_from = call.q_date("date_from")
    date_to = call.q_date("date_to")
    if date_from and date_to and date_from > date_to:
        call.add_invalid("date_to", errors.NOT_ALLOWED_VALUE, date_to.isoformat(),
                         "date_to must not be before date_from.")
    customer = _customer_filter(call)
    available = available_points(customer.pk)
    movements = _ledger(customer.pk)
    if date_from:
        start = _local_start(date_from)
        movements = [m for m in movements if m.occurred >= start]
    if date_to:
        end = _local_start(date_to + timedelta(days=1))
        movements = [m for m in movements if m.occurred < end]
    earned = sum(m.points for m in movements if m.points > 0)
    redeemed = -sum(m.points for m in movements if m.points < 0 and not m.is_expiration)
    return api.ok({
        "earned_points": round(earned, 2),
        "redeemed_points": round(redeemed, 2),
        "available_points": available,
        "available_points_money_value": money_value(customer.pk, available),
    })


@operation("getWalletPointsExpiration", "GET", "/wallet/actions/points-expiration-overview")
def get_wallet_points_expiration(call: api.Call):
    """What remains of the lots that have not expired yet, by expiry date (see ``point_lots``)."""
    customer = _customer_filter(call)
    now = api.now()
    settle_expirations(customer.pk)
    expiring: dict[date, float] = {}
    for lot in point_lots(customer.pk, now):
        valid_to = lot.movement.valid_to
        if lot.remaining > 0 and valid_to is not None and valid_to > now:
            day = timezone.localtime(valid_to).date()
            expiring[day] = expiring.get(day, 0) + lot.remaining
    today = timezone.localtime(now).date()
    this_month = sum(amount for day, amount in expiring.items() if (day.year, day.month) == (today.year, today.month))
    data = {"next_amount": 0.0, "current_month_amount": round(this_month, 2)}
    if expiring:
        next_date = min(expiring)
        data.update(next_amount=round(expiring[next_date], 2), next_date=next_date.isoformat())
    return api.ok(data)


# --- point records and history ------------------------------------------------------------------


POINT_RECORD_FIELDS = {"point_id", "customer_id", "assigned_points", "available_points", "point_type_id",
                       "partner_id", "valid_to", "state", "created_at", "note"}


def serialize_point_record(call: api.Call, movement: PointMovement, remaining: float | None) -> dict:
    """A point record: an earning (with what is left of it) or a redemption."""
    expired = movement.valid_to is not None and movement.valid_to <= api.now()
    record = {
        "point_id": movement.pk,
        "customer_id": movement.customer_id,
        "assigned_points": movement.points,
        "available_points": 0.0 if expired or remaining is None else remaining,
        "point_type_id": movement.point_type_id,
        "partner_id": movement.partner_id,
        "state": 2 if expired else 1,
        "created_at": api.fmt_ts(movement.occurred),
        "note": call.tr(movement.name) or "",
    }
    if movement.valid_to is not None:
        record["valid_to"] = api.fmt_ts(movement.valid_to)
    return record


@operation("getSubCustomerPoints", "GET", "/customers/{customer_id}/points")
def get_sub_customer_points(call: api.Call, customer_id: str):
    """Earnings and redemptions; expirations are not records of their own but make a lot non active."""
    customer = call.customer_scope(customer_id)
    point_type_id = call.q_str("point_type_id")
    movements = _ledger(customer.pk)
    remaining = {lot.movement.pk: lot.remaining for lot in point_lots(customer.pk)}
    rows = [
        serialize_point_record(call, m, remaining.get(m.pk))
        for m in movements
        if not m.is_expiration and (point_type_id is None or m.point_type_id == point_type_id)
    ]
    return call.page("points", rows, POINT_RECORD_FIELDS)


HISTORY_FIELDS = {"customer_id", "point_amount", "point_operation_type", "point_operation_note", "point_type_id",
                  "partner_id", "store_id", "point_history_record_time", "extended_data"}


def _extended_data(movement: PointMovement, purchases: dict[str, Purchase]) -> dict:
    """Details by the kind of operation, as CareCloud's ``extended_data`` JSON carries them."""
    data: dict = {}
    if movement.points > 0:
        data["date_of_points_expiration"] = api.fmt_date(
            timezone.localtime(movement.valid_to).date()) if movement.valid_to else None
    elif movement.is_expiration:
        data["date_of_points_expiration"] = api.fmt_date(timezone.localtime(movement.occurred).date())
    purchase = purchases.get(movement.purchase_id)
    if purchase is not None:
        data.update(purchase_id=purchase.pk, external_purchase_id=purchase.external_purchase_id,
                    purchase_value=purchase.total_price)
    if movement.reward_id:
        data["reward_id"] = movement.reward_id
    if movement.voucher_id:
        data["voucher_id"] = movement.voucher_id
    return data


def serialize_history(call: api.Call, movement: PointMovement, purchases: dict[str, Purchase]) -> dict:
    row = {
        "customer_id": movement.customer_id,
        "point_amount": movement.points,
        "point_operation_type": call.tr(OPERATION_TYPES.get(movement.kind, _OTHER_OPERATION)),
        "point_operation_note": call.tr(movement.name) or "",
        "point_type_id": movement.point_type_id,
        "partner_id": movement.partner_id,
        "point_history_record_time": api.fmt_ts(movement.occurred),
        "extended_data": json.dumps(_extended_data(movement, purchases), ensure_ascii=False),
    }
    if movement.store_id:
        row["store_id"] = movement.store_id
    return row


@operation("getPointHistory", "GET", "/point-history")
def get_point_history(call: api.Call):
    """The ledger of one customer, newest first. ``point_operation_type`` and
    ``point_operation_note`` match a part of the text in either language."""
    store_id = call.q_str("store_id")
    partner_id = call.q_str("partner_id")
    time_from = call.q_datetime("time_from")
    time_to = call.q_datetime("time_to")
    operation_type = call.q_str("point_operation_type")
    operation_note = call.q_str("point_operation_note")
    point_type_id = call.q_str("point_type_id")
    customer = _customer_filter(call)
    movements = [
        m for m in _ledger(customer.pk)
        if (store_id is None or m.store_id == store_id)
        and (partner_id is None or m.partner_id == partner_id)
        and (point_type_id is None or m.point_type_id == point_type_id)
        and (time_from is None or m.occurred >= time_from)
        and (time_to is None or m.occurred <= time_to)
        and (operation_type is None or api.text_contains(OPERATION_TYPES.get(m.kind, _OTHER_OPERATION), operation_type))
        and (operation_note is None or api.text_contains(m.name or {}, operation_note))
    ]
    purchases = Purchase.objects.in_bulk({m.purchase_id for m in movements if m.purchase_id})
    return call.page("point_history", [serialize_history(call, m, purchases) for m in movements], HISTORY_FIELDS)


@operation("getPointsTypes", "GET", "/point-types")
def get_point_types(call: api.Call):
    rows = [
        {"point_type_id": t.pk, "name": call.tr(t.name), "last_change": api.fmt_ts(t.last_change)}
        for t in PointType.objects.all()
    ]
    return call.page("point_types", rows, {"point_type_id", "name", "last_change"})


# --- statuses -----------------------------------------------------------------------------------


STATUS_FIELDS = {"status_id", "name", "description", "qualification_period", "qualification_turnover",
                 "qualification_points", "previous_status", "next_status", "validity_period", "collection_points",
                 "payment_points", "qualification_type", "discount",
                 "overall_discount_on_discounted_purchase_items", "text_id", "last_change"}


def serialize_status(call: api.Call, status: CustomerStatus) -> dict:
    data = {
        "status_id": status.pk,
        "name": call.tr(status.name),
        "description": call.tr(status.description),
        "qualification_turnover": status.qualification_turnover,
        "validity_period": call.tr(status.validity_period),
        "collection_points": status.collection_points,
        "payment_points": status.payment_points,
        "qualification_type": status.qualification_type,
        "discount": status.discount,
        "overall_discount_on_discounted_purchase_items": status.overall_discount_on_discounted_purchase_items,
        "text_id": status.text_id,
        "last_change": api.fmt_ts(status.last_change),
    }
    optional = {
        "qualification_period": status.qualification_period,
        "qualification_points": status.qualification_points,
        "previous_status": status.previous_status_id or None,
        "next_status": status.next_status_id or None,
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


@operation("getStatuses", "GET", "/statuses")
def get_statuses(call: api.Call):
    text_id = call.q_str("text_id")
    statuses = CustomerStatus.objects.all()
    if text_id is not None:
        statuses = statuses.filter(text_id=text_id)
    return call.page("statuses", [serialize_status(call, s) for s in statuses], STATUS_FIELDS)


@operation("getStatus", "GET", "/statuses/{status_id}")
def get_status(call: api.Call, status_id: str):
    status = api.get_or_404(CustomerStatus, status_id, "statuses")
    return api.ok(serialize_status(call, status))


def _missing_turnover(required: list[dict], turnover: dict[str, float], due: date) -> list[dict]:
    return [
        {"currency_id": t["currency_id"], "value": round(max(0.0, t["value"] - turnover.get(t["currency_id"], 0.0)), 2),
         "due_date": due.isoformat()}
        for t in required
    ]


def purchase_conditions(record: StatusRecord, status: CustomerStatus) -> dict:
    """What the customer still lacks to keep the status and to reach the next one, counted over the
    status's qualification period (turnover of purchases, points earned), due when the record ends."""
    now = api.now()
    since = now - timedelta(days=round(30.4 * (status.qualification_period or 12)))
    turnover: dict[str, float] = {}
    for purchase in Purchase.objects.filter(customer_id=record.customer_id, payment_time__gte=since,
                                            payment_time__lte=now):
        turnover[purchase.currency_id] = turnover.get(purchase.currency_id, 0.0) + purchase.total_price
    earned = sum(m.points for m in PointMovement.objects.filter(
        customer_id=record.customer_id, occurred__gte=since, occurred__lte=now, points__gt=0))
    due = timezone.localtime(record.valid_to).date()
    conditions = {
        "keep_status_turnover": _missing_turnover(status.qualification_turnover, turnover, due),
        "next_status_turnover": [],
        "keep_status_points": round(max(0.0, (status.qualification_points or 0) - earned), 2),
    }
    following = CustomerStatus.objects.filter(pk=status.next_status_id).first() if status.next_status_id else None
    if following is not None:
        conditions.update(
            next_status_turnover=_missing_turnover(following.qualification_turnover, turnover, due),
            next_status_points=round(max(0.0, (following.qualification_points or 0) - earned), 2),
            next_status_id=following.pk,
        )
    return conditions


STATUS_RECORD_FIELDS = {"status_record_id", "status_id", "customer_id", "valid_from", "valid_to",
                        "purchase_conditions", "last_change", "state"}


def serialize_status_record(record: StatusRecord, statuses: dict[str, CustomerStatus]) -> dict:
    data = {
        "status_record_id": record.pk,
        "status_id": record.status_id,
        "customer_id": record.customer_id,
        "valid_from": api.fmt_ts(record.valid_from),
        "valid_to": api.fmt_ts(record.valid_to),
        "last_change": api.fmt_ts(record.last_change),
        "state": record.state,
    }
    status = statuses.get(record.status_id)
    if status is not None and record.is_valid(api.now()):
        data["purchase_conditions"] = purchase_conditions(record, status)
    return data


@operation("getSubCustomerStatus", "GET", "/customers/{customer_id}/status-records")
def get_sub_customer_status(call: api.Call, customer_id: str):
    """All status records, newest first; purchase conditions are given for the valid one."""
    customer = call.customer_scope(customer_id)
    valid_now = call.q_bool("valid_now")
    call.check()
    now = api.now()
    records = [r for r in StatusRecord.objects.filter(customer_id=customer.pk).order_by("-valid_from")
               if valid_now is None or r.is_valid(now) == valid_now]
    statuses = CustomerStatus.objects.in_bulk({r.status_id for r in records})
    return call.page("status_records", [serialize_status_record(r, statuses) for r in records],
                     STATUS_RECORD_FIELDS)


# --- purchases ----------------------------------------------------------------------------------


PURCHASE_FIELDS = {"purchase_id", "customer_id", "store_id", "external_purchase_id", "payment_time", "items_count",
                   "purchase_items", "type_id", "total_price", "currency_id", "card_number", "cashdesk_number",
                   "last_change", "property_records"}


def serialize_purchase_item(call: api.Call, item) -> dict:
    data = {
        "purchase_item_id": item.pk,
        "product_id": item.product_id,
        "product_name": call.tr(item.product_name),
        "purchase_item_type_id": item.purchase_item_type_id,
        "price": item.price,
        "amount": item.amount,
        "vat_rate": item.vat_rate,
        "additional_properties": [],
    }
    optional = {
        "product_group_id": item.product_group_id,
        "product_group_name": call.tr(item.product_group_name),
        "product_brand_id": item.product_brand_id,
        "product_brand_name": item.product_brand_name,
        "external_id": item.external_id,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data


def serialize_purchase(call: api.Call, purchase: Purchase, with_items: bool) -> dict:
    items = list(purchase.items.all())
    data = {
        "purchase_id": purchase.pk,
        "customer_id": purchase.customer_id,
        "store_id": purchase.store_id,
        "external_purchase_id": purchase.external_purchase_id,
        "payment_time": api.fmt_ts(purchase.payment_time),
        "items_count": len(items),
        # Populated only on request; otherwise an empty array (as the spec says).
        "purchase_items": [serialize_purchase_item(call, item) for item in items] if with_items else [],
        "type_id": purchase.type_id,
        "total_price": purchase.total_price,
        "currency_id": purchase.currency_id,
        "cashdesk_number": purchase.cashdesk_number,
        "last_change": api.fmt_ts(purchase.last_change),
        "property_records": [],
    }
    if purchase.card_number:
        data["card_number"] = purchase.card_number
    return data


@operation("getSubCustomerPurchases", "GET", "/customers/{customer_id}/purchases")
def get_sub_customer_purchases(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    filters = {
        "store_id": call.q_str("store_id"),
        "type_id": call.q_str("type_id"),
        "external_purchase_id": call.q_str("external_purchase_id"),
        "payment_time__gte": call.q_datetime("payment_time_from"),
        "payment_time__lte": call.q_datetime("payment_time_to"),
    }
    with_items = call.q_bool("purchase_items_extension", False)
    call.check()
    purchases = Purchase.objects.filter(customer_id=customer.pk, **{k: v for k, v in filters.items() if v is not None})
    rows = [serialize_purchase(call, p, with_items) for p in purchases.prefetch_related("items")]
    return call.page("purchases", rows, PURCHASE_FIELDS)
