"""One purchase, its items and its points against the live sandbox (getPurchase,
getSubPurchaseItems, getSubPurchasePoints), and who may see them."""

from http import HTTPStatus

import pytest


def data(response):
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]


@pytest.fixture
def demo_purchases(customer_api, demo_token, ids):
    return data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/purchases", token=demo_token,
                                 params={"purchase_items_extension": "true"}))["purchases"]


def test_a_purchase_is_the_record_of_the_list(customer_api, demo_token, demo_purchases):
    for listed in demo_purchases[:3]:
        one = data(customer_api.get(f"/purchases/{listed['purchase_id']}", token=demo_token))
        assert one == {**listed, "purchase_items": []}  # items only with the list's extension


def test_purchase_items_are_those_of_the_extension(customer_api, demo_token, demo_purchases):
    latest = demo_purchases[0]
    items = data(customer_api.get(f"/purchases/{latest['purchase_id']}/purchase-items", token=demo_token,
                                  language="cs"))
    assert items["total_items"] == latest["items_count"] == 3
    assert [i["product_id"] for i in items["purchase_items"]] == [i["product_id"] for i in latest["purchase_items"]]
    assert items["purchase_items"][0]["product_name"] == "Brazílie Santos, zrnková káva 250 g"
    page = data(customer_api.get(f"/purchases/{latest['purchase_id']}/purchase-items", token=demo_token,
                                 params={"count": 2, "offset": 2}))
    assert page["total_items"] == 3 and len(page["purchase_items"]) == 1


def test_purchase_points_are_the_points_it_brought(customer_api, demo_token, demo_purchases, ids):
    latest = demo_purchases[0]  # 745 CZK four days ago, with double points
    points = data(customer_api.get(f"/purchases/{latest['purchase_id']}/points", token=demo_token))
    assert sorted(p["assigned_points"] for p in points["points"]) == [74.0, 74.0]
    assert {p["point_type_id"] for p in points["points"]} == {ids.POINT_TYPE_BASIC, ids.POINT_TYPE_BONUS}
    assert {p["customer_id"] for p in points["points"]} == {ids.DEMO_CUSTOMER}
    plain = next(p for p in demo_purchases if p["total_price"] == 2480.0)  # 18 days ago, no bonus
    assert [p["assigned_points"] for p in data(customer_api.get(
        f"/purchases/{plain['purchase_id']}/points", token=demo_token))["points"]] == [248.0]


@pytest.mark.parametrize("suffix", ["", "/purchase-items", "/points"])
def test_another_customers_purchase_does_not_exist_for_a_customer(customer_api, enterprise_api, demo_purchases,
                                                                  second_token, staff_token, suffix):
    path = f"/purchases/{demo_purchases[0]['purchase_id']}{suffix}"
    refused = customer_api.get(path, token=second_token)
    assert refused.status_code == HTTPStatus.NOT_FOUND
    assert refused.json()["error"]["type"] == "not_found_exception"
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    assert enterprise_api.get(path, token=staff_token).status_code == HTTPStatus.OK
    assert customer_api.get(f"/purchases/{'0' * 26}{suffix}", token=second_token).status_code == HTTPStatus.NOT_FOUND


def test_an_anonymous_token_sees_no_purchase(sandbox, customer_api, demo_purchases):
    token = sandbox.new_token()
    response = customer_api.get(f"/purchases/{demo_purchases[0]['purchase_id']}", token=token)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
