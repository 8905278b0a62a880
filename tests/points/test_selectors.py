"""The points page's selector called directly against the live sandbox: every field it hands the
template, compared with what CareCloud (the sandbox) answers, and records with what the spec
allows to be missing."""

from datetime import date

from portal.core.shaping import to_datetime
from portal.points import selectors
from tests.conftest import tweak


def test_the_points(demo_session, demo_api, ids):
    overview = demo_api("/wallet/actions/points-overview", customer_id=ids.DEMO_CUSTOMER)
    expiration = demo_api("/wallet/actions/points-expiration-overview", customer_id=ids.DEMO_CUSTOMER)
    history = demo_api("/point-history", customer_id=ids.DEMO_CUSTOMER, count=10, offset=10)

    points = selectors.points_for_customer(session=demo_session, page=2)

    assert (points["available"], points["earned"], points["redeemed"]) == (
        overview["available_points"], overview["earned_points"], overview["redeemed_points"])
    assert points["money_values"] == [{"value": m["value"], "currency": m["currency_id"].upper()}
                                      for m in overview["available_points_money_value"]]
    assert (points["expiring_amount"], points["expiring_date"], points["expiring_this_month"]) == (
        expiration["next_amount"], date.fromisoformat(expiration["next_date"]), expiration["current_month_amount"])
    assert [(row["amount"], row["type"], row["note"]) for row in points["history"]] == [
        (h["point_amount"], h["point_operation_type"], h["point_operation_note"]) for h in history["point_history"]]
    first = history["point_history"][0]
    assert points["history"][0]["time"] == to_datetime(first["point_history_record_time"])
    pagination = points["pagination"]
    assert (pagination.number, pagination.size, pagination.total) == (2, 10, history["total_items"])


def test_the_points_of_odd_records(demo_session, monkeypatch):
    """Optional fields missing and entries that are no records, as the spec allows."""
    def odd_overview(overview):
        overview["available_points_money_value"] = [
            {"value": 10}, {"currency_id": "eur", "value": None}, "junk", {"currency_id": "czk", "value": "5"}]
        return overview

    def odd_history(page):
        for key in ("point_operation_type", "point_operation_note"):
            page.items[0].pop(key, None)
        return page

    tweak(monkeypatch, "wallet_points", odd_overview)
    tweak(monkeypatch, "point_history", odd_history)
    points = selectors.points_for_customer(session=demo_session)
    assert points["money_values"] == [{"value": 10, "currency": ""}, {"value": 5, "currency": "CZK"}]
    assert (points["history"][0]["type"], points["history"][0]["note"]) == ("", "")
