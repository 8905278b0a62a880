"""The purchase pages' figures, without CareCloud: the points a purchase brought to two decimal
places, and one purchase shaped with its store's name, items and points."""

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.carecloud import reference, resources
from portal.loyalty.purchases import points_brought, purchase_detail


@pytest.mark.parametrize(("records", "points"), [
    (None, None),
    ([], 0),
    ([{"assigned_points": 10.125, "state": 1}, {"assigned_points": 0.004, "state": 1}], 10.13),
    ([{"assigned_points": "2.5"}, {"assigned_points": 2.5}, {"assigned_points": 100, "state": 0}, "junk"], 5),
    ([{"assigned_points": 0.1234}], 0.12),
])
def test_the_points_a_purchase_brought(records, points):
    assert points_brought(records) == points


def test_a_purchase_names_its_store(monkeypatch):
    monkeypatch.setattr(resources, "purchase_get", lambda **kw: {
        "customer_id": "c1", "store_id": "s1", "external_purchase_id": "R-1", "payment_time": "2026-05-06T07:08:09",
        "total_price": "199.9", "currency_id": "czk"})
    monkeypatch.setattr(resources, "purchase_items_every", lambda **kw: [
        {"product_name": "Coffee", "amount": 2, "price": 99.95}, "junk"])
    monkeypatch.setattr(resources, "purchase_points_every", lambda **kw: [{"assigned_points": 20, "state": 1}])
    monkeypatch.setattr(reference, "stores", lambda **kw: [{"store_id": "s1", "name": "Brno Centrum"}])
    with translation.override("en"):
        shaped = purchase_detail(session=SimpleNamespace(token="t", customer_id="c1"), purchase_id="p1")
    assert shaped == {
        "purchase_id": "p1", "detail_url": "/en/purchases/p1/", "receipt": "R-1",
        "time": datetime(2026, 5, 6, 7, 8, 9, tzinfo=shaped["time"].tzinfo), "store_name": "Brno Centrum",
        "total": 199.9, "currency": "CZK", "items_count": None, "cashdesk": "", "card_number": "", "points": 20,
        "items": [{"name": "Coffee", "group": "", "brand": "", "amount": 2, "price": 99.95, "vat_rate": None}]}
