"""Points, point types, statuses (tiers) and purchases against the live sandbox.

The seed (portal/sandbox/seed/points.py) gives the demo customer 10 purchases and a ledger of
27 movements (balance 1,630 points, one redemption, five expirations, 124 points expiring within
30 days) and the Silver status after Bronze; the second customer has 4 movements and Bronze.
"""

import json
from datetime import date, datetime, timedelta
from http import HTTPStatus

import pytest

from portal.sandbox.seed.loyalty import REWARD_ESPRESSO, REWARD_ICED_COFFEE, VOUCHER_EXPIRED_ICED
from portal.sandbox.seed.points import PURCHASE_TYPE_ESHOP, PURCHASE_TYPE_STORE
from portal.sandbox.seed.reference import PARTNER_ZRNKO

DEMO_BALANCE = 1630.0
DEMO_MOVEMENTS = 27
SECOND_BALANCE = 218.0


def invalid_names(response):
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


def data(response):
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]


def history(customer_api, token, customer_id, language="en", **params):
    return data(customer_api.get("/point-history", token=token, language=language,
                                 params={"customer_id": customer_id, "count": 500, **params}))


def today() -> date:
    return datetime.now().date()


@pytest.fixture(scope="module", autouse=True)
def seeded(sandbox):
    """Start from the seed: other modules' tests may have spent the demo customer's points."""
    sandbox.reset()


# --- point types --------------------------------------------------------------------------------


def test_point_types_in_both_languages(customer_api, demo_token, ids):
    en = data(customer_api.get("/point-types", token=demo_token, language="en"))
    cs = data(customer_api.get("/point-types", token=demo_token, language="cs"))
    assert en["total_items"] == 2
    assert {t["point_type_id"]: t["name"] for t in en["point_types"]} == {
        ids.POINT_TYPE_BASIC: "Basic points", ids.POINT_TYPE_BONUS: "Bonus points"}
    assert {t["point_type_id"]: t["name"] for t in cs["point_types"]}[ids.POINT_TYPE_BONUS] == "Bonusové body"


def test_point_types_paging_and_sorting(customer_api, demo_token):
    page = data(customer_api.get("/point-types", token=demo_token, language="en",
                                 params={"count": 1, "offset": 1, "sort_field": "name", "sort_direction": "ASC"}))
    assert page["total_items"] == 2
    assert [t["name"] for t in page["point_types"]] == ["Bonus points"]
    bad = customer_api.get("/point-types", token=demo_token, params={"sort_field": "nonsense"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(bad) == {"sort_field": "not_allowed_value"}


def test_point_types_on_the_enterprise_interface_and_without_a_token(enterprise_api, customer_api, staff_token):
    assert data(enterprise_api.get("/point-types", token=staff_token))["total_items"] == 2
    assert customer_api.get("/point-types").status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get("/point-types", token="unknown-token").status_code == HTTPStatus.UNAUTHORIZED


# --- wallet overview ----------------------------------------------------------------------------


def test_points_overview_of_the_demo_customer(customer_api, demo_token, ids):
    overview = data(customer_api.get("/wallet/actions/points-overview", token=demo_token,
                                     params={"customer_id": ids.DEMO_CUSTOMER}))
    assert overview["available_points"] == DEMO_BALANCE
    assert overview["redeemed_points"] == 200.0  # the iced coffee reward
    rows = history(customer_api, demo_token, ids.DEMO_CUSTOMER)["point_history"]
    assert overview["earned_points"] == sum(r["point_amount"] for r in rows if r["point_amount"] > 0)
    # Silver allows paying with points: 0.10 CZK a point.
    assert overview["available_points_money_value"] == [{"currency_id": ids.CURRENCY_CZK, "value": 163.0}]


def test_balance_is_the_sum_of_the_history(customer_api, demo_token, second_token, ids):
    for token, customer_id, balance in ((demo_token, ids.DEMO_CUSTOMER, DEMO_BALANCE),
                                        (second_token, ids.SECOND_CUSTOMER, SECOND_BALANCE)):
        rows = history(customer_api, token, customer_id)["point_history"]
        overview = data(customer_api.get("/wallet/actions/points-overview", token=token,
                                         params={"customer_id": customer_id}))
        assert round(sum(r["point_amount"] for r in rows), 2) == overview["available_points"] == balance


def test_points_overview_in_a_date_interval(customer_api, demo_token, ids):
    date_from, date_to = today() - timedelta(days=30), today()
    overview = data(customer_api.get("/wallet/actions/points-overview", token=demo_token, params={
        "customer_id": ids.DEMO_CUSTOMER, "date_from": date_from.isoformat(), "date_to": date_to.isoformat()}))
    # Purchases 18 and 4 days ago (248 + 74), double points for the latter (74), a review bonus (30).
    assert overview["earned_points"] == 426.0
    assert overview["redeemed_points"] == 0.0
    assert overview["available_points"] == DEMO_BALANCE  # the interval does not change the balance

    around_redemption = data(customer_api.get("/wallet/actions/points-overview", token=demo_token, params={
        "customer_id": ids.DEMO_CUSTOMER, "date_from": (today() - timedelta(days=121)).isoformat(),
        "date_to": (today() - timedelta(days=119)).isoformat()}))
    assert around_redemption["redeemed_points"] == 200.0
    assert around_redemption["earned_points"] == 0.0

    only_from = data(customer_api.get("/wallet/actions/points-overview", token=demo_token, params={
        "customer_id": ids.DEMO_CUSTOMER, "date_from": (today() - timedelta(days=5)).isoformat()}))
    assert only_from["earned_points"] == 148.0  # the purchase 4 days ago and its double points


def test_points_overview_of_a_bronze_customer_has_no_money_value(customer_api, second_token, ids):
    overview = data(customer_api.get("/wallet/actions/points-overview", token=second_token,
                                     params={"customer_id": ids.SECOND_CUSTOMER}))
    assert overview["available_points"] == SECOND_BALANCE
    assert overview["available_points_money_value"] == []  # Bronze does not allow paying with points


@pytest.mark.parametrize("params, name, reason", [
    ({}, "customer_id", "required"),
    ({"date_from": "yesterday"}, "date_from", "invalid_value_format"),
    ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to", "not_allowed_value"),
])
def test_points_overview_validation(customer_api, demo_token, ids, params, name, reason):
    if name != "customer_id":
        params = {"customer_id": ids.DEMO_CUSTOMER, **params}
    response = customer_api.get("/wallet/actions/points-overview", token=demo_token, params=params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(response)[name] == reason


def test_wallet_ownership(customer_api, enterprise_api, demo_token, second_token, staff_token, ids):
    for path in ("/wallet/actions/points-overview", "/wallet/actions/points-expiration-overview"):
        other = customer_api.get(path, token=second_token, params={"customer_id": ids.DEMO_CUSTOMER})
        assert other.status_code == HTTPStatus.FORBIDDEN
        assert customer_api.get(path, params={"customer_id": ids.DEMO_CUSTOMER}).status_code == HTTPStatus.UNAUTHORIZED
        anonymous = customer_api.get(path, token=customer_api.sandbox.new_token(),
                                     params={"customer_id": ids.DEMO_CUSTOMER})
        assert anonymous.status_code == HTTPStatus.UNAUTHORIZED  # a token nobody logged in with
        staff = enterprise_api.get(path, token=staff_token, params={"customer_id": ids.SECOND_CUSTOMER})
        assert staff.status_code == HTTPStatus.OK
        unknown = enterprise_api.get(path, token=staff_token, params={"customer_id": "0" * 26})
        assert unknown.status_code == HTTPStatus.NOT_FOUND


# --- expiration overview ------------------------------------------------------------------------


def test_expiration_overview_matches_the_seed(customer_api, demo_token, ids):
    overview = data(customer_api.get("/wallet/actions/points-expiration-overview", token=demo_token,
                                     params={"customer_id": ids.DEMO_CUSTOMER}))
    # Double points of the purchase 75 days ago: bonus points are valid for 90 days.
    assert overview["next_date"] == (today() + timedelta(days=15)).isoformat()
    assert overview["next_amount"] == 74.0
    records = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/points", token=demo_token))["points"]
    this_month = sum(r["available_points"] for r in records
                     if "valid_to" in r and r["valid_to"][:7] == today().isoformat()[:7])
    assert overview["current_month_amount"] == this_month
    within_30_days = sum(r["available_points"] for r in records if "valid_to" in r
                         and today().isoformat() <= r["valid_to"][:10] <= (today() + timedelta(days=30)).isoformat())
    assert within_30_days == 124.0  # 74 + the survey bonus (50) 25 days from now


def test_expiration_overview_requires_the_customer(customer_api, demo_token):
    response = customer_api.get("/wallet/actions/points-expiration-overview", token=demo_token)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(response) == {"customer_id": "required"}


# --- point records ------------------------------------------------------------------------------


def test_point_records_of_the_demo_customer(customer_api, demo_token, ids):
    result = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/points", token=demo_token, language="en"))
    records = result["points"]
    assert result["total_items"] == DEMO_MOVEMENTS - 5  # expirations are not point records
    assert round(sum(r["available_points"] for r in records), 2) == DEMO_BALANCE
    assert all(r["customer_id"] == ids.DEMO_CUSTOMER and r["partner_id"] == PARTNER_ZRNKO for r in records)
    redemption = [r for r in records if r["assigned_points"] < 0]
    assert len(redemption) == 1 and redemption[0]["assigned_points"] == -200.0
    expired = [r for r in records if r["state"] == 2]  # five lapsed bonus lots, one used-up purchase
    assert len(expired) == 6 and all(r["available_points"] == 0 for r in expired)
    oldest = min(records, key=lambda r: r["created_at"])
    assert oldest["note"] == "Welcome bonus for signing up" and oldest["state"] == 2
    # The redemption consumed the oldest valid lots first (FIFO): the first purchase entirely,
    # before it lapsed 35 days ago (so nothing of it expired).
    earnings = [r for r in records if r["point_type_id"] == ids.POINT_TYPE_BASIC and r["assigned_points"] > 0]
    first_purchase = min(earnings, key=lambda r: r["created_at"])
    assert (first_purchase["assigned_points"], first_purchase["available_points"], first_purchase["state"]) == (
        103.0, 0.0, 2)


def test_point_records_filter_paging_and_language(customer_api, demo_token, ids):
    bonus = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/points", token=demo_token,
                                  params={"point_type_id": ids.POINT_TYPE_BONUS}))
    assert bonus["total_items"] == 10
    assert {r["point_type_id"] for r in bonus["points"]} == {ids.POINT_TYPE_BONUS}
    page = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/points", token=demo_token, language="cs",
                                 params={"count": 5, "offset": 20, "sort_field": "created_at",
                                         "sort_direction": "DESC"}))
    assert page["total_items"] == DEMO_MOVEMENTS - 5 and len(page["points"]) == 2
    assert page["points"][-1]["note"] == "Uvítací bonus za registraci"


def test_point_records_ownership(customer_api, enterprise_api, demo_token, second_token, staff_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/points"
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    own = data(customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}/points", token=second_token))
    assert own["total_items"] == 4 and {r["customer_id"] for r in own["points"]} == {ids.SECOND_CUSTOMER}
    assert data(enterprise_api.get(path, token=staff_token))["total_items"] == DEMO_MOVEMENTS - 5
    assert enterprise_api.get(f"/customers/{'0' * 26}/points", token=staff_token).status_code == HTTPStatus.NOT_FOUND


# --- point history ------------------------------------------------------------------------------


def test_point_history_maps_the_ledger(customer_api, demo_token, ids):
    result = history(customer_api, demo_token, ids.DEMO_CUSTOMER)
    rows = result["point_history"]
    assert result["total_items"] == DEMO_MOVEMENTS >= 25
    times = [r["point_history_record_time"] for r in rows]
    assert times == sorted(times, reverse=True)  # newest first
    types = {r["point_operation_type"] for r in rows}
    assert types == {"Points for a purchase", "Bonus points", "Manual points adjustment",
                     "Points redemption for a reward", "Points expiration"}
    redemption = next(r for r in rows if r["point_operation_type"] == "Points redemption for a reward")
    assert redemption["point_amount"] == -200.0
    assert json.loads(redemption["extended_data"]) == {"reward_id": REWARD_ICED_COFFEE,
                                                       "voucher_id": VOUCHER_EXPIRED_ICED}
    assert "store_id" not in redemption
    purchases = {p["purchase_id"]: p for p in data(customer_api.get(
        f"/customers/{ids.DEMO_CUSTOMER}/purchases", token=demo_token))["purchases"]}
    for row in rows:
        extended = json.loads(row["extended_data"])
        if row["point_operation_type"] == "Points for a purchase":
            purchase = purchases[extended["purchase_id"]]
            assert extended["external_purchase_id"] == purchase["external_purchase_id"]
            assert row["store_id"] == purchase["store_id"]
            assert row["point_amount"] == purchase["total_price"] // 10
            assert row["point_history_record_time"] == purchase["payment_time"]
            assert purchase["external_purchase_id"] in row["point_operation_note"]


def test_point_history_in_czech(customer_api, demo_token, ids):
    rows = history(customer_api, demo_token, ids.DEMO_CUSTOMER, point_operation_type="EXPIR")["point_history"]
    assert len(rows) == 5 and all(r["point_amount"] < 0 for r in rows)
    cs = data(customer_api.get("/point-history", token=demo_token, language="cs",
                               params={"customer_id": ids.DEMO_CUSTOMER, "point_operation_type": "expirace"}))
    assert cs["total_items"] == 5
    assert {r["point_operation_type"] for r in cs["point_history"]} == {"Expirace bodů"}
    assert all(r["point_operation_note"].startswith("Expirace bodů získaných") for r in cs["point_history"])


def test_point_history_pagination(customer_api, demo_token, ids):
    everything = history(customer_api, demo_token, ids.DEMO_CUSTOMER)["point_history"]
    first = history(customer_api, demo_token, ids.DEMO_CUSTOMER, count=10)
    last = history(customer_api, demo_token, ids.DEMO_CUSTOMER, count=10, offset=20)
    beyond = history(customer_api, demo_token, ids.DEMO_CUSTOMER, count=10, offset=100)
    assert first["total_items"] == last["total_items"] == beyond["total_items"] == DEMO_MOVEMENTS
    assert first["point_history"] == everything[:10]
    assert last["point_history"] == everything[20:]
    assert beyond["point_history"] == []
    ascending = history(customer_api, demo_token, ids.DEMO_CUSTOMER, sort_field="point_amount",
                        sort_direction="ASC")["point_history"]
    assert ascending[0]["point_amount"] == -226.0 and ascending[-1]["point_amount"] == 248.0


@pytest.mark.parametrize("params, expected", [
    ({"point_operation_note": "brno"}, 2),  # the two purchases in Brno
    ({"point_operation_type": "purchase"}, 10),
    ({"point_type_id": "BONUS"}, 15),  # 10 bonus earnings and 5 expirations of bonus points
    ({"point_type_id": "BASIC"}, 12),  # 10 purchases, a compensation and the redemption
    ({"store_id": "STORE_ESHOP"}, 4),  # three orders and double points for one
    ({"partner_id": PARTNER_ZRNKO}, DEMO_MOVEMENTS),
    ({"partner_id": "0" * 26}, 0),
])
def test_point_history_filters(customer_api, demo_token, ids, params, expected):
    params = {key: getattr(ids, f"POINT_TYPE_{value}" if key == "point_type_id" else value, value)
              for key, value in params.items()}
    result = history(customer_api, demo_token, ids.DEMO_CUSTOMER, **params)
    assert result["total_items"] == expected, [r["point_operation_note"] for r in result["point_history"]]


def test_point_history_time_interval(customer_api, demo_token, ids):
    time_from = (datetime.now() - timedelta(days=20)).strftime("%Y-%m-%d %H:%M:%S")
    recent = history(customer_api, demo_token, ids.DEMO_CUSTOMER, time_from=time_from)
    assert [r["point_amount"] for r in recent["point_history"]] == [74.0, 74.0, 30.0, 248.0]
    iso_to = (datetime.now() - timedelta(days=380)).strftime("%Y-%m-%dT%H:%M:%S")
    oldest = history(customer_api, demo_token, ids.DEMO_CUSTOMER, time_to=iso_to)
    assert [r["point_amount"] for r in oldest["point_history"]] == [103.0, 200.0]
    bad = customer_api.get("/point-history", token=demo_token,
                           params={"customer_id": ids.DEMO_CUSTOMER, "time_from": "last week"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(bad) == {"time_from": "invalid_value_format"}


def test_point_history_ownership_and_isolation(customer_api, enterprise_api, demo_token, second_token,
                                               staff_token, ids):
    assert customer_api.get("/point-history", token=second_token,
                            params={"customer_id": ids.DEMO_CUSTOMER}).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get("/point-history",
                            params={"customer_id": ids.DEMO_CUSTOMER}).status_code == HTTPStatus.UNAUTHORIZED
    missing = customer_api.get("/point-history", token=demo_token)
    assert missing.status_code == HTTPStatus.BAD_REQUEST and invalid_names(missing) == {"customer_id": "required"}
    own = history(customer_api, second_token, ids.SECOND_CUSTOMER)
    assert own["total_items"] == 4
    assert {r["customer_id"] for r in own["point_history"]} == {ids.SECOND_CUSTOMER}
    staff = data(enterprise_api.get("/point-history", token=staff_token, language="en",
                                    params={"customer_id": ids.SECOND_CUSTOMER, "count": 500}))
    assert staff == own


# --- statuses -----------------------------------------------------------------------------------


def test_statuses_form_a_chain(customer_api, demo_token, ids):
    result = data(customer_api.get("/statuses", token=demo_token, language="en",
                                   params={"sort_field": "discount"}))
    statuses = result["statuses"]
    assert result["total_items"] == 3
    assert [s["status_id"] for s in statuses] == [ids.STATUS_BRONZE, ids.STATUS_SILVER, ids.STATUS_GOLD]
    bronze, silver, gold = statuses
    assert bronze["next_status"] == silver["status_id"] and "previous_status" not in bronze
    assert silver["previous_status"] == bronze["status_id"] and silver["next_status"] == gold["status_id"]
    assert gold["previous_status"] == silver["status_id"] and "next_status" not in gold
    assert silver["qualification_turnover"] == [{"currency_id": ids.CURRENCY_CZK, "value": 10000.0}]
    assert (silver["qualification_points"], silver["discount"], silver["text_id"]) == (1000, 3, "silver")
    assert (bronze["payment_points"], silver["payment_points"]) == (False, True)
    assert silver["name"] == "Silver member" and silver["validity_period"] == "12 months"


def test_statuses_text_id_filter_and_language(customer_api, demo_token, ids):
    gold = data(customer_api.get("/statuses", token=demo_token, language="cs", params={"text_id": "gold"}))
    assert gold["total_items"] == 1
    assert gold["statuses"][0]["name"] == "Zlatý člen"
    assert "nakupte za 30 000 Kč" in gold["statuses"][0]["description"]
    assert data(customer_api.get("/statuses", token=demo_token, params={"text_id": "platinum"}))["total_items"] == 0
    page = data(customer_api.get("/statuses", token=demo_token, params={"count": 2, "offset": 2}))
    assert page["total_items"] == 3 and len(page["statuses"]) == 1


def test_get_status(customer_api, enterprise_api, demo_token, staff_token, ids):
    silver = data(customer_api.get(f"/statuses/{ids.STATUS_SILVER}", token=demo_token, language="cs"))
    assert (silver["status_id"], silver["name"], silver["validity_period"]) == (
        ids.STATUS_SILVER, "Stříbrný člen", "12 měsíců")
    assert data(enterprise_api.get(f"/statuses/{ids.STATUS_GOLD}", token=staff_token))["text_id"] == "gold"
    missing = customer_api.get("/statuses/unknown", token=demo_token)
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert missing.json()["error"]["type"] == "not_found_exception"
    assert customer_api.get(f"/statuses/{ids.STATUS_GOLD}").status_code == HTTPStatus.UNAUTHORIZED


# --- status records -----------------------------------------------------------------------------


def test_status_records_of_the_demo_customer(customer_api, demo_token, ids):
    result = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/status-records", token=demo_token))
    assert result["total_items"] == 2
    silver, bronze = result["status_records"]  # newest first
    assert (silver["status_id"], silver["state"], bronze["status_id"], bronze["state"]) == (
        ids.STATUS_SILVER, 1, ids.STATUS_BRONZE, 2)
    assert bronze["valid_to"] < silver["valid_from"]
    assert "purchase_conditions" not in bronze
    conditions = silver["purchase_conditions"]
    # Turnover of the last 12 months: 13,243 CZK (Silver needs 10,000, Gold 30,000).
    assert conditions["keep_status_turnover"] == [
        {"currency_id": ids.CURRENCY_CZK, "value": 0.0, "due_date": silver["valid_to"][:10]}]
    assert conditions["next_status_turnover"] == [
        {"currency_id": ids.CURRENCY_CZK, "value": 16757.0, "due_date": silver["valid_to"][:10]}]
    assert conditions["next_status_id"] == ids.STATUS_GOLD
    assert conditions["keep_status_points"] == 0.0 and conditions["next_status_points"] > 0
    # The tier chain: the current status has a next status.
    status = data(customer_api.get(f"/statuses/{silver['status_id']}", token=demo_token))
    assert status["next_status"] == ids.STATUS_GOLD == conditions["next_status_id"]


def test_status_records_valid_now_filter(customer_api, demo_token, second_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/status-records"
    now = data(customer_api.get(path, token=demo_token, params={"valid_now": "true"}))
    past = data(customer_api.get(path, token=demo_token, params={"valid_now": "false"}))
    assert [r["status_id"] for r in now["status_records"]] == [ids.STATUS_SILVER]
    assert [r["status_id"] for r in past["status_records"]] == [ids.STATUS_BRONZE]
    bad = customer_api.get(path, token=demo_token, params={"valid_now": "maybe"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST and invalid_names(bad) == {"valid_now": "not_allowed_value"}
    second = data(customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}/status-records", token=second_token,
                                   params={"valid_now": "true"}))
    assert [r["status_id"] for r in second["status_records"]] == [ids.STATUS_BRONZE]
    conditions = second["status_records"][0]["purchase_conditions"]
    assert conditions["next_status_id"] == ids.STATUS_SILVER
    assert conditions["next_status_turnover"][0]["value"] == 10000.0 - 407 - 587


def test_status_records_ownership(customer_api, enterprise_api, demo_token, second_token, staff_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/status-records"
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    # Available on both interfaces (only setting a status record is Enterprise API only).
    assert data(enterprise_api.get(path, token=staff_token))["total_items"] == 2
    assert enterprise_api.get(f"/customers/{'0' * 26}/status-records",
                              token=staff_token).status_code == HTTPStatus.NOT_FOUND


# --- purchases ----------------------------------------------------------------------------------


def test_purchases_of_the_demo_customer(customer_api, demo_token, ids):
    result = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/purchases", token=demo_token))
    purchases = result["purchases"]
    assert result["total_items"] == 10
    assert [p["payment_time"] for p in purchases] == sorted((p["payment_time"] for p in purchases), reverse=True)
    assert {p["store_id"] for p in purchases} == {ids.STORE_PRAHA, ids.STORE_BRNO, ids.STORE_ESHOP}
    assert all(p["purchase_items"] == [] and p["items_count"] > 0 for p in purchases)
    assert all(p["currency_id"] == ids.CURRENCY_CZK and p["card_number"] == ids.DEMO_CARD_NUMBER for p in purchases)
    assert sum(p["total_price"] for p in purchases) == 14279.0
    latest = purchases[0]
    assert (latest["store_id"], latest["items_count"], latest["total_price"], latest["type_id"]) == (
        ids.STORE_PRAHA, 3, 745.0, PURCHASE_TYPE_STORE)


def test_purchase_items_extension(customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/purchases"
    en = data(customer_api.get(path, token=demo_token, language="en",
                               params={"purchase_items_extension": "true", "count": 1}))
    cs = data(customer_api.get(path, token=demo_token, language="cs",
                               params={"purchase_items_extension": "true", "count": 1}))
    items = en["purchases"][0]["purchase_items"]
    assert [(i["product_name"], i["amount"], i["price"]) for i in items] == [
        ("Brazil Santos coffee beans 250 g", 2.0, 229.0), ("Sencha green tea 100 g", 1.0, 169.0),
        ("Cinnamon roll", 2.0, 59.0)]
    assert sum(i["price"] * i["amount"] for i in items) == en["purchases"][0]["total_price"]
    assert cs["purchases"][0]["purchase_items"][0]["product_name"] == "Brazílie Santos, zrnková káva 250 g"
    assert cs["purchases"][0]["purchase_items"][2]["product_group_name"] == "Pekárna"
    assert items[0]["vat_rate"] == 12.0 and items[0]["product_brand_name"] == "Zrnko"
    off = data(customer_api.get(path, token=demo_token, params={"purchase_items_extension": "false", "count": 1}))
    assert off["purchases"][0]["purchase_items"] == []


def test_purchase_filters(customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/purchases"

    def found(**params):
        return data(customer_api.get(path, token=demo_token, params=params))["purchases"]

    assert {p["store_id"] for p in found(store_id=ids.STORE_BRNO)} == {ids.STORE_BRNO}
    assert len(found(store_id=ids.STORE_BRNO)) == 2
    assert len(found(type_id=PURCHASE_TYPE_ESHOP)) == 3
    assert len(found(type_id=PURCHASE_TYPE_STORE)) == 7
    since = (datetime.now() - timedelta(days=45)).strftime("%Y-%m-%d %H:%M:%S")
    until = (datetime.now() - timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%S")
    assert [p["total_price"] for p in found(payment_time_from=since, payment_time_to=until)] == [2480.0, 925.0]
    one = found()[3]
    assert [p["purchase_id"] for p in found(external_purchase_id=one["external_purchase_id"])] == [one["purchase_id"]]
    bad = customer_api.get(path, token=demo_token, params={"payment_time_to": "soon"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(bad) == {"payment_time_to": "invalid_value_format"}
    page = data(customer_api.get(path, token=demo_token, params={"count": 4, "offset": 8}))
    assert page["total_items"] == 10 and len(page["purchases"]) == 2


def test_purchase_points_are_in_the_ledger(customer_api, demo_token, ids):
    purchases = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/purchases", token=demo_token))["purchases"]
    rows = history(customer_api, demo_token, ids.DEMO_CUSTOMER, point_type_id=ids.POINT_TYPE_BASIC)["point_history"]
    earned = {json.loads(r["extended_data"]).get("purchase_id"): r["point_amount"] for r in rows}
    assert {p["purchase_id"]: p["total_price"] // 10 for p in purchases} == {
        key: value for key, value in earned.items() if key}


def test_purchases_ownership(customer_api, enterprise_api, second_token, staff_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/purchases"
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    own = data(customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}/purchases", token=second_token))
    assert own["total_items"] == 2 and {p["customer_id"] for p in own["purchases"]} == {ids.SECOND_CUSTOMER}
    assert data(enterprise_api.get(path, token=staff_token))["total_items"] == 10


# --- spending points ----------------------------------------------------------------------------


def test_a_reward_redemption_changes_the_overview(fresh_sandbox, customer_api, demo_token, ids):
    params = {"customer_id": ids.DEMO_CUSTOMER, "date_from": today().isoformat(), "date_to": today().isoformat()}
    before = data(customer_api.get("/wallet/actions/points-overview", token=demo_token, params=params))
    response = customer_api.post(f"/rewards/{REWARD_ESPRESSO}/actions/create-voucher", token=demo_token,
                                 json={"customer_id": ids.DEMO_CUSTOMER})
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED), response.text
    after = data(customer_api.get("/wallet/actions/points-overview", token=demo_token, params=params))
    assert after["available_points"] == before["available_points"] - 150 == DEMO_BALANCE - 150
    assert after["redeemed_points"] == before["redeemed_points"] + 150
    assert after["available_points_money_value"] == [{"currency_id": ids.CURRENCY_CZK, "value": 148.0}]
    latest = history(customer_api, demo_token, ids.DEMO_CUSTOMER, count=1)["point_history"][0]
    assert (latest["point_amount"], latest["point_operation_type"]) == (-150.0, "Points redemption for a reward")
    assert json.loads(latest["extended_data"])["reward_id"] == REWARD_ESPRESSO
    # FIFO: the deduction took what was left of the oldest valid lot (the second purchase).
    records = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/points", token=demo_token,
                                    params={"sort_field": "created_at"}))["points"]
    second_purchase = [r for r in records if r["point_type_id"] == ids.POINT_TYPE_BASIC and r["assigned_points"] > 0][1]
    assert (second_purchase["assigned_points"], second_purchase["available_points"]) == (194.0, 0.0)
    assert round(sum(r["available_points"] for r in records), 2) == DEMO_BALANCE - 150
    expiring = data(customer_api.get("/wallet/actions/points-expiration-overview", token=demo_token,
                                     params={"customer_id": ids.DEMO_CUSTOMER}))
    assert expiring["next_amount"] == 74.0  # bonus lots were younger: untouched
