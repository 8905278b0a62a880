"""Reads of the credits page: the balance per credit type and currency, what expires when (both
from the customer's credit records) and one page of the credit history, read at once; and whether
the project uses credits at all (it has credit types: reference data, cached per language).

A project without credit types has no credits section: no page (404) and no navigation entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import reference, resources
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import Pagination, to_datetime, to_number

HISTORY_PAGE_SIZE = 10


@dataclass(frozen=True)
class Balance:
    credit_type: str
    currency: str  # "CZK"
    amount: int | float


@dataclass(frozen=True)
class Expiry:
    date: date
    credit_type: str
    currency: str
    amount: int | float


@dataclass(frozen=True)
class HistoryRow:
    time: datetime | None
    amount: int | float | None
    currency: str
    kind: str
    note: str


def project_has_credits(*, token: str) -> bool:
    """Whether the project uses credits (it has credit types). Unknown when CareCloud cannot say:
    then False, and the section stays hidden until it can."""
    return bool(optional("credit types", lambda: reference.credit_types(token=token), []))


def _currency(value) -> str:
    return str(value or "").upper()


def credits_for_customer(*, session: CustomerSession, page: int = 1, now: datetime | None = None) -> dict:
    """The balances, what expires (soonest first) and one page of the history. ``has_credits``
    is False where the project has no credit types (the view answers 404 then)."""
    auth = customer_auth(session)
    pagination = Pagination(number=page, size=HISTORY_PAGE_SIZE, total=0)
    reads = concurrently(
        types=lambda: reference.credit_types(token=auth["token"]),
        records=lambda: resources.credits_every(**auth),
        history=lambda: resources.credit_history(**auth, count=pagination.size, offset=pagination.offset),
    )
    if not reads["types"]:
        return {"has_credits": False}
    names = reference.names(reads["types"], "credit_type_id")
    now = now or timezone.localtime()
    balances: dict[tuple[str, str], float] = {}
    expiring: dict[tuple[date, str, str], float] = {}
    for record in reads["records"]:
        if not isinstance(record, dict) or record.get("state", 1) != 1:
            continue
        available = to_number(record.get("available_credits")) or 0
        valid_to = to_datetime(record.get("valid_to"))
        if available <= 0 or (valid_to is not None and valid_to <= now):
            continue
        credit_type = names.get(str(record.get("credit_type_id") or ""), "")
        currency = _currency(record.get("currency_id"))
        balances[(credit_type, currency)] = balances.get((credit_type, currency), 0) + available
        if valid_to is not None:
            key = (timezone.localtime(valid_to).date(), credit_type, currency)
            expiring[key] = expiring.get(key, 0) + available
    history = reads["history"]
    return {
        "has_credits": True,
        "balances": [Balance(credit_type=kind, currency=currency, amount=to_number(round(amount, 2)))
                     for (kind, currency), amount in sorted(balances.items())],
        "expiring": [Expiry(date=day, credit_type=kind, currency=currency, amount=to_number(round(amount, 2)))
                     for (day, kind, currency), amount in sorted(expiring.items())],
        "history": [HistoryRow(
            time=to_datetime(row.get("credit_history_record_time")),
            amount=to_number(row.get("amount")),
            currency=_currency(row.get("currency_id")),
            kind=str(row.get("credit_operation_type") or ""),
            note=str(row.get("credit_operation_note") or ""),
        ) for row in history.items if isinstance(row, dict)],
        "pagination": Pagination(number=page, size=pagination.size, total=history.total),
    }
