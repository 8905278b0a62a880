"""Campaigns, campaign products and products against the live sandbox."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
import requests
from django.utils import timezone
from PIL import Image

from portal.sandbox.seed import campaigns as seeded

CURRENT_OFFERS = {seeded.OFFER_PUMPKIN_LATTE, seeded.OFFER_COLOMBIA, seeded.OFFER_CINNAMON_ROLL,
                  seeded.OFFER_ADVENT_CALENDAR, seeded.OFFER_GINGERBREAD, seeded.OFFER_VANILLA_CRESCENTS}
OTHER_OFFERS = {seeded.OFFER_ETHIOPIA_ENDED, seeded.OFFER_CHRISTMAS_BLEND, seeded.OFFER_MUG,
                seeded.OFFER_ICED_LATTE, seeded.OFFER_COLD_BREW}
UNRESTRICTED_OFFERS = {seeded.OFFER_PUMPKIN_LATTE, seeded.OFFER_ETHIOPIA_ENDED, seeded.OFFER_CHRISTMAS_BLEND,
                       seeded.OFFER_GINGERBREAD, seeded.OFFER_VANILLA_CRESCENTS, seeded.OFFER_ICED_LATTE}


def invalid_names(response):
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


@pytest.fixture(scope="module", autouse=True)
def seeded_today(sandbox):
    """Seed dates are relative to the seeding day; re-seed so "today" is the tests' today even
    when the run crossed midnight after the sandbox started."""
    sandbox.reset()


def day(offset: int) -> str:
    """Midnight ``offset`` days from today, in the sandbox's timestamp format."""
    return f"{timezone.localdate() + timedelta(days=offset)} 00:00:00"


@pytest.fixture
def get(customer_api, demo_token):
    """GET on the customer interface as the demo customer: ``get(path, language=..., **params)``."""
    def call(path, language="en", **params):
        response = customer_api.get(path, token=demo_token, language=language, params=params)
        assert response.status_code == HTTPStatus.OK, response.text
        return response.json()["data"]
    return call


def offer_ids(get, **params) -> set[str]:
    return {o["campaign_product_id"] for o in get("/campaign-products", **params)["campaign_products"]}


# --- campaigns ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language, autumn, christmas", [("cs", "Podzimní káva", "Vánoce 2026"),
                                                          ("en", "Autumn coffee", "Christmas 2026")])
def test_campaigns_are_listed_in_the_callers_language(get, language, autumn, christmas):
    data = get("/campaigns", language=language)
    by_id = {c["campaign_id"]: c for c in data["campaigns"]}
    assert data["total_items"] == 4 and len(by_id) == 4
    assert by_id[seeded.CAMPAIGN_AUTUMN_COFFEE]["name"] == autumn
    assert by_id[seeded.CAMPAIGN_CHRISTMAS]["name"] == christmas
    assert by_id[seeded.CAMPAIGN_AUTUMN_COFFEE]["idcampaign"] == seeded.CAMPAIGN_AUTUMN_COFFEE
    assert by_id[seeded.CAMPAIGN_ADVENT_BAKING]["parent_id"] == seeded.CAMPAIGN_CHRISTMAS
    assert "parent_id" not in by_id[seeded.CAMPAIGN_CHRISTMAS]
    assert by_id[seeded.CAMPAIGN_SUMMER_ICED]["state"] == 2
    assert by_id[seeded.CAMPAIGN_AUTUMN_COFFEE]["state"] == 1


def test_get_campaign(get):
    cs = get(f"/campaigns/{seeded.CAMPAIGN_ADVENT_BAKING}", language="cs")
    en = get(f"/campaigns/{seeded.CAMPAIGN_ADVENT_BAKING}", language="en")
    assert (cs["name"], en["name"]) == ("Adventní pečení", "Advent baking")
    assert cs["external_id"] == "XMAS-2026-ADVENT" and cs["parent_id"] == seeded.CAMPAIGN_CHRISTMAS
    assert len(cs["last_change"]) == 19


def test_unknown_campaign_is_404(customer_api, demo_token):
    response = customer_api.get("/campaigns/0000000000000000000000000a", token=demo_token)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["error"]["type"] == "not_found_exception"


@pytest.mark.parametrize("params, expected", [
    ({"name": "vánoce"}, {seeded.CAMPAIGN_CHRISTMAS}),
    ({"name": "coffee"}, {seeded.CAMPAIGN_AUTUMN_COFFEE, seeded.CAMPAIGN_SUMMER_ICED}),
    ({"external_id": "XMAS-2026"}, {seeded.CAMPAIGN_CHRISTMAS}),
    ({"external_id": "XMAS"}, set()),
])
def test_campaign_filters(get, params, expected):
    data = get("/campaigns", **params)
    assert {c["campaign_id"] for c in data["campaigns"]} == expected
    assert data["total_items"] == len(expected)


def test_campaigns_page_and_sort(get):
    names = [c["name"] for c in get("/campaigns", sort_field="name", sort_direction="DESC")["campaigns"]]
    assert names == sorted(names, reverse=True)
    page = get("/campaigns", count=2, offset=1, sort_field="name")
    assert [c["name"] for c in page["campaigns"]] == sorted(names)[1:3]
    assert page["total_items"] == 4


def test_campaign_list_rejects_bad_paging(customer_api, demo_token):
    response = customer_api.get("/campaigns", token=demo_token, params={"count": 0, "sort_field": "nope"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(response) == {"count": "not_allowed_value", "sort_field": "not_allowed_value"}


def test_campaigns_need_only_a_token_and_work_on_both_interfaces(sandbox, customer_api, enterprise_api,
                                                                   staff_token):
    anonymous = customer_api.get("/campaigns", token=sandbox.new_token())
    assert anonymous.status_code == HTTPStatus.OK
    staff = enterprise_api.get(f"/campaigns/{seeded.CAMPAIGN_CHRISTMAS}", token=staff_token, language="cs")
    assert staff.status_code == HTTPStatus.OK
    assert staff.json()["data"]["name"] == "Vánoce 2026"


@pytest.mark.parametrize("path", ["/campaigns", f"/campaigns/{seeded.CAMPAIGN_CHRISTMAS}", "/campaign-products",
                                  "/products", f"/products/{seeded.PRODUCT_MUG}"])
@pytest.mark.parametrize("token", [None, "unknown-token"])
def test_every_operation_needs_a_valid_token(customer_api, enterprise_api, path, token):
    assert customer_api.get(path, token=token).status_code == HTTPStatus.UNAUTHORIZED
    assert enterprise_api.get(path, token=token).status_code == HTTPStatus.UNAUTHORIZED


# --- campaign products --------------------------------------------------------------------------------


@pytest.mark.parametrize("language, name, subtitle", [
    ("cs", "Dýňové latte o 20 % levněji", "Podzim v hrnku"),
    ("en", "Pumpkin spice latte 20% off", "Autumn in a cup"),
])
def test_campaign_product_in_both_languages(sandbox, get, language, name, subtitle):
    data = get("/campaign-products", language=language, campaign_id=seeded.CAMPAIGN_AUTUMN_COFFEE)
    offer = {o["campaign_product_id"]: o for o in data["campaign_products"]}[seeded.OFFER_PUMPKIN_LATTE]
    assert offer["product_id"] == seeded.PRODUCT_PUMPKIN_LATTE
    assert (offer["value"], offer["value_type_id"], offer["currency_id"]) == (20.0, 1, "czk")
    assert offer["presentation_data"]["name"] == name
    assert offer["presentation_data"]["subtitle"] == subtitle
    assert offer["presentation_data"]["image_url"].startswith(f"{sandbox.url}/_sandbox/images/campaigns/")
    assert offer["presentation_data"]["image_url"].endswith(".png")  # a raster picture, as a photo would be
    assert set(offer["display_in"]) == {"web", "api", "cash desk"}
    assert offer["type_id"] == seeded.CUSTOMER_TYPE_REGULAR and offer["state"] == 1
    assert offer["valid_from"] == day(-20)
    assert "campaign_product_property_records" not in offer


def test_final_price_offer(get):
    offer = get("/campaign-products", code="KAV-COL-250")["campaign_products"][0]
    assert (offer["value"], offer["value_type_id"]) == (239.0, 2)
    assert offer["presentation_data"]["description"].startswith("A sweet caramel taste")


def test_property_records_only_on_request(get):
    offers = get("/campaign-products", language="cs", include_property_records="true",
                 campaign_id=seeded.CAMPAIGN_AUTUMN_COFFEE)["campaign_products"]
    colombia = {o["campaign_product_id"]: o for o in offers}[seeded.OFFER_COLOMBIA]
    records = {r["property_id"]: r for r in colombia["campaign_product_property_records"]}
    assert records["max_per_customer"]["property_value"] == 3
    assert records["max_per_customer"]["property_name"] == "Maximum kusů na zákazníka"
    assert records["highlight"]["property_value"] is False
    assert records["highlight"]["property_record_id"] == f"highlight:{seeded.OFFER_COLOMBIA}"
    plain = get("/campaign-products", include_property_records="false")["campaign_products"]
    assert all("campaign_product_property_records" not in o for o in plain)


def test_all_offers_without_filters(get):
    data = get("/campaign-products")
    assert data["total_items"] == 11
    assert offer_ids(get) == CURRENT_OFFERS | OTHER_OFFERS


@pytest.mark.parametrize("params, expected", [
    ({"is_valid": "true"}, CURRENT_OFFERS),
    ({"is_valid": "false"}, OTHER_OFFERS),
    ({"campaign_id": seeded.CAMPAIGN_CHRISTMAS}, {seeded.OFFER_CHRISTMAS_BLEND, seeded.OFFER_MUG}),
    ({"campaign_id": "0000000000000000000000000a"}, set()),
    ({"name": "perníčky"}, {seeded.OFFER_GINGERBREAD}),
    ({"name": "GINGERBREAD"}, {seeded.OFFER_GINGERBREAD}),
    ({"code": "PEC-ROHL-250"}, {seeded.OFFER_VANILLA_CRESCENTS}),
    ({"code": "PEC-ROHL"}, set()),
    ({"display_in": "api"}, {seeded.OFFER_PUMPKIN_LATTE, seeded.OFFER_ETHIOPIA_ENDED, seeded.OFFER_CHRISTMAS_BLEND,
                             seeded.OFFER_GINGERBREAD, seeded.OFFER_ICED_LATTE, seeded.OFFER_COLOMBIA,
                             seeded.OFFER_ADVENT_CALENDAR}),
    ({"display_in": "cash desk", "is_valid": "true"}, {seeded.OFFER_PUMPKIN_LATTE, seeded.OFFER_CINNAMON_ROLL,
                                                        seeded.OFFER_GINGERBREAD, seeded.OFFER_VANILLA_CRESCENTS}),
    ({"type_id[]": seeded.CUSTOMER_TYPE_CLUB_MEMBER}, {seeded.OFFER_ETHIOPIA_ENDED, seeded.OFFER_ADVENT_CALENDAR}),
    ({"type_id[]": [seeded.CUSTOMER_TYPE_CLUB_MEMBER, seeded.CUSTOMER_TYPE_REGULAR]},
     CURRENT_OFFERS | OTHER_OFFERS),
    ({"value_type_id": 1}, {seeded.OFFER_PUMPKIN_LATTE, seeded.OFFER_CINNAMON_ROLL, seeded.OFFER_CHRISTMAS_BLEND,
                            seeded.OFFER_GINGERBREAD, seeded.OFFER_ICED_LATTE}),
    ({"value_type_id": 2, "is_valid": "true"}, {seeded.OFFER_COLOMBIA, seeded.OFFER_ADVENT_CALENDAR,
                                                 seeded.OFFER_VANILLA_CRESCENTS}),
])
def test_campaign_product_filters(get, params, expected):
    assert offer_ids(get, **params) == expected


@pytest.mark.parametrize("store, restricted", [
    ("STORE_ESHOP", {seeded.OFFER_COLOMBIA, seeded.OFFER_ADVENT_CALENDAR}),
    ("STORE_PRAHA", {seeded.OFFER_CINNAMON_ROLL, seeded.OFFER_MUG, seeded.OFFER_COLD_BREW}),
    ("STORE_BRNO", {seeded.OFFER_CINNAMON_ROLL, seeded.OFFER_MUG}),
])
def test_store_filter_gives_the_stores_offers_and_unrestricted_ones(get, ids, store, restricted):
    assert offer_ids(get, store_id=getattr(ids, store)) == UNRESTRICTED_OFFERS | restricted


def test_validity_period_filters_select_overlapping_offers(get):
    upcoming_or_advent = {seeded.OFFER_CHRISTMAS_BLEND, seeded.OFFER_MUG, seeded.OFFER_ADVENT_CALENDAR,
                          seeded.OFFER_GINGERBREAD, seeded.OFFER_VANILLA_CRESCENTS}
    assert offer_ids(get, valid_from=day(14)) == upcoming_or_advent
    assert offer_ids(get, valid_to=day(-100)) == {seeded.OFFER_ICED_LATTE, seeded.OFFER_COLD_BREW}
    assert offer_ids(get, valid_from=day(-70), valid_to=day(-30)) == {seeded.OFFER_ETHIOPIA_ENDED}
    iso = day(14).replace(" ", "T")
    assert offer_ids(get, valid_from=iso) == upcoming_or_advent


def test_campaign_products_page(get):
    first = get("/campaign-products", count=4, sort_field="value", sort_direction="DESC")
    second = get("/campaign-products", count=4, offset=4, sort_field="value", sort_direction="DESC")
    values = [o["value"] for o in first["campaign_products"] + second["campaign_products"]]
    assert len(values) == 8 and values == sorted(values, reverse=True)
    assert values[0] == 590.0
    assert first["total_items"] == second["total_items"] == 11


@pytest.mark.parametrize("params, name, reason", [
    ({"display_in": "mobile"}, "display_in", "not_allowed_value"),
    ({"value_type_id": 3}, "value_type_id", "not_allowed_value"),
    ({"value_type_id": "final"}, "value_type_id", "invalid_value_format"),
    ({"is_valid": "maybe"}, "is_valid", "not_allowed_value"),
    ({"valid_from": "yesterday"}, "valid_from", "invalid_value_format"),
    ({"valid_to": "2026-13-45"}, "valid_to", "invalid_value_format"),
    ({"include_property_records": "yes"}, "include_property_records", "not_allowed_value"),
    ({"offset": -1}, "offset", "not_allowed_value"),
])
def test_campaign_product_filters_are_validated(customer_api, demo_token, params, name, reason):
    response = customer_api.get("/campaign-products", token=demo_token, params=params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(response) == {name: reason}


def test_campaign_products_on_the_enterprise_interface(enterprise_api, staff_token):
    response = enterprise_api.get("/campaign-products", token=staff_token, language="cs",
                                  params={"campaign_id": seeded.CAMPAIGN_SUMMER_ICED})
    assert response.status_code == HTTPStatus.OK
    names = {o["presentation_data"]["name"] for o in response.json()["data"]["campaign_products"]}
    assert names == {"Ledové latte o 30 % levněji", "Cold brew za 59 Kč"}


# --- products ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language, name, tag", [("cs", "Keramický hrnek 350 ml", "Dárky"),
                                                 ("en", "Ceramic mug, 350 ml", "Gifts")])
def test_get_product_in_both_languages(get, language, name, tag):
    product = get(f"/products/{seeded.PRODUCT_MUG}", language=language)
    assert product["product_id"] == seeded.PRODUCT_MUG
    assert product["name"] == name and product["code"] == "DAR-HRN-350"
    assert product["prices"] == [{"currency_id": "czk", "value": 249.0}]
    assert product["external_id"] == "8595641200062"
    assert {"list_code": "SKU", "code": "DAR-HRN-350"} in product["plu_ids"]
    assert [t["name"] for t in product["tags"]] == [tag]
    assert product["tags"][0]["text_id"] == "gifts"
    assert product["image_urls"][0].endswith("/products/ceramic-mug.svg")
    volume = {p["property_id"]: p for p in product["additional_properties"]}["volume_ml"]
    assert volume["property_value"] == 350
    assert volume["property_name"] == ("Objem (ml)" if language == "cs" else "Volume (ml)")
    assert product["partner_id"] == seeded.PARTNER_CAFE and product["state"] == 1


def test_unknown_product_is_404(customer_api, demo_token):
    response = customer_api.get("/products/0000000000000000000000000a", token=demo_token)
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_products_list(get):
    data = get("/products", language="cs")
    assert data["total_items"] == 11
    names = {p["product_id"]: p["name"] for p in data["products"]}
    assert names[seeded.PRODUCT_GINGERBREAD] == "Medové perníčky 200 g"


def product_ids(get, **params) -> set[str]:
    return {p["product_id"] for p in get("/products", **params)["products"]}


@pytest.mark.parametrize("params, expected", [
    ({"name": "zrnková"}, {seeded.PRODUCT_COLOMBIA, seeded.PRODUCT_ETHIOPIA, seeded.PRODUCT_CHRISTMAS_BLEND}),
    ({"name": "latte"}, {seeded.PRODUCT_PUMPKIN_LATTE, seeded.PRODUCT_ICED_LATTE}),
    ({"code": "NAP-COLD-330"}, {seeded.PRODUCT_COLD_BREW}),
    ({"external_id": "8595641200017"}, {seeded.PRODUCT_COLOMBIA}),
    ({"external_id": "KAV-ETH-250"}, {seeded.PRODUCT_ETHIOPIA}),
    ({"external_id": "KAV-ETH-250", "external_type_code": "GLOBAL"}, set()),
    ({"external_id": "KAV-ETH-250", "external_type_code": "SKU"}, {seeded.PRODUCT_ETHIOPIA}),
    ({"tag_ids[]": seeded.TAG_GIFTS}, {seeded.PRODUCT_MUG, seeded.PRODUCT_ADVENT_CALENDAR}),
    ({"tag_ids[]": [seeded.TAG_GIFTS, seeded.TAG_PASTRY]},
     {seeded.PRODUCT_MUG, seeded.PRODUCT_ADVENT_CALENDAR, seeded.PRODUCT_CINNAMON_ROLL,
      seeded.PRODUCT_GINGERBREAD, seeded.PRODUCT_VANILLA_CRESCENTS}),
    ({"partner_id": "0000000000000000000000000a"}, set()),
])
def test_product_filters(get, params, expected):
    assert product_ids(get, **params) == expected


def test_partner_filter_and_external_type_code(get):
    assert len(product_ids(get, partner_id=seeded.PARTNER_CAFE)) == 11
    skus = get("/products", external_type_code="SKU", code="PEC-SNEK-SKO")["products"]
    assert [p["external_id"] for p in skus] == ["PEC-SNEK-SKO"]


def test_products_page(get):
    page = get("/products", count=3, offset=9, sort_field="code")
    codes = [p["code"] for p in get("/products", sort_field="code")["products"]]
    assert [p["code"] for p in page["products"]] == codes[9:]
    assert len(page["products"]) == 2 and page["total_items"] == 11


def test_the_campaigns_pictures_are_pngs(sandbox, get):
    """Every demo offer has a raster picture (link previews show no SVG), drawn by the sandbox."""
    offers = get("/campaign-products", count=100)["campaign_products"]
    assert offers and all(o["presentation_data"]["image_url"].endswith(".png") for o in offers)
    response = requests.get(offers[0]["presentation_data"]["image_url"], timeout=10)
    assert response.status_code == HTTPStatus.OK and response.headers["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(response.content))
    assert (picture.format, picture.size) == ("PNG", (1200, 675))
    assert requests.get(f"{sandbox.url}/_sandbox/images/campaigns/x.png", timeout=10).content != response.content
    assert requests.get(f"{sandbox.url}/_sandbox/images/other/x.png", timeout=10).status_code == HTTPStatus.NOT_FOUND
