"""Loyalty against the live sandbox: cards, card types, digital card files, rewards, vouchers."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest

from portal.sandbox.seed import ids as seed_ids
from portal.sandbox.seed import loyalty as seed

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEMO_CARDS = {seed_ids.DEMO_CARD_NUMBER, seed.DEMO_DIGITAL_CARD_NUMBER, seed.DEMO_PARTNER_CARD_NUMBER}
DEMO_VOUCHER_CODES = {"ESP7Q4M2KX", "CRS8H3TNWA", "NAR4ZLY9PE", "SLV10P3WZD", "ESPR2D6FHC", "SLV10K7MQR",
                      "LED5XW2GTB", "CRS6B9VDQN"}
PUBLIC_REWARDS = {"ESPRESSO-ZDARMA", "CROISSANT", "SLEVA-10", "ZRNKOVA-KAVA-250", "HAPPY-HOUR", "PODZIMNI-KAVA",
                  "LEDOVA-KAVA"}


def data(response):
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]


def invalid_names(response):
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.text
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


def card_numbers(response):
    return {card["card_number"] for card in data(response)["cards"]}


def codes(response, plural="rewards"):
    return {row["code"] for row in data(response)[plural]}


@pytest.fixture
def anonymous_token(sandbox):
    """A customer-interface token nobody is logged in with."""
    return sandbox.new_token()


# --- cards ---------------------------------------------------------------------------------------


def test_customer_cards_lists_the_demo_customers_cards(customer_api, demo_token, ids):
    cards = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/cards", token=demo_token))
    assert cards["total_items"] == 3
    by_number = {card["card_number"]: card for card in cards["cards"]}
    assert set(by_number) == DEMO_CARDS
    loyalty = by_number[ids.DEMO_CARD_NUMBER]
    assert loyalty["card_id"] == seed.CARD_DEMO_LOYALTY
    assert loyalty["card_type_id"] == ids.CARD_TYPE_LOYALTY and loyalty["state"] == 1
    assert loyalty["customer_id"] == ids.DEMO_CUSTOMER and loyalty["store_id"] == ids.STORE_PRAHA
    assert loyalty["valid_from"] < loyalty["valid_to"]
    partner = by_number[seed.DEMO_PARTNER_CARD_NUMBER]
    assert partner["state"] == 0 and partner["secondary_card_number"] == seed.DEMO_PARTNER_SECONDARY_NUMBER
    assert "valid_to" not in by_number[seed.DEMO_DIGITAL_CARD_NUMBER]  # open-ended: omitted, never null


@pytest.mark.parametrize("query, expected", [
    ({"card_number": seed_ids.DEMO_CARD_NUMBER}, {seed_ids.DEMO_CARD_NUMBER}),
    ({"card_number_list[]": [seed_ids.DEMO_CARD_NUMBER, seed.DEMO_PARTNER_CARD_NUMBER, "999"]},
     {seed_ids.DEMO_CARD_NUMBER, seed.DEMO_PARTNER_CARD_NUMBER}),
    ({"card_type_id": seed_ids.CARD_TYPE_DIGITAL}, {seed.DEMO_DIGITAL_CARD_NUMBER}),
    ({"is_valid": "true"}, {seed_ids.DEMO_CARD_NUMBER, seed.DEMO_DIGITAL_CARD_NUMBER}),
    ({"is_valid": "false"}, {seed.DEMO_PARTNER_CARD_NUMBER}),
    ({"card_number": seed_ids.SECOND_CARD_NUMBER}, set()),
])
def test_customer_cards_filters(customer_api, demo_token, ids, query, expected):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/cards", token=demo_token, params=query)
    assert card_numbers(response) == expected


def test_customer_cards_paging_and_sorting(customer_api, demo_token, ids):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/cards", token=demo_token,
                                params={"count": 1, "offset": 1, "sort_field": "card_number",
                                        "sort_direction": "DESC"})
    page = data(response)
    assert page["total_items"] == 3
    assert [card["card_number"] for card in page["cards"]] == [sorted(DEMO_CARDS, reverse=True)[1]]


@pytest.mark.parametrize("query, name, reason", [
    ({"is_valid": "maybe"}, "is_valid", "not_allowed_value"),
    ({"count": "0"}, "count", "not_allowed_value"),
    ({"offset": "x"}, "offset", "invalid_value_format"),
    ({"sort_field": "no_such_field"}, "sort_field", "not_allowed_value"),
])
def test_customer_cards_validates_the_query(customer_api, demo_token, ids, query, name, reason):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/cards", token=demo_token, params=query)
    assert invalid_names(response)[name] == reason


def test_customer_cards_isolation_and_auth(customer_api, enterprise_api, demo_token, second_token,
                                           anonymous_token, staff_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/cards"
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get(path, token="unknown-token").status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get(path, token=anonymous_token).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    own = customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}/cards", token=second_token)
    assert card_numbers(own) == {ids.SECOND_CARD_NUMBER}
    assert card_numbers(enterprise_api.get(path, token=staff_token)) == DEMO_CARDS
    assert enterprise_api.get("/customers/no-such-customer/cards", token=staff_token).status_code == (
        HTTPStatus.NOT_FOUND)
    assert enterprise_api.get(path).status_code == HTTPStatus.UNAUTHORIZED


def test_get_cards_shows_a_customer_only_their_own(customer_api, demo_token, second_token, ids):
    assert card_numbers(customer_api.get("/cards", token=demo_token)) == DEMO_CARDS
    assert card_numbers(customer_api.get("/cards", token=second_token)) == {ids.SECOND_CARD_NUMBER}
    mine = customer_api.get("/cards", token=demo_token, params={"customer_id": ids.DEMO_CUSTOMER})
    assert card_numbers(mine) == DEMO_CARDS
    other = customer_api.get("/cards", token=demo_token, params={"customer_id": ids.SECOND_CUSTOMER})
    assert other.status_code == HTTPStatus.FORBIDDEN
    # Searching by another customer's number finds nothing of theirs.
    assert card_numbers(customer_api.get("/cards", token=demo_token,
                                         params={"card_number": ids.SECOND_CARD_NUMBER})) == set()
    assert customer_api.get("/cards").status_code == HTTPStatus.UNAUTHORIZED


POOL = {*seed.FREE_CARD_NUMBERS, seed.FREE_BLOCKED_CARD_NUMBER,
        *(str(seed.DIGITAL_POOL_FIRST + n) for n in range(seed.DIGITAL_POOL_SIZE))}


@pytest.mark.parametrize("query, expected", [
    ({}, DEMO_CARDS | {seed_ids.SECOND_CARD_NUMBER}),
    ({"customer_id": seed_ids.SECOND_CUSTOMER}, {seed_ids.SECOND_CARD_NUMBER}),
    ({"state": "0"}, {seed.DEMO_PARTNER_CARD_NUMBER}),
    ({"state": "1", "card_type_id": seed_ids.CARD_TYPE_LOYALTY},
     {seed_ids.DEMO_CARD_NUMBER, seed_ids.SECOND_CARD_NUMBER}),
    ({"card_number": seed.DEMO_PARTNER_SECONDARY_NUMBER}, set()),
    ({"card_number": seed.DEMO_PARTNER_SECONDARY_NUMBER, "search_secondary_card_number": "true"},
     {seed.DEMO_PARTNER_CARD_NUMBER}),
    ({"card_number": seed.DEMO_PARTNER_CARD_NUMBER, "search_secondary_card_number": "false"},
     {seed.DEMO_PARTNER_CARD_NUMBER}),
    ({"card_number_list[]": [seed.DEMO_PARTNER_SECONDARY_NUMBER, seed_ids.DEMO_CARD_NUMBER],
      "search_secondary_card_number": "true"}, {seed.DEMO_PARTNER_CARD_NUMBER}),
    ({"card_number_list[]": [seed_ids.SECOND_CARD_NUMBER, seed_ids.DEMO_CARD_NUMBER]},
     {seed_ids.SECOND_CARD_NUMBER, seed_ids.DEMO_CARD_NUMBER}),
    ({"is_valid": "false"}, {seed.DEMO_PARTNER_CARD_NUMBER}),
])
def test_get_cards_filters_on_the_enterprise_interface(enterprise_api, staff_token, query, expected):
    # The free cards of the pools (seed.FREE_CARD_NUMBERS, the digital pool) are cards too: left out here.
    found = card_numbers(enterprise_api.get("/cards", token=staff_token, params={**query, "count": 1000}))
    assert found - POOL == expected


def test_the_pools_free_cards_are_listed_without_a_holder(enterprise_api, staff_token):
    cards = data(enterprise_api.get("/cards", token=staff_token, params={
        "card_number_list[]": [*seed.FREE_CARD_NUMBERS, seed.FREE_BLOCKED_CARD_NUMBER]}))["cards"]
    assert {card["card_number"]: card["state"] for card in cards if not card.get("customer_id")} == {
        **dict.fromkeys(seed.FREE_CARD_NUMBERS, 1), seed.FREE_BLOCKED_CARD_NUMBER: 0}


def test_get_cards_paging_and_validation(enterprise_api, staff_token):
    held = sorted(DEMO_CARDS | {seed_ids.SECOND_CARD_NUMBER})
    page = data(enterprise_api.get("/cards", token=staff_token, params={
        "count": 2, "offset": 3, "sort_field": "card_number", "card_number_list[]": held}))
    assert page["total_items"] == 4
    assert [card["card_number"] for card in page["cards"]] == [sorted(DEMO_CARDS | {seed_ids.SECOND_CARD_NUMBER})[3]]
    bad = enterprise_api.get("/cards", token=staff_token, params={"state": "2", "search_secondary_card_number": "x"})
    assert invalid_names(bad) == {"state": "not_allowed_value", "search_secondary_card_number": "not_allowed_value"}
    unknown = enterprise_api.get("/cards", token=staff_token, params={"customer_id": "no-such-customer"})
    assert unknown.status_code == HTTPStatus.NOT_FOUND


def test_login_with_a_blocked_card_is_refused(sandbox, customer_api, ids):
    token = sandbox.new_token()
    response = customer_api.post(f"/tokens/{token}/actions/login", token=token, json={
        "login_type": "card", "login_value": seed.DEMO_PARTNER_CARD_NUMBER, "password": ids.DEMO_PASSWORD})
    assert response.status_code == HTTPStatus.UNAUTHORIZED


# --- card types ------------------------------------------------------------------------------------


def test_card_types_in_both_languages(customer_api, anonymous_token, ids):
    czech = data(customer_api.get("/card-types", token=anonymous_token, language="cs"))
    assert czech["total_items"] == 3
    by_id = {t["card_type_id"]: t for t in czech["card_types"]}
    assert by_id[ids.CARD_TYPE_LOYALTY] == {"card_type_id": ids.CARD_TYPE_LOYALTY, "text_id": "loyalty_card",
                                            "name": "Věrnostní karta", "prefix": "2001"}
    english = data(customer_api.get("/card-types", token=anonymous_token, language="en"))
    assert {t["name"] for t in english["card_types"]} >= {"Loyalty card", "ISIC partner card"}


@pytest.mark.parametrize("query, expected", [
    ({"name": "digit"}, {"digital_card"}),
    ({"name": "VĚRNOSTNÍ"}, {"loyalty_card"}),
    ({"text_id": "partner_card"}, {"partner_card"}),
    ({"text_id[]": ["loyalty_card", "partner_card", "isic_card"]}, {"loyalty_card", "partner_card"}),
    ({"count": 1, "offset": 2, "sort_field": "text_id"}, {"partner_card"}),
])
def test_card_types_filters_and_paging(enterprise_api, staff_token, query, expected):
    types = data(enterprise_api.get("/card-types", token=staff_token, params=query))["card_types"]
    assert {t["text_id"] for t in types} == expected


def test_card_types_need_a_token(customer_api, enterprise_api):
    assert customer_api.get("/card-types").status_code == HTTPStatus.UNAUTHORIZED
    assert enterprise_api.get("/card-types").status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get("/card-types", token="unknown").status_code == HTTPStatus.UNAUTHORIZED


# --- digital card files ------------------------------------------------------------------------------


@pytest.mark.parametrize("file_type", ["qr-png", "png"])
def test_digital_card_file_is_a_real_png(sandbox, customer_api, demo_token, ids, file_type):
    response = customer_api.post("/cards/actions/generate-digital-card-file", token=demo_token,
                                 json={"card_id": seed.CARD_DEMO_LOYALTY, "file_type": file_type})
    url = data(response)["file_url"]
    assert url.startswith(sandbox.url + "/_sandbox/files/digital-cards/") and url.endswith(".png")
    for secret in (ids.DEMO_CARD_NUMBER, seed.CARD_DEMO_LOYALTY, ids.DEMO_CUSTOMER):
        assert secret not in url
    image = sandbox.http.get(url, timeout=30)
    assert image.status_code == HTTPStatus.OK
    assert image.headers["Content-Type"] == "image/png"
    assert image.content.startswith(PNG_SIGNATURE) and len(image.content) > 100


def test_barcode_and_qr_code_files_differ(customer_api, demo_token):
    urls = {
        data(customer_api.post("/cards/actions/generate-digital-card-file", token=demo_token,
                               json={"card_id": seed.CARD_DEMO_DIGITAL, "file_type": file_type}))["file_url"]
        for file_type in ("png", "qr-png")
    }
    assert len(urls) == 2


def test_unknown_digital_card_file_is_404(sandbox):
    assert sandbox.http.get(f"{sandbox.url}/_sandbox/files/digital-cards/{'0' * 40}.png").status_code == 404


@pytest.mark.parametrize("body, name, reason", [
    ({"card_id": seed.CARD_DEMO_LOYALTY, "file_type": "pdf"}, "file_type", "not_allowed_value"),
    ({"file_type": "png"}, "card_id", "required"),
    ({"card_id": "no-such-card", "file_type": "png"}, "card_id", "not_found"),
    ({"card_id": seed.CARD_SECOND_LOYALTY, "file_type": "png"}, "card_id", "not_belong_to_logged_in_customer"),
    ({"card_id": seed.CARD_DEMO_PARTNER, "file_type": "qr-png"}, "card_id", "not_allowed_value"),
])
def test_digital_card_validation(customer_api, demo_token, body, name, reason):
    response = customer_api.post("/cards/actions/generate-digital-card-file", token=demo_token, json=body)
    assert invalid_names(response)[name] == reason


def test_digital_card_auth(customer_api, enterprise_api, anonymous_token, staff_token):
    body = {"card_id": seed.CARD_SECOND_LOYALTY, "file_type": "png"}
    path = "/cards/actions/generate-digital-card-file"
    assert customer_api.post(path, json=body).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.post(path, json=body, token=anonymous_token).status_code == HTTPStatus.UNAUTHORIZED
    assert enterprise_api.post(path, json=body).status_code == HTTPStatus.UNAUTHORIZED
    assert data(enterprise_api.post(path, json=body, token=staff_token))["file_url"].endswith(".png")


# --- rewards ---------------------------------------------------------------------------------------


def test_rewards_a_customer_sees(customer_api, enterprise_api, demo_token, second_token, anonymous_token,
                                 staff_token):
    assert codes(customer_api.get("/rewards", token=demo_token)) == PUBLIC_REWARDS | {"NAROZENINY"}
    assert codes(customer_api.get("/rewards", token=second_token)) == PUBLIC_REWARDS | {"VITEJTE"}
    assert codes(customer_api.get("/rewards", token=anonymous_token)) == PUBLIC_REWARDS
    everything = data(enterprise_api.get("/rewards", token=staff_token))
    assert everything["total_items"] == 9
    assert customer_api.get("/rewards").status_code == HTTPStatus.UNAUTHORIZED


def test_reward_content_in_both_languages(sandbox, customer_api, demo_token, ids):
    czech = data(customer_api.get(f"/rewards/{seed.REWARD_ESPRESSO}", token=demo_token, language="cs"))
    assert czech["name"] == "Espresso zdarma" and czech["subtitle"] == "Za 150 bodů"
    assert czech["points_cost"] == 150 and czech["reward_group"] == 1 and czech["is_automated"] is False
    assert czech["image_urls"] == [f"{sandbox.url}/_sandbox/images/rewards/espresso.svg"]
    image = sandbox.http.get(czech["image_urls"][0], timeout=10)
    assert image.status_code == HTTPStatus.OK and image.headers["Content-Type"] == "image/svg+xml"
    assert image.text.startswith("<svg") and 'aria-label="espresso"' in image.text and "<text" not in image.text
    assert czech["tags"] == [{"tag_id": seed.TAG_COFFEE["tag_id"], "name": "Káva", "text_id": "coffee", "state": 1}]
    assert czech["reward_type_id"] == seed.REWARD_TYPE_FREE_PRODUCT and czech["state"] == 1
    assert [s["store_id"] for s in czech["store_list"]] == [ids.STORE_PRAHA, ids.STORE_BRNO]
    assert czech["store_list"][0]["name"] and czech["store_list"][0]["partner_id"]
    english = data(customer_api.get(f"/rewards/{seed.REWARD_ESPRESSO}", token=demo_token, language="en"))
    assert english["name"] == "Free espresso" and english["note"].startswith("One espresso")
    happy_hour = data(customer_api.get(f"/rewards/{seed.REWARD_HAPPY_HOUR}", token=demo_token))
    assert (happy_hour["valid_time_from"], happy_hour["valid_time_to"]) == ("14:00:00", "16:00:00")
    assert "points_cost" not in happy_hour and happy_hour["is_automated"] is True


def test_reward_visibility(customer_api, enterprise_api, demo_token, second_token, staff_token):
    assert customer_api.get(f"/rewards/{seed.REWARD_BIRTHDAY}", token=demo_token).status_code == HTTPStatus.OK
    assert customer_api.get(f"/rewards/{seed.REWARD_BIRTHDAY}", token=second_token).status_code == (
        HTTPStatus.NOT_FOUND)
    assert data(enterprise_api.get(f"/rewards/{seed.REWARD_BIRTHDAY}", token=staff_token))["code"] == "NAROZENINY"
    assert customer_api.get("/rewards/no-such-reward", token=demo_token).status_code == HTTPStatus.NOT_FOUND
    assert customer_api.get(f"/rewards/{seed.REWARD_ESPRESSO}").status_code == HTTPStatus.UNAUTHORIZED


def _days(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


@pytest.mark.parametrize("query, expected", [
    ({"name": "croissant"}, {"CROISSANT"}),
    ({"name": "KÁVA"}, {"HAPPY-HOUR", "PODZIMNI-KAVA", "LEDOVA-KAVA"}),
    ({"code": "SLEVA-10"}, {"SLEVA-10"}),
    ({"is_valid": "false"}, {"LEDOVA-KAVA"}),
    ({"is_valid": "true", "reward_group": "4"}, {"NAROZENINY", "VITEJTE"}),
    ({"reward_group": "0"}, {"HAPPY-HOUR"}),
    ({"reward_group": "2"}, {"PODZIMNI-KAVA"}),
    ({"is_automated": "true"}, {"HAPPY-HOUR", "PODZIMNI-KAVA"}),
    ({"store_id": seed_ids.STORE_ESHOP}, {"SLEVA-10", "ZRNKOVA-KAVA-250"}),
    ({"tag_ids[]": [seed.TAG_SEASONAL["tag_id"]]}, {"PODZIMNI-KAVA", "LEDOVA-KAVA"}),
    ({"customer_type_id[]": [seed.CUSTOMER_TYPE_STUDENT]}, {"SLEVA-10"}),
    ({"reward_type_id": seed.REWARD_TYPE_PERCENTAGE}, {"SLEVA-10", "HAPPY-HOUR", "PODZIMNI-KAVA"}),
    ({"valid_from": _days(200)}, {"ESPRESSO-ZDARMA", "SLEVA-10", "ZRNKOVA-KAVA-250"}),
    ({"valid_to": _days(-220)}, {"ESPRESSO-ZDARMA", "LEDOVA-KAVA"}),
    ({"valid_from": _days(-70), "valid_to": _days(-65), "is_valid": "false"}, {"LEDOVA-KAVA"}),
    ({"partner_id": "no-such-partner"}, set()),
])
def test_rewards_filters(enterprise_api, staff_token, query, expected):
    assert codes(enterprise_api.get("/rewards", token=staff_token, params=query)) == expected


def test_rewards_paging_and_stores(enterprise_api, staff_token, ids):
    page = data(enterprise_api.get("/rewards", token=staff_token,
                                   params={"count": 3, "offset": 1, "sort_field": "code"}))
    all_codes = sorted(PUBLIC_REWARDS | {"NAROZENINY", "VITEJTE"})
    assert page["total_items"] == 9 and [r["code"] for r in page["rewards"]] == all_codes[1:4]
    # Without stores unless asked for (the default of without_stores is true).
    assert all(r["store_list"] == [] for r in data(enterprise_api.get("/rewards", token=staff_token))["rewards"])
    with_stores = data(enterprise_api.get("/rewards", token=staff_token,
                                          params={"without_stores": "false", "code": "SLEVA-10"}))["rewards"]
    store_list = with_stores[0]["store_list"]
    assert [s["store_id"] for s in store_list] == [ids.STORE_PRAHA, ids.STORE_BRNO, ids.STORE_ESHOP]
    # A reward belongs to the partners of the stores where it can be redeemed.
    partner = data(enterprise_api.get("/rewards", token=staff_token,
                                      params={"partner_id": store_list[0]["partner_id"], "count": 1}))
    assert partner["total_items"] == 9


@pytest.mark.parametrize("query, name, reason", [
    ({"reward_group": "3"}, "reward_group", "not_allowed_value"),
    ({"valid_from": "2024-13-01"}, "valid_from", "invalid_value_format"),
    ({"is_automated": "sometimes"}, "is_automated", "not_allowed_value"),
    ({"without_stores": "nope"}, "without_stores", "not_allowed_value"),
])
def test_rewards_validation(customer_api, demo_token, query, name, reason):
    assert invalid_names(customer_api.get("/rewards", token=demo_token, params=query))[name] == reason


def test_customer_rewards(customer_api, enterprise_api, demo_token, second_token, staff_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/rewards"
    mine = customer_api.get(path, token=demo_token)
    assert codes(mine) == PUBLIC_REWARDS | {"NAROZENINY"}
    assert codes(customer_api.get(path, token=demo_token, params={"is_valid": "true"})) == (
        PUBLIC_REWARDS - {"LEDOVA-KAVA"} | {"NAROZENINY"})
    assert codes(customer_api.get(path, token=demo_token, params={"reward_group": "4"})) == {"NAROZENINY"}
    assert codes(customer_api.get(path, token=demo_token, params={"name": "espresso", "is_automated": "false"})) == (
        {"ESPRESSO-ZDARMA"})
    page = data(customer_api.get(path, token=demo_token, params={"count": 2, "offset": 0, "sort_field": "points_cost",
                                                                 "sort_direction": "DESC"}))
    assert page["total_items"] == 8 and [r["code"] for r in page["rewards"]] == ["ZRNKOVA-KAVA-250", "SLEVA-10"]
    second = f"/customers/{ids.SECOND_CUSTOMER}/rewards"
    assert codes(customer_api.get(second, token=second_token, params={"reward_group": "4"})) == {"VITEJTE"}
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    assert codes(enterprise_api.get(second, token=staff_token, params={"reward_group": "4"})) == {"VITEJTE"}
    bad = customer_api.get(path, token=demo_token, params={"valid_to": "tomorrow"})
    assert invalid_names(bad) == {"valid_to": "invalid_value_format"}


# --- vouchers --------------------------------------------------------------------------------------


def test_customer_vouchers(customer_api, demo_token, ids):
    vouchers = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", token=demo_token, language="en"))
    assert vouchers["total_items"] == len(DEMO_VOUCHER_CODES)
    by_code = {v["code"]: v for v in vouchers["vouchers"]}
    assert set(by_code) == DEMO_VOUCHER_CODES
    espresso = by_code["ESP7Q4M2KX"]
    assert espresso["voucher_id"] == seed.VOUCHER_ESPRESSO and espresso["customer_id"] == ids.DEMO_CUSTOMER
    assert espresso["value"] == 59 and espresso["reward_group"] == "1" and espresso["state"] == 1
    assert espresso["reward"]["name"] == "Free espresso" and espresso["reward"]["store_list"] == []
    assert "applied_date" not in espresso and "store_id" not in espresso
    applied = by_code["ESPR2D6FHC"]
    assert applied["applied_date"] and applied["store_id"] == ids.STORE_PRAHA
    assert by_code["NAR4ZLY9PE"]["note"] == "Všechno nejlepší, Terezo!"
    discount = by_code["SLV10P3WZD"]  # a percentage discount's voucher: its value is 10 (%), its reward says so
    assert discount["value"] == 10 and discount["reward"]["reward_type_id"] == seed.REWARD_TYPE_PERCENTAGE


@pytest.mark.parametrize("query, expected", [
    ({"is_valid": "true"}, {"ESP7Q4M2KX", "CRS8H3TNWA", "NAR4ZLY9PE", "SLV10P3WZD", "SLV10K7MQR"}),
    ({"is_valid": "false"}, {"ESPR2D6FHC", "LED5XW2GTB", "CRS6B9VDQN"}),  # before or after
    ({"is_applied": "true"}, {"ESPR2D6FHC", "SLV10K7MQR"}),
    ({"is_applied": "false", "is_valid": "true"}, {"ESP7Q4M2KX", "CRS8H3TNWA", "NAR4ZLY9PE", "SLV10P3WZD"}),
    ({"code": "CRS8H3TNWA"}, {"CRS8H3TNWA"}),
    ({"code": "CRS3JV8UYD"}, set()),  # the second customer's
    ({"reward_id[]": [seed.REWARD_ESPRESSO]}, {"ESP7Q4M2KX", "ESPR2D6FHC"}),
    ({"reward_id[]": [seed.REWARD_ESPRESSO, seed.REWARD_BIRTHDAY]}, {"ESP7Q4M2KX", "ESPR2D6FHC", "NAR4ZLY9PE"}),
    ({"store_id": seed_ids.STORE_ESHOP}, {"SLV10P3WZD", "SLV10K7MQR"}),
])
def test_customer_vouchers_filters(customer_api, demo_token, ids, query, expected):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", token=demo_token, params=query)
    assert codes(response, "vouchers") == expected


def test_customer_vouchers_paging_stores_and_validation(customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/vouchers"
    page = data(customer_api.get(path, token=demo_token, params={"count": 2, "offset": 2, "sort_field": "code"}))
    assert page["total_items"] == len(DEMO_VOUCHER_CODES)
    assert [v["code"] for v in page["vouchers"]] == sorted(DEMO_VOUCHER_CODES)[2:4]
    with_stores = data(customer_api.get(path, token=demo_token, params={"without_stores": "false",
                                                                          "code": "SLV10K7MQR"}))["vouchers"][0]
    assert [s["store_id"] for s in with_stores["reward"]["store_list"]] == [
        ids.STORE_PRAHA, ids.STORE_BRNO, ids.STORE_ESHOP]
    bad = customer_api.get(path, token=demo_token, params={"is_applied": "yes", "is_valid": "no"})
    assert invalid_names(bad) == {"is_applied": "not_allowed_value", "is_valid": "not_allowed_value"}


def test_customer_vouchers_isolation(customer_api, enterprise_api, demo_token, second_token, anonymous_token,
                                     staff_token, ids):
    demo_path = f"/customers/{ids.DEMO_CUSTOMER}/vouchers"
    assert customer_api.get(demo_path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get(demo_path, token=anonymous_token).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get(demo_path).status_code == HTTPStatus.UNAUTHORIZED
    own = customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}/vouchers", token=second_token)
    assert codes(own, "vouchers") == {"CRS3JV8UYD", "VIT6NP4RSE"}
    assert codes(enterprise_api.get(demo_path, token=staff_token), "vouchers") == DEMO_VOUCHER_CODES


def test_get_voucher(customer_api, enterprise_api, demo_token, second_token, staff_token, ids):
    path = f"/vouchers/{seed.VOUCHER_APPLIED_DISCOUNT}"
    voucher = data(customer_api.get(path, token=demo_token, language="cs"))
    assert voucher["code"] == "SLV10K7MQR" and voucher["value"] == 10 and voucher["store_id"] == ids.STORE_BRNO
    assert voucher["reward"]["name"] == "Sleva 10 % na celý nákup" and voucher["reward_group"] == "1"
    assert voucher["created_at"] <= voucher["applied_date"] <= voucher["valid_to"]
    # Another customer's voucher does not exist for this token.
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.NOT_FOUND
    assert data(enterprise_api.get(path, token=staff_token))["customer_id"] == ids.DEMO_CUSTOMER
    assert customer_api.get("/vouchers/no-such-voucher", token=demo_token).status_code == HTTPStatus.NOT_FOUND
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED


# --- redeeming rewards -------------------------------------------------------------------------------


def _create_voucher(api_client, token, reward_id, **body):
    return api_client.post(f"/rewards/{reward_id}/actions/create-voucher", token=token, json=body)


def _demo_vouchers(customer_api, demo_token, ids):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", token=demo_token)
    return data(response)["vouchers"]


def _available_points(customer_api, token, customer_id):
    response = customer_api.get("/wallet/actions/points-overview", token=token, params={"customer_id": customer_id})
    return data(response)["available_points"]


def test_redeeming_a_points_reward_deducts_its_points(fresh_sandbox, customer_api, demo_token, ids):
    before = _available_points(customer_api, demo_token, ids.DEMO_CUSTOMER)
    assert before >= 150, "the demo customer's seeded balance should afford a free espresso"
    response = _create_voucher(customer_api, demo_token, seed.REWARD_ESPRESSO, customer_id=ids.DEMO_CUSTOMER)
    assert response.status_code == HTTPStatus.CREATED, response.text
    voucher_id = response.json()["data"]["voucher_id"]
    assert _available_points(customer_api, demo_token, ids.DEMO_CUSTOMER) == before - 150
    voucher = data(customer_api.get(f"/vouchers/{voucher_id}", token=demo_token))
    assert voucher["reward"]["code"] == "ESPRESSO-ZDARMA" and voucher["value"] == 59
    assert voucher_id in {v["voucher_id"] for v in _demo_vouchers(customer_api, demo_token, ids)}


def test_redeeming_a_free_reward_creates_a_voucher(fresh_sandbox, customer_api, demo_token, ids):
    response = _create_voucher(customer_api, demo_token, seed.REWARD_BIRTHDAY, customer_id=ids.DEMO_CUSTOMER,
                               code="DORT2025", note="K narozeninám")
    assert response.status_code == HTTPStatus.CREATED, response.text
    voucher_id = response.json()["data"]["voucher_id"]
    vouchers = {v["voucher_id"]: v for v in _demo_vouchers(customer_api, demo_token, ids)}
    assert len(vouchers) == len(DEMO_VOUCHER_CODES) + 1
    voucher = vouchers[voucher_id]
    assert voucher["code"] == "DORT2025" and voucher["note"] == "K narozeninám" and voucher["value"] == 89
    assert voucher["reward"]["reward_id"] == seed.REWARD_BIRTHDAY and "applied_date" not in voucher
    valid = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/vouchers", token=demo_token,
                             params={"is_valid": "true", "is_applied": "false", "code": "DORT2025"})
    assert codes(valid, "vouchers") == {"DORT2025"}


def test_enterprise_creates_a_voucher_with_a_generated_code(fresh_sandbox, enterprise_api, customer_api,
                                                            staff_token, second_token, ids):
    response = _create_voucher(enterprise_api, staff_token, seed.REWARD_WELCOME_COOKIE,
                               customer_id=ids.SECOND_CUSTOMER)
    assert response.status_code == HTTPStatus.CREATED, response.text
    voucher = data(customer_api.get(f"/vouchers/{response.json()['data']['voucher_id']}", token=second_token))
    assert len(voucher["code"]) == 10 and voucher["customer_id"] == ids.SECOND_CUSTOMER


def test_too_few_points_creates_no_voucher(fresh_sandbox, customer_api, demo_token, ids):
    before = _available_points(customer_api, demo_token, ids.DEMO_CUSTOMER)
    response = _create_voucher(customer_api, demo_token, seed.REWARD_BEANS, customer_id=ids.DEMO_CUSTOMER,
                               code="BEANS-TRY")
    assert invalid_names(response) == {"points_cost": "not_allowed_value"}
    vouchers = _demo_vouchers(customer_api, demo_token, ids)
    assert len(vouchers) == len(DEMO_VOUCHER_CODES) and "BEANS-TRY" not in {v["code"] for v in vouchers}
    assert _available_points(customer_api, demo_token, ids.DEMO_CUSTOMER) == before


@pytest.mark.parametrize("reward_id, body, name, reason", [
    (seed.REWARD_ESPRESSO, {}, "customer_id", "required"),
    (seed.REWARD_ESPRESSO, {"customer_id": ""}, "customer_id", "empty"),
    (seed.REWARD_ESPRESSO, {"customer_id": seed_ids.SECOND_CUSTOMER}, "customer_id",
     "not_belong_to_logged_in_customer"),
    (seed.REWARD_HAPPY_HOUR, {"customer_id": seed_ids.DEMO_CUSTOMER}, "reward_id", "not_allowed_value"),
    (seed.REWARD_AUTUMN, {"customer_id": seed_ids.DEMO_CUSTOMER}, "reward_id", "not_allowed_value"),
    (seed.REWARD_ICED_COFFEE, {"customer_id": seed_ids.DEMO_CUSTOMER}, "reward_id", "not_allowed_value"),
    (seed.REWARD_BIRTHDAY, {"customer_id": seed_ids.DEMO_CUSTOMER, "code": "ESP7Q4M2KX"}, "code", "already_exists"),
    (seed.REWARD_BIRTHDAY, {"customer_id": seed_ids.DEMO_CUSTOMER, "note": 5}, "note", "invalid_value_format"),
])
def test_create_voucher_validation(customer_api, demo_token, ids, reward_id, body, name, reason):
    response = _create_voucher(customer_api, demo_token, reward_id, **body)
    assert invalid_names(response)[name] == reason
    assert len(_demo_vouchers(customer_api, demo_token, ids)) == len(DEMO_VOUCHER_CODES)


def test_create_voucher_auth_and_unknown_records(customer_api, enterprise_api, demo_token, anonymous_token,
                                                 staff_token, ids):
    body = {"customer_id": ids.DEMO_CUSTOMER}
    assert _create_voucher(customer_api, None, seed.REWARD_BIRTHDAY, **body).status_code == HTTPStatus.UNAUTHORIZED
    assert _create_voucher(customer_api, anonymous_token, seed.REWARD_BIRTHDAY, **body).status_code == (
        HTTPStatus.UNAUTHORIZED)
    assert _create_voucher(customer_api, demo_token, "no-such-reward", **body).status_code == HTTPStatus.NOT_FOUND
    # A reward targeted at another customer does not exist for this one.
    assert _create_voucher(customer_api, demo_token, seed.REWARD_WELCOME_COOKIE, **body).status_code == (
        HTTPStatus.NOT_FOUND)
    targeted = _create_voucher(enterprise_api, staff_token, seed.REWARD_WELCOME_COOKIE, **body)
    assert invalid_names(targeted) == {"reward_id": "not_allowed_value"}
    unknown = _create_voucher(enterprise_api, staff_token, seed.REWARD_BIRTHDAY, customer_id="no-such-customer")
    assert invalid_names(unknown) == {"customer_id": "not_found"}
