"""Credits against the live sandbox: credit types, records, history, the wallet overviews, the
customer's scope, and the project without credits (``DELETE /_sandbox/credits``).

The seed (portal/sandbox/seed/credits.py) gives the demo customer 12 movements: 586 CZK of gift
credit (286 of it expiring first), 20 EUR of gift credit, 89.90 CZK of refund credit and one
expired deposit; the second customer has none.
"""

from http import HTTPStatus

import pytest

from portal.sandbox.seed import credits as seed

pytestmark = pytest.mark.usefixtures("fresh_sandbox")


def data(response):
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]


def test_credit_types_name_the_programmes(customer_api, demo_token):
    types = data(customer_api.get("/credit-types", token=demo_token, language="cs"))["credit_types"]
    assert {t["credit_type_id"]: t["name"] for t in types} == {
        seed.CREDIT_TYPE_GIFT: "Dárkový kredit", seed.CREDIT_TYPE_REFUND: "Kredit za vrácené zboží"}


def test_credit_records_use_up_the_deposits_that_expire_first(customer_api, demo_token, ids):
    records = data(customer_api.get("/credits", token=demo_token, language="en",
                                    params={"customer_id": ids.DEMO_CUSTOMER}))["credits"]
    by_note = {r["note"]: r for r in records}
    # The Christmas gift (200) paid 50 + 45 + 89 + 16 before it expired; the gift card the rest.
    assert by_note["Christmas gift 2025"]["state"] == 2 and by_note["Christmas gift 2025"]["available_credits"] == 0
    assert by_note["Gift card from colleagues"]["available_credits"] == 500 - 120 - 30 - 64
    assert by_note["Birthday bonus"]["available_credits"] == 300  # expires later: untouched
    assert by_note["Gift voucher from Vienna"]["currency_id"] == "eur"


def test_a_customer_token_sees_only_its_own_credits(customer_api, demo_token, second_token, ids):
    assert data(customer_api.get("/credits", token=second_token))["credits"] == []
    response = customer_api.get("/credits", token=second_token, params={"customer_id": ids.DEMO_CUSTOMER})
    assert response.status_code == HTTPStatus.FORBIDDEN
    response = customer_api.get("/credit-history", token=second_token, params={"customer_id": ids.DEMO_CUSTOMER})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_credit_history_pages_newest_first(customer_api, demo_token, ids):
    params = {"customer_id": ids.DEMO_CUSTOMER, "count": 5, "sort_field": "credit_history_record_time",
              "sort_direction": "DESC"}
    first = data(customer_api.get("/credit-history", token=demo_token, language="en", params=params))
    second = data(customer_api.get("/credit-history", token=demo_token, params={**params, "offset": 5}))
    assert first["total_items"] == len(seed.DEMO_MOVEMENTS)
    times = [r["credit_history_record_time"] for r in first["credit_history"] + second["credit_history"]]
    assert times == sorted(times, reverse=True) and len(set(times)) == 10
    assert first["credit_history"][0]["credit_operation_note"] == "Two cappuccinos"


def test_credit_history_needs_the_customer(customer_api, demo_token):
    response = customer_api.get("/credit-history", token=demo_token)
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_wallet_overviews_agree_with_the_records(customer_api, demo_token, ids):
    overview = data(customer_api.get("/wallet/actions/credits-overview", token=demo_token,
                                     params={"customer_id": ids.DEMO_CUSTOMER}))
    split = {row["currency_id"]: row["available_credits"] for row in overview["split_by_currency"]}
    assert split == {"czk": 675.9, "eur": 20.0}
    expiration = data(customer_api.get("/wallet/actions/credits-expiration-overview", token=demo_token,
                                       params={"customer_id": ids.DEMO_CUSTOMER}))
    assert expiration["next_amount"] == 286.0 and expiration["next_date"]


def test_a_project_without_credits(sandbox, customer_api, demo_token, ids):
    sandbox.control("DELETE", "credits")
    assert data(customer_api.get("/credit-types", token=demo_token)) == {"credit_types": [], "total_items": 0}
    assert data(customer_api.get("/credits", token=demo_token))["total_items"] == 0
