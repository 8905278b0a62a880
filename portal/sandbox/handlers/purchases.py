"""Purchases: one purchase, its items and the point records it brought.

getPurchase, getSubPurchaseItems and getSubPurchasePoints (the customer's list of purchases,
getSubCustomerPurchases, lives with the points group that also keeps the ledger). Every operation
is available on both interfaces. A customer token sees only its own customer's purchases: another
customer's purchase is a 404, as if it did not exist (as getVoucher answers), so its existence is
not revealed.
"""

from __future__ import annotations

from .. import api, errors
from ..api import operation
from ..models import PointMovement, Purchase
from ..models.points import point_lots
from .points import POINT_RECORD_FIELDS, serialize_point_record, serialize_purchase, serialize_purchase_item

ITEM_FIELDS = {"purchase_item_id", "product_id", "product_name", "purchase_item_type_id", "price", "amount", "vat_rate",
               "product_group_id", "product_group_name", "product_brand_id", "product_brand_name", "external_id",
               "additional_properties"}


def _visible_purchase(call: api.Call, purchase_id: str) -> Purchase:
    purchase = Purchase.objects.filter(pk=purchase_id).first()
    if not call.is_enterprise and call.customer is None:
        raise errors.unauthorized("No customer is logged in with this token.")
    if purchase is None or (not call.is_enterprise and purchase.customer_id != call.customer.pk):
        raise errors.not_found("purchases", purchase_id)
    return purchase


@operation("getPurchase", "GET", "/purchases/{purchase_id}")
def get_purchase(call: api.Call, purchase_id: str):
    """One purchase; like every Purchase outside ``purchase_items_extension``, its items are an
    empty array (they are read with getSubPurchaseItems)."""
    purchase = _visible_purchase(call, purchase_id)
    return api.ok(serialize_purchase(call, purchase, with_items=False))


@operation("getSubPurchaseItems", "GET", "/purchases/{purchase_id}/purchase-items")
def get_purchase_items(call: api.Call, purchase_id: str):
    purchase = _visible_purchase(call, purchase_id)
    rows = [serialize_purchase_item(call, item) for item in purchase.items.all()]
    return call.page("purchase_items", rows, ITEM_FIELDS)


@operation("getSubPurchasePoints", "GET", "/purchases/{purchase_id}/points")
def get_purchase_points(call: api.Call, purchase_id: str):
    """The point records the purchase brought (its basic points and any bonus for it)."""
    purchase = _visible_purchase(call, purchase_id)
    movements = PointMovement.objects.filter(customer_id=purchase.customer_id, purchase_id=purchase.pk,
                                             occurred__lte=api.now())
    remaining = {lot.movement.pk: lot.remaining for lot in point_lots(purchase.customer_id)}
    rows = [serialize_point_record(call, m, remaining.get(m.pk)) for m in movements if not m.is_expiration]
    return call.page("points", rows, POINT_RECORD_FIELDS)

