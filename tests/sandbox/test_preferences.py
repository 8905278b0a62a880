"""Interests, customer properties and the customers' interest and property records against the
live sandbox."""

import json
import uuid
from http import HTTPStatus

import pytest

from portal.sandbox.seed import preferences as seed

DEMO_INTERESTS = {seed.INTEREST_COFFEE, seed.INTEREST_BAKING, seed.INTEREST_ORGANIC}


def data(response, plural=None):
    assert response.status_code == HTTPStatus.OK, response.text
    body = response.json()["data"]
    return (body[plural], body["total_items"]) if plural else body


def invalid_names(response):
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.text
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


def interest_body(interest_id, customer_id):
    return {"interest_record": {"interest_id": interest_id, "customer_id": customer_id}}


def record(property_id, value):
    return {"property_id": property_id, "property_value": value}


def property_body(property_id, value):
    return {"property_record": record(property_id, value)}


def records_by_property(api, customer_id, token, language="en"):
    records, _ = data(api.get(f"/customers/{customer_id}/property-records", token=token, language=language),
                      "property_records")
    return {record["property_id"]: record for record in records}


# --- interests ----------------------------------------------------------------------------------------


def test_interest_names_follow_the_language(customer_api, demo_token):
    for language, name in (("cs", "Pečení"), ("en", "Baking")):
        interests, total = data(customer_api.get("/interests", token=demo_token, language=language), "interests")
        assert {"interest_id": seed.INTEREST_BAKING, "name": name} in interests
        assert total == 8


def test_interests_filter_by_part_of_the_name(customer_api, demo_token):
    interests, total = data(customer_api.get("/interests", token=demo_token, language="cs",
                                             params={"name": "KRÁS"}), "interests")
    assert interests == [{"interest_id": seed.INTEREST_BEAUTY, "name": "Krása a péče"}] and total == 1


def test_interests_sort_and_page(customer_api, demo_token):
    interests, total = data(customer_api.get("/interests", token=demo_token, language="en", params={
        "sort_field": "name", "count": 2, "offset": 1}), "interests")
    assert [interest["name"] for interest in interests] == ["Beauty and care", "Coffee"] and total == 8


def test_interests_need_a_token(customer_api, enterprise_api):
    assert customer_api.get("/interests").status_code == HTTPStatus.UNAUTHORIZED
    assert enterprise_api.get("/interests").status_code == HTTPStatus.UNAUTHORIZED


def test_demo_customer_interest_records(fresh_sandbox, customer_api, demo_token, ids):
    records, total = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/interest-records", token=demo_token),
                          "interest_records")
    assert {record["interest_id"] for record in records} == DEMO_INTERESTS and total == 3
    assert all(record["customer_id"] == ids.DEMO_CUSTOMER and record["last_change"] for record in records)


def test_interest_records_are_private(fresh_sandbox, customer_api, enterprise_api, demo_token, second_token,
                                      staff_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/interest-records"
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    records, _ = data(enterprise_api.get(path, token=staff_token), "interest_records")
    assert {record["interest_id"] for record in records} == DEMO_INTERESTS
    second, _ = data(customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}/interest-records", token=second_token),
                     "interest_records")
    assert [record["interest_id"] for record in second] == [seed.INTEREST_SPORT]
    missing = enterprise_api.get("/customers/nobody/interest-records", token=staff_token)
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_add_and_delete_an_interest_record(fresh_sandbox, customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/interest-records"
    response = customer_api.post(path, token=demo_token, json=interest_body(seed.INTEREST_PETS, ids.DEMO_CUSTOMER))
    assert response.status_code == HTTPStatus.CREATED, response.text
    record_id = response.json()["data"]["interest_record_id"]
    records, total = data(customer_api.get(path, token=demo_token), "interest_records")
    added = next(record for record in records if record["interest_record_id"] == record_id)
    assert added["interest_id"] == seed.INTEREST_PETS and added["customer_id"] == ids.DEMO_CUSTOMER
    assert total == 4

    assert customer_api.delete(f"{path}/{record_id}", token=demo_token).status_code == HTTPStatus.NO_CONTENT
    records, total = data(customer_api.get(path, token=demo_token), "interest_records")
    assert record_id not in {record["interest_record_id"] for record in records} and total == 3
    assert customer_api.delete(f"{path}/{record_id}", token=demo_token).status_code == HTTPStatus.NOT_FOUND


def test_enterprise_adds_an_interest_record(fresh_sandbox, enterprise_api, staff_token, ids):
    path = f"/customers/{ids.SECOND_CUSTOMER}/interest-records"
    response = enterprise_api.post(path, token=staff_token,
                                   json=interest_body(seed.INTEREST_TRAVEL, ids.SECOND_CUSTOMER))
    assert response.status_code == HTTPStatus.CREATED
    records, _ = data(enterprise_api.get(path, token=staff_token), "interest_records")
    assert {record["interest_id"] for record in records} == {seed.INTEREST_SPORT, seed.INTEREST_TRAVEL}


@pytest.mark.parametrize("make_body, name, reason", [
    (lambda ids: interest_body(seed.INTEREST_COFFEE, ids.DEMO_CUSTOMER), "interest_id", "relation_already_exists"),
    (lambda ids: interest_body("no-such-interest", ids.DEMO_CUSTOMER), "interest_id", "not_found"),
    (lambda ids: interest_body(seed.INTEREST_PETS, ids.SECOND_CUSTOMER), "customer_id",
     "not_belong_to_logged_in_customer"),
    (lambda ids: {"interest_record": {"customer_id": ids.DEMO_CUSTOMER}}, "interest_id", "required"),
    (lambda ids: {"interest_record": {"interest_id": seed.INTEREST_PETS}}, "customer_id", "required"),
    (lambda ids: {}, "interest_record", "required"),
])
def test_post_interest_record_validation(fresh_sandbox, customer_api, demo_token, ids, make_body, name, reason):
    response = customer_api.post(f"/customers/{ids.DEMO_CUSTOMER}/interest-records", token=demo_token,
                                 json=make_body(ids))
    assert invalid_names(response) == {name: reason}


def test_enterprise_body_customer_must_match_the_path(enterprise_api, staff_token, ids):
    response = enterprise_api.post(f"/customers/{ids.DEMO_CUSTOMER}/interest-records", token=staff_token,
                                   json=interest_body(seed.INTEREST_PETS, ids.SECOND_CUSTOMER))
    assert invalid_names(response) == {"customer_id": "not_allowed_value"}


def test_interest_records_of_another_customer_cannot_be_changed(fresh_sandbox, customer_api, demo_token,
                                                                second_token, ids):
    second_path = f"/customers/{ids.SECOND_CUSTOMER}/interest-records"
    response = customer_api.post(second_path, token=demo_token,
                                 json=interest_body(seed.INTEREST_PETS, ids.SECOND_CUSTOMER))
    assert response.status_code == HTTPStatus.FORBIDDEN
    records, _ = data(customer_api.get(second_path, token=second_token), "interest_records")
    second_record = records[0]["interest_record_id"]
    assert customer_api.delete(f"{second_path}/{second_record}", token=demo_token).status_code == HTTPStatus.FORBIDDEN
    # Through the caller's own path, another customer's record does not exist.
    own = f"/customers/{ids.DEMO_CUSTOMER}/interest-records/{second_record}"
    assert customer_api.delete(own, token=demo_token).status_code == HTTPStatus.NOT_FOUND
    records, total = data(customer_api.get(second_path, token=second_token), "interest_records")
    assert [record["interest_record_id"] for record in records] == [second_record] and total == 1


# --- customer property definitions ----------------------------------------------------------------------


def test_customer_properties_cover_every_data_type(customer_api, demo_token, ids):
    properties, total = data(customer_api.get("/customer-properties", token=demo_token, language="en"),
                             "customer_properties")
    by_id = {prop["property_id"]: prop for prop in properties}
    assert {prop["data_type"] for prop in properties} == {
        "string", "integer", "float", "boolean", "date", "timestamp", "enum", "multiselect", "taste_profile"}
    assert total == 12
    assert {pid for pid, prop in by_id.items() if prop["is_required"]} == {"favourite_store", "newsletter_frequency"}
    assert [pid for pid, prop in by_id.items() if prop["is_unique"]] == ["club_nickname"]
    assert "items" not in by_id["cups_per_day"]
    assert by_id["favourite_store"]["items"][0] == {"id": seed.ITEM_STORE_PRAHA, "name": "Prague – Vinohrady",
                                                    "resource_record_id": ids.STORE_PRAHA, "state": 1}
    daily = next(item for item in by_id["newsletter_frequency"]["items"] if item["id"] == seed.ITEM_DAILY)
    assert daily["state"] == 2 and "resource_record_id" not in daily


def test_customer_property_names_follow_the_language(customer_api, demo_token):
    for language, name, item in (("cs", "Alergeny", "Laktóza"), ("en", "Allergies", "Lactose")):
        properties, _ = data(customer_api.get("/customer-properties", token=demo_token, language=language,
                                              params={"name": name[:5]}), "customer_properties")
        assert [prop["name"] for prop in properties] == [name]
        assert item in {i["name"] for i in properties[0]["items"]}


def test_customer_properties_page_and_need_a_token(customer_api, demo_token):
    everything, _ = data(customer_api.get("/customer-properties", token=demo_token), "customer_properties")
    page, total = data(customer_api.get("/customer-properties", token=demo_token, params={"count": 3, "offset": 3}),
                       "customer_properties")
    assert page == everything[3:6] and total == 12
    assert customer_api.get("/customer-properties").status_code == HTTPStatus.UNAUTHORIZED


# --- property records -----------------------------------------------------------------------------------


def test_demo_customer_property_records(fresh_sandbox, customer_api, demo_token, ids):
    records = records_by_property(customer_api, ids.DEMO_CUSTOMER, demo_token, "cs")
    assert records["favourite_store"]["property_record_id"] == f"favourite_store:{ids.DEMO_CUSTOMER}"
    assert records["favourite_store"]["property_name"] == "Oblíbená prodejna"
    assert records["favourite_store"]["property_value"] == [
        {"id": seed.ITEM_STORE_PRAHA, "name": "Praha – Vinohrady", "resource_record_id": ids.STORE_PRAHA, "state": 1}]
    assert [item["name"] for item in records["allergies"]["property_value"]] == ["Laktóza", "Ořechy"]
    assert records["cups_per_day"]["property_value"] == 3
    assert records["pet_owner"]["property_value"] is True
    assert records["anniversary"]["property_value"] == "2015-06-20"
    assert records["monthly_budget"]["property_value"] == 649.5
    assert records["club_nickname"]["property_value"] == "terka_espresso"
    assert records["first_visit"]["property_value"] == "2019-04-12 08:30:00"
    assert records["taste_profile"]["property_value"] == '{"roast": "medium", "milk": "oat"}'
    assert "note" not in records and "visit_time" not in records


def test_item_names_given_as_json_translations_are_answered_as_they_are(customer_api, demo_token):
    """The spec's PropertyItem example names an item '{"en":"evening","cz":"vecer"}': one string,
    the same in every language (the client picks its language out of it)."""
    for language in ("cs", "en"):
        properties, _ = data(customer_api.get("/customer-properties", token=demo_token, language=language,
                                              params={"name": "Kdy k nám" if language == "cs" else "usually"}),
                             "customer_properties")
        [visit_time] = properties
        assert visit_time["data_type"] == "enum"
        assert [json.loads(item["name"]) for item in visit_time["items"]][2] == {"en": "In the evening",
                                                                                 "cz": "Večer"}


def test_property_record_names_follow_the_language(fresh_sandbox, customer_api, demo_token, ids):
    records = records_by_property(customer_api, ids.DEMO_CUSTOMER, demo_token, "en")
    assert records["newsletter_frequency"]["property_name"] == "Newsletter frequency"
    assert records["newsletter_frequency"]["property_value"][0]["name"] == "Monthly"


def test_property_records_page(fresh_sandbox, customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/property-records"
    everything, total = data(customer_api.get(path, token=demo_token), "property_records")
    page, paged_total = data(customer_api.get(path, token=demo_token, params={"count": 2, "offset": 2}),
                             "property_records")
    assert page == everything[2:4] and total == paged_total == 10


def test_property_records_are_private(fresh_sandbox, customer_api, enterprise_api, second_token, staff_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/property-records"
    assert customer_api.get(path, token=second_token).status_code == HTTPStatus.FORBIDDEN
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    second = records_by_property(customer_api, ids.SECOND_CUSTOMER, second_token)
    assert set(second) == {"favourite_store", "newsletter_frequency", "club_nickname", "note"}
    _, total = data(enterprise_api.get(path, token=staff_token), "property_records")
    assert total == 10
    record_path = f"{path}/pet_owner:{ids.DEMO_CUSTOMER}"
    body = property_body("pet_owner", False)
    for response in (customer_api.post(path, token=second_token, json=body),
                     customer_api.put(record_path, token=second_token, json=body),
                     customer_api.delete(record_path, token=second_token)):
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert records_by_property(enterprise_api, ids.DEMO_CUSTOMER, staff_token)["pet_owner"]["property_value"] is True


@pytest.mark.parametrize("property_id, value, shown", [
    ("first_visit", "2021-11-05 17:45:00", "2021-11-05 17:45:00"),
    ("first_visit", "2021-11-05T17:45:00", "2021-11-05 17:45:00"),
    ("taste_profile", '{"roast": "dark"}', '{"roast": "dark"}'),
    ("visit_time", [{"id": seed.ITEM_NOON}], [{"en": "Around noon", "cz": "Kolem poledne"}]),
    ("cups_per_day", 4.0, 4),
    ("monthly_budget", 1250.75, 1250.75),
    ("pet_owner", False, False),
    ("anniversary", "2019-09-14", "2019-09-14"),
    ("allergies", [{"id": seed.ITEM_GLUTEN}, {"id": seed.ITEM_SOY, "name": "ignored"}], ["Gluten", "Soy"]),
])
def test_add_a_property_record_of_each_data_type(fresh_sandbox, customer_api, second_token, ids,
                                                 property_id, value, shown):
    response = customer_api.post(f"/customers/{ids.SECOND_CUSTOMER}/property-records", token=second_token,
                                 json=property_body(property_id, value))
    assert response.status_code == HTTPStatus.CREATED, response.text
    assert response.json()["data"]["property_record_id"] == f"{property_id}:{ids.SECOND_CUSTOMER}"
    stored = records_by_property(customer_api, ids.SECOND_CUSTOMER, second_token)[property_id]["property_value"]
    if isinstance(shown, list):
        stored = [item["name"] if isinstance(shown[0], str) else json.loads(item["name"]) for item in stored]
    assert stored == shown


def test_add_a_string_property_record(fresh_sandbox, customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/property-records"
    response = customer_api.post(path, token=demo_token, json=property_body("note", "Ráda si dá flat white."))
    assert response.status_code == HTTPStatus.CREATED
    assert records_by_property(customer_api, ids.DEMO_CUSTOMER, demo_token)["note"]["property_value"] == (
        "Ráda si dá flat white.")


@pytest.mark.parametrize("property_id, value, reason", [
    ("cups_per_day", "3", "invalid_value_format"),
    ("cups_per_day", 2.5, "invalid_value_format"),
    ("cups_per_day", 3, "invalid_value_format"),  # a bare JSON integer: ambiguous in the spec's oneOf
    ("monthly_budget", "plenty", "invalid_value_format"),
    ("pet_owner", "yes", "invalid_value_format"),
    ("anniversary", "20.06.2015", "invalid_value_format"),
    ("anniversary", "2015-02-30", "invalid_value_format"),
    ("first_visit", "2021-11-05", "invalid_value_format"),
    ("first_visit", "2021-02-30 10:00:00", "invalid_value_format"),
    ("first_visit", "05.11.2021 17:45", "invalid_value_format"),
    ("taste_profile", {"roast": "dark"}, "invalid_value_format"),
    ("taste_profile", 3.0, "invalid_value_format"),
    ("club_nickname", 12.5, "invalid_value_format"),
    ("club_nickname", ["a"], "invalid_value_format"),
    ("allergies", [{"id": "no-such-item"}], "not_allowed_value"),
    ("allergies", seed.ITEM_GLUTEN, "invalid_value_format"),
    ("allergies", [seed.ITEM_GLUTEN], "invalid_value_format"),
    ("newsletter_frequency", [{"id": seed.ITEM_WEEKLY}, {"id": seed.ITEM_MONTHLY}], "not_allowed_value"),
    ("newsletter_frequency", [{"id": seed.ITEM_DAILY}], "not_allowed_value"),
    ("favourite_store", [], "empty"),
])
def test_property_values_are_validated_by_data_type(fresh_sandbox, customer_api, demo_token, ids,
                                                    property_id, value, reason):
    path = f"/customers/{ids.DEMO_CUSTOMER}/property-records"
    post = customer_api.post(path, token=demo_token, json=property_body(property_id, value))
    assert invalid_names(post) == {"property_value": reason}
    put = customer_api.put(f"{path}/{property_id}:{ids.DEMO_CUSTOMER}", token=demo_token,
                           json=property_body(property_id, value))
    assert put.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize("body, name, reason", [
    (property_body("shoe_size", 42.0), "property_id", "not_found"),
    ({"property_record": {"property_id": "note"}}, "property_value", "required"),
    ({"property_record": {"property_value": "x"}}, "property_id", "required"),  # the body schema
    (property_body("note", None), "property_value", "invalid_value_format"),
    (property_body("pet_owner", True), "property_id", "already_exists"),
])
def test_post_property_record_validation(fresh_sandbox, customer_api, demo_token, ids, body, name, reason):
    response = customer_api.post(f"/customers/{ids.DEMO_CUSTOMER}/property-records", token=demo_token, json=body)
    assert invalid_names(response) == {name: reason}


def test_unique_property_values_cannot_be_shared(fresh_sandbox, customer_api, second_token, ids):
    path = f"/customers/{ids.SECOND_CUSTOMER}/property-records/club_nickname:{ids.SECOND_CUSTOMER}"
    response = customer_api.put(path, token=second_token, json=property_body("club_nickname", "terka_espresso"))
    assert invalid_names(response) == {"property_value": "already_exists"}


def test_put_replaces_a_property_value(fresh_sandbox, customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/property-records"
    response = customer_api.put(f"{path}/allergies:{ids.DEMO_CUSTOMER}", token=demo_token,
                                json=property_body("allergies", [{"id": seed.ITEM_EGGS}]))
    assert response.status_code == HTTPStatus.NO_CONTENT
    response = customer_api.put(f"{path}/cups_per_day:{ids.DEMO_CUSTOMER}", token=demo_token,
                                json=property_body("cups_per_day", 5.0))
    assert response.status_code == HTTPStatus.NO_CONTENT
    records = records_by_property(customer_api, ids.DEMO_CUSTOMER, demo_token, "cs")
    assert [item["name"] for item in records["allergies"]["property_value"]] == ["Vejce"]
    assert records["cups_per_day"]["property_value"] == 5


def test_put_needs_the_records_property_and_an_existing_record(fresh_sandbox, customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/property-records"
    response = customer_api.put(f"{path}/pet_owner:{ids.DEMO_CUSTOMER}", token=demo_token,
                                json=property_body("note", "x"))
    assert invalid_names(response) == {"property_id": "not_allowed_value"}
    response = customer_api.put(f"{path}/note:{ids.DEMO_CUSTOMER}", token=demo_token,
                                json=property_body("note", "x"))
    assert response.status_code == HTTPStatus.NOT_FOUND
    # Another customer's record id through the caller's own path does not exist either.
    response = customer_api.put(f"{path}/note:{ids.SECOND_CUSTOMER}", token=demo_token,
                                json=property_body("note", "x"))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_delete_a_property_record(fresh_sandbox, customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/property-records"
    record_path = f"{path}/pet_owner:{ids.DEMO_CUSTOMER}"
    assert customer_api.delete(record_path, token=demo_token).status_code == HTTPStatus.NO_CONTENT
    assert "pet_owner" not in records_by_property(customer_api, ids.DEMO_CUSTOMER, demo_token)
    assert customer_api.delete(record_path, token=demo_token).status_code == HTTPStatus.NOT_FOUND
    again = customer_api.post(path, token=demo_token, json=property_body("pet_owner", False))
    assert again.status_code == HTTPStatus.CREATED


def test_required_property_records_cannot_be_deleted(fresh_sandbox, customer_api, demo_token, ids):
    record_id = f"favourite_store:{ids.DEMO_CUSTOMER}"
    response = customer_api.delete(f"/customers/{ids.DEMO_CUSTOMER}/property-records/{record_id}", token=demo_token)
    assert invalid_names(response) == {"property_record_id": "not_allowed_value"}
    assert "favourite_store" in records_by_property(customer_api, ids.DEMO_CUSTOMER, demo_token)


def test_enterprise_manages_property_records(fresh_sandbox, enterprise_api, staff_token, ids):
    path = f"/customers/{ids.SECOND_CUSTOMER}/property-records"
    response = enterprise_api.post(path, token=staff_token, json=property_body("pet_owner", True))
    assert response.status_code == HTTPStatus.CREATED
    record_id = response.json()["data"]["property_record_id"]
    assert records_by_property(enterprise_api, ids.SECOND_CUSTOMER, staff_token)["pet_owner"]["property_value"] is True
    assert enterprise_api.delete(f"{path}/{record_id}", token=staff_token).status_code == HTTPStatus.NO_CONTENT
    assert "pet_owner" not in records_by_property(enterprise_api, ids.SECOND_CUSTOMER, staff_token)
    missing = enterprise_api.get("/customers/nobody/property-records", token=staff_token)
    assert missing.status_code == HTTPStatus.NOT_FOUND


# --- property records inside POST/PUT /customers (apply_property_records) --------------------------------


def registration(ids, property_records):
    return {
        "customer": {"personal_information": {
            "first_name": "Karel", "last_name": "Veselý", "email": f"karel.{uuid.uuid4().hex[:10]}@example.com",
            "language_id": "cs", "store_id": ids.STORE_PRAHA,
            "consents": [{"consent_id": ids.CONSENT_GTC, "consent_value": 1}],
        }},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL},
        "password": "Kavarna-Zrnko-42",
        "autologin": True,
        "property_records": property_records,
    }


def test_registration_stores_property_records(fresh_sandbox, customer_api, ids):
    token = fresh_sandbox.new_token()
    body = registration(ids, [record("favourite_store", [{"id": seed.ITEM_STORE_ESHOP}]), record("cups_per_day", 2.0)])
    response = customer_api.post("/customers", token=token, json=body)
    assert response.status_code == HTTPStatus.CREATED, response.text
    customer_id = response.json()["data"]["customer_id"]
    records = records_by_property(customer_api, customer_id, token)
    assert set(records) == {"favourite_store", "cups_per_day"}
    assert records["favourite_store"]["property_value"][0]["resource_record_id"] == ids.STORE_ESHOP
    assert records["cups_per_day"]["property_record_id"] == f"cups_per_day:{customer_id}"


def test_registration_lists_every_bad_property_record_and_creates_nobody(fresh_sandbox, enterprise_api,
                                                                        staff_token, ids):
    body = registration(ids, [record("pet_owner", "no"), record("shoe_size", 42.0),
                              record("club_nickname", "terka_espresso")])
    response = enterprise_api.post("/customers", token=staff_token, json=body)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    problems = [(p["name"], p["reason"]) for p in response.json()["error"]["error_data"]["invalid_params"]]
    assert problems == [("property_value", "invalid_value_format"), ("property_id", "not_found"),
                        ("property_value", "already_exists")]
    email = body["customer"]["personal_information"]["email"]
    customers, total = data(enterprise_api.get("/customers", token=staff_token, params={"email": email}), "customers")
    assert total == 0


def test_put_customer_replaces_the_property_records_but_keeps_required_ones(fresh_sandbox, customer_api,
                                                                           demo_token, ids):
    customer = data(customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=demo_token))
    info = {key: value for key, value in customer["personal_information"].items() if key != "photo_url"}
    info["consents"] = [{"consent_id": c["consent_id"], "consent_value": c["consent_value"]}
                        for c in info.get("consents", [])]
    body = {"customer": {"personal_information": info}, "property_records": [
        record("favourite_store", [{"id": seed.ITEM_STORE_BRNO}]),
        record("note", "Nová poznámka"),
    ]}
    response = customer_api.put(f"/customers/{ids.DEMO_CUSTOMER}", token=demo_token, json=body)
    assert response.status_code == HTTPStatus.NO_CONTENT, response.text
    records = records_by_property(customer_api, ids.DEMO_CUSTOMER, demo_token)
    assert set(records) == {"favourite_store", "newsletter_frequency", "note"}
    assert records["favourite_store"]["property_value"][0]["id"] == seed.ITEM_STORE_BRNO
