"""The purchase pages' figures, without CareCloud: the points a purchase brought to two decimal
places, one purchase shaped with its store's name, items and points, the shaping unit by unit
(quick and precise, for make mutation), and each purchase's points kept for the session."""

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

from portal.carecloud import reference, resources
from portal.purchases.selectors import _item, _points_read, _purchase, points_brought, purchase_detail


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


def test_an_item_keeps_its_names_and_numbers():
    assert _item({"product_name": "Coffee", "product_group_name": "Drinks", "product_brand_name": "Mocca",
                  "amount": "2", "price": 49.9, "vat_rate": "21"}) == {
        "name": "Coffee", "group": "Drinks", "brand": "Mocca", "amount": 2, "price": 49.9, "vat_rate": 21}
    assert _item({}) == {"name": "", "group": "", "brand": "", "amount": None, "price": None, "vat_rate": None}


def test_a_purchase_row_names_its_store_and_adds_its_points():
    with translation.override("en"):
        row = _purchase({"purchase_id": "p1", "external_purchase_id": "R-1", "payment_time": "2026-05-06T07:08:09",
                     "store_id": "s1", "total_price": "199.9", "currency_id": "czk", "items_count": 3,
                     "cashdesk_number": 4, "card_number": "7001"},
                        {"s1": "Brno Centrum"}, [{"assigned_points": 10, "state": 1}, {"assigned_points": 5.25},
                                                 {"assigned_points": 99, "state": 0}, "junk"])
    assert {k: v for k, v in row.items() if k != "time"} == {
        "purchase_id": "p1", "detail_url": "/en/purchases/p1/", "receipt": "R-1", "store_name": "Brno Centrum",
        "total": 199.9, "currency": "CZK", "items_count": 3, "cashdesk": "4", "card_number": "7001",
        "points": 15.25}
    assert row["time"].isoformat().startswith("2026-05-06T07:08:09")
    odd = _purchase({"purchase_id": "../x", "currency_id": "c0ffee12", "store_id": "s9"}, {"s1": "Brno"}, None)
    assert (odd["detail_url"], odd["currency"], odd["store_name"], odd["points"]) == ("", "", "", None)


def test_each_purchases_points_are_kept_for_the_session_and_its_own_page_reads_them_afresh(monkeypatch, settings):
    settings.CARECLOUD_CUSTOMER_CACHE_SECONDS = 120
    points = {"p1": [{"assigned_points": 10}], "p2": [{"assigned_points": 20}]}
    asked = []

    def purchase_points_every(*, token, purchase_id):
        asked.append(purchase_id)
        return points[purchase_id]

    monkeypatch.setattr(resources, "purchase_points_every", purchase_points_every)
    assert [_points_read("t", "p1")(), _points_read("t", "p2")(), _points_read("t", "p1")()] == [
        [{"assigned_points": 10}], [{"assigned_points": 20}], [{"assigned_points": 10}]]
    assert asked == ["p1", "p2"]  # the list asked once per purchase
    points["p1"] = [{"assigned_points": 5}]  # corrected in CareCloud's back office
    assert _points_read("t", "p1", fresh=True)() == [{"assigned_points": 5}]  # the purchase's own page
    assert _points_read("t", "p1")() == [{"assigned_points": 5}]  # and the list then agrees with it
    assert asked == ["p1", "p2", "p1"]
