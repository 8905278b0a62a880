"""Credits: getCredits, getCreditTypes, getCreditHistory, getWalletCredits and
getWalletCreditsExpiration. Every operation is available on both interfaces; a customer token sees
only its own customer's credits.

Every figure comes from the one ledger (``models.credits``): a deposit is a credit record, and
``credit_lots`` says what is left of each.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .. import api, errors
from ..api import operation
from ..models import CreditMovement, CreditType
from ..models.credits import credit_lots


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _required_customer(call: api.Call):
    customer_id = call.q_str("customer_id", required=True)
    call.check()
    return call.customer_scope(customer_id)


@operation("getCreditTypes", "GET", "/credit-types")
def get_credit_types(call: api.Call):
    return call.page("credit_types", [
        {"credit_type_id": credit_type.pk, "name": call.tr(credit_type.name) or "",
         "last_change": api.fmt_ts(credit_type.last_change)}
        for credit_type in CreditType.objects.all()
    ])


@operation("getCredits", "GET", "/credits")
def get_credits(call: api.Call):
    """The credit records (deposits) with what is left of each; on the customer interface only the
    token's customer's (``customer_id`` optional there, scoped when given)."""
    customer_id = call.q_str("customer_id")
    credit_type_id = call.q_str("credit_type_id")
    created_from = call.q_datetime("create_credit_time_from")
    created_to = call.q_datetime("create_credit_time_to")
    note = call.q_str("note")
    call.check()
    if customer_id:
        customers = [call.customer_scope(customer_id).pk]
    elif call.interface == api.CUSTOMER:
        if call.customer is None:
            raise errors.unauthorized("No customer is logged in with this token.")
        customers = [call.customer.pk]
    else:
        customers = sorted(set(CreditMovement.objects.values_list("customer_id", flat=True)))
    now = api.now()
    rows = []
    for customer in customers:
        for lot in credit_lots(customer, now):
            movement = lot.movement
            if credit_type_id and movement.credit_type_id != credit_type_id:
                continue
            if created_from and movement.occurred < created_from:
                continue
            if created_to and movement.occurred > created_to:
                continue
            if note and not api.text_contains(movement.note, note):
                continue
            expired = lot.is_expired(now)
            rows.append({
                "credit_id": movement.pk,
                "customer_id": movement.customer_id,
                "assigned_credits": movement.amount,
                "available_credits": 0.0 if expired else lot.remaining,
                "credit_type_id": movement.credit_type_id,
                "partner_id": movement.partner_id,
                "currency_id": movement.currency_id,
                "state": 2 if expired else 1,
                **api.compact({"valid_to": api.fmt_ts(movement.valid_to), "note": call.tr(movement.note)}),
            })
    return call.page("credits", rows)


@operation("getCreditHistory", "GET", "/credit-history")
def get_credit_history(call: api.Call):
    """The customer's credit operations, newest first unless sorted otherwise."""
    store_id = call.q_str("store_id")
    partner_id = call.q_str("partner_id")
    time_from = call.q_datetime("time_from")
    time_to = call.q_datetime("time_to")
    operation_type = call.q_str("credit_operation_type")
    operation_note = call.q_str("credit_operation_note")
    customer = _required_customer(call)
    movements = CreditMovement.objects.filter(customer_id=customer.pk, occurred__lte=api.now())
    if store_id:
        movements = movements.filter(store_id=store_id)
    if partner_id:
        movements = movements.filter(partner_id=partner_id)
    if time_from:
        movements = movements.filter(occurred__gte=time_from)
    if time_to:
        movements = movements.filter(occurred__lte=time_to)
    rows = []
    for movement in movements:
        if operation_type and not api.text_contains(movement.operation_type, operation_type):
            continue
        if operation_note and not api.text_contains(movement.note, operation_note):
            continue
        rows.append(api.compact({
            "customer_id": movement.customer_id,
            "amount": movement.amount,
            "credit_operation_type": call.tr(movement.operation_type),
            "credit_operation_note": call.tr(movement.note),
            "partner_id": movement.partner_id,
            "currency_id": movement.currency_id,
            "store_id": movement.store_id,
            "credit_history_record_time": api.fmt_ts(movement.occurred),
        }))
    return call.page("credit_history", rows)


@operation("getWalletCredits", "GET", "/wallet/actions/credits-overview")
def get_wallet_credits(call: api.Call):
    """Earned and redeemed in the interval (local days, both ends included), available now; the
    same split by currency."""
    date_from = call.q_date("date_from")
    date_to = call.q_date("date_to")
    credit_type_id = call.q_str("credit_type_id")
    if date_from and date_to and date_from > date_to:
        call.add_invalid("date_to", errors.NOT_ALLOWED_VALUE, date_to.isoformat(),
                         "date_to must not be before date_from.")
    customer = _required_customer(call)
    now = api.now()
    movements = [m for m in CreditMovement.objects.filter(customer_id=customer.pk, occurred__lte=now)
                 if not credit_type_id or m.credit_type_id == credit_type_id]
    if date_from:
        movements = [m for m in movements if m.occurred >= _local_start(date_from)]
    if date_to:
        movements = [m for m in movements if m.occurred < _local_start(date_to + timedelta(days=1))]
    lots = [lot for lot in credit_lots(customer.pk, now) if not lot.is_expired(now)
            and (not credit_type_id or lot.movement.credit_type_id == credit_type_id)]
    currencies = sorted({m.currency_id for m in movements} | {lot.movement.currency_id for lot in lots})

    def figures(currency: str | None) -> dict:
        ours = [m for m in movements if currency is None or m.currency_id == currency]
        return {
            "earned_credits": round(sum(m.amount for m in ours if m.amount > 0), 2),
            "redeemed_credits": round(-sum(m.amount for m in ours if m.amount < 0), 2),
            "available_credits": round(sum(lot.remaining for lot in lots
                                           if currency is None or lot.movement.currency_id == currency), 2),
        }

    return api.ok({**figures(None),
                   "split_by_currency": [{"currency_id": currency, **figures(currency)} for currency in currencies]})


@operation("getWalletCreditsExpiration", "GET", "/wallet/actions/credits-expiration-overview")
def get_wallet_credits_expiration(call: api.Call):
    """What is left of the deposits not expired yet, by expiry date."""
    customer = _required_customer(call)
    now = api.now()
    expiring: dict[date, float] = {}
    for lot in credit_lots(customer.pk, now):
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
