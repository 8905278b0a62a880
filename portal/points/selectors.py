"""Reads for the points page: the balance (points overview), the next expiring points and one page
of the point history, read at once. The balance and the history are the page's own data (their
failure is the error page); what expires is secondary: the page goes without it."""

from __future__ import annotations

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import resources
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import Pagination, to_date, to_datetime, to_number

HISTORY_PAGE_SIZE = 10


def points_for_customer(*, session: CustomerSession, page: int = 1) -> dict:
    """Balance (points overview), the next expiring points and one page of the point history."""
    auth = customer_auth(session)
    pagination = Pagination(number=page, size=HISTORY_PAGE_SIZE, total=0)
    reads = concurrently(
        overview=lambda: resources.wallet_points(**auth),
        expiration=lambda: optional("points expiration", lambda: resources.wallet_points_expiration(**auth), {}),
        history=lambda: resources.point_history(**auth, count=pagination.size, offset=pagination.offset),
    )
    overview, expiration, history = reads["overview"], reads["expiration"], reads["history"]
    return {
        "available": to_number(overview.get("available_points")),
        "earned": to_number(overview.get("earned_points")),
        "redeemed": to_number(overview.get("redeemed_points")),
        "money_values": [{"value": to_number(m.get("value")), "currency": str(m.get("currency_id") or "").upper()}
                         for m in (overview.get("available_points_money_value") or [])
                         if isinstance(m, dict) and to_number(m.get("value")) is not None],
        "expiring_amount": to_number(expiration.get("next_amount")),
        "expiring_date": to_date(expiration.get("next_date")),
        "expiring_this_month": to_number(expiration.get("current_month_amount")),
        "history": [{
            "time": to_datetime(row.get("point_history_record_time")),
            "amount": to_number(row.get("point_amount")),
            "type": row.get("point_operation_type") or "",
            "note": row.get("point_operation_note") or "",
        } for row in history.items],
        "pagination": Pagination(number=page, size=pagination.size, total=history.total),
    }
