"""Reads for the purchase pages (selectors): the customer's purchases, newest first, with the
store, date, total and the points each brought; one purchase with its items.

The points of a purchase are its point records (getSubPurchasePoints), read for the purchases of
the shown page at once and kept for the session (see ``_points_read``); a failed read leaves that
figure out, not the page. A purchase's page is shown only for the customer's own purchase:
getPurchase is "a specific purchase" of the project, so its ``customer_id`` must be the session's
(else the page is a 404, as for another's reward).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.urls import reverse

from portal.accounts.session import CustomerSession
from portal.carecloud import customer_cache, reference, resources
from portal.carecloud import exceptions as cc
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import URL_ID, Pagination, to_datetime, to_number

PURCHASE_PAGE_SIZE = 10
_CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")


def _currency(value: Any) -> str:
    """An ISO 4217 code to show next to an amount; CareCloud's currency_id may be an opaque id,
    which means nothing to a customer and is left out."""
    value = str(value or "").strip()
    return value.upper() if _CURRENCY_CODE.fullmatch(value) else ""


def _detail_url(purchase_id: Any) -> str:
    if not isinstance(purchase_id, str) or not URL_ID.fullmatch(purchase_id):
        return ""
    return reverse("purchases:purchase-detail", kwargs={"purchase_id": purchase_id})


def points_brought(records: list[dict] | None) -> int | float | None:
    """The points a purchase brought: the sum of its point records (deleted ones, state 0, left
    out); None when they could not be read."""
    if records is None:
        return None
    total = sum(to_number(r.get("assigned_points")) or 0 for r in records
                if isinstance(r, dict) and r.get("state") != 0)
    return to_number(round(total, 2))


def _purchase(purchase: dict, store_names: dict[str, str], points: list[dict] | None) -> dict:
    return {
        "purchase_id": str(purchase.get("purchase_id") or ""),
        "detail_url": _detail_url(purchase.get("purchase_id")),
        "receipt": str(purchase.get("external_purchase_id") or ""),
        "time": to_datetime(purchase.get("payment_time")),
        "store_name": store_names.get(str(purchase.get("store_id") or ""), ""),
        "total": to_number(purchase.get("total_price")),
        "currency": _currency(purchase.get("currency_id")),
        "items_count": to_number(purchase.get("items_count")),
        "cashdesk": str(purchase.get("cashdesk_number") or ""),
        "card_number": str(purchase.get("card_number") or ""),
        "points": points_brought(points),
    }


def _points_read(token: str, purchase_id: str, *, fresh: bool = False):
    """The read of a purchase's point records, for ``concurrently``: None when it fails.

    The spec reads them one purchase at a time (a point record names no purchase), after the list
    that names the purchases, so a page of purchases would wait for two calls in turn. A purchase's
    points hardly change once given, so they are kept for the session
    (portal/carecloud/customer_cache.py) per purchase: a warm list waits only for the list.

    The trade-off is a correction: when CareCloud changes the points of a purchase after the list
    read them (the back office deletes or adds a record, a return takes them back, points given a
    little after the purchase), the list shows the old figure until the cache time ends
    (``CARECLOUD_CUSTOMER_CACHE_SECONDS``, 2 minutes by default) or the customer makes any change
    through the portal. The purchase's own page (``fresh``) always reads them live and keeps what
    it read, so a customer who opens the purchase to check sees the correction, and the list then
    agrees with it. A failed read keeps nothing: the next view asks again."""
    def fetch():
        return resources.purchase_points_every(token=token, purchase_id=purchase_id)

    # (hashed: a purchase id is CareCloud's, and a cache key must not carry spaces or be long)
    name = "purchase-points:" + hashlib.sha256(purchase_id.encode()).hexdigest()[:32]
    return lambda: optional("purchase points", lambda: customer_cache.cached(
        token=token, name=name, fetch=fetch, refresh=fresh))


def purchases_for_customer(*, session: CustomerSession, page: int = 1) -> dict:
    """One page of the customer's purchases, newest first, with the points each brought."""
    token = session.token
    pagination = Pagination(number=page, size=PURCHASE_PAGE_SIZE, total=0)
    result = resources.customer_purchases(token=token, customer_id=session.customer_id, count=pagination.size,
                                          offset=pagination.offset)
    rows = [p for p in result.items if isinstance(p, dict)]
    reads = concurrently(
        stores=lambda: optional("stores", lambda: reference.stores(token=token)),
        **{f"points-{n}": _points_read(token, str(p.get("purchase_id"))) for n, p in enumerate(rows)
           if p.get("purchase_id")},
    )
    store_names = reference.names(reads["stores"], "store_id")
    return {
        "purchases": [_purchase(p, store_names, reads.get(f"points-{n}")) for n, p in enumerate(rows)],
        "pagination": Pagination(number=page, size=pagination.size, total=result.total),
    }


def _item(item: dict) -> dict:
    return {
        "name": str(item.get("product_name") or ""),
        "group": str(item.get("product_group_name") or ""),
        "brand": str(item.get("product_brand_name") or ""),
        "amount": to_number(item.get("amount")),
        "price": to_number(item.get("price")),
        "vat_rate": to_number(item.get("vat_rate")),
    }


def purchase_detail(*, session: CustomerSession, purchase_id: str) -> dict:
    """One of the customer's own purchases with its items and points (NotFoundError otherwise)."""
    token = session.token
    purchase = resources.purchase_get(token=token, purchase_id=purchase_id)
    if not isinstance(purchase, dict) or str(purchase.get("customer_id") or "") != str(session.customer_id):
        raise cc.NotFoundError(404, title="Not the customer's purchase")
    reads = concurrently(
        items=lambda: resources.purchase_items_every(token=token, purchase_id=purchase_id),
        points=_points_read(token, purchase_id, fresh=True),
        stores=lambda: optional("stores", lambda: reference.stores(token=token)),
    )
    shaped = _purchase({**purchase, "purchase_id": purchase_id}, reference.names(reads["stores"], "store_id"),
                       reads["points"])
    items = [_item(item) for item in reads["items"] if isinstance(item, dict)]
    return {**shaped, "items": items}
