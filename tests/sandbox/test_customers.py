"""Customers against the live sandbox: reading, registration, update, listing, registration checks,
auth-token login, additional addresses and address types."""

import re
import sqlite3
import uuid
from http import HTTPStatus

import pytest

from portal.sandbox.seed import customers as customer_seed

NEW_PASSWORD = "Kavarna-Zrnko-42"


def invalid_params(response) -> dict:
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.text
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


def unique_email(prefix: str = "novy") -> str:
    return f"{prefix}.{uuid.uuid4().hex[:10]}@example.com"


def unique_phone() -> str:
    return "420" + str(uuid.uuid4().int)[:9]


def registration(ids, email: str | None = None, *, autologin: bool = True, password: str | None = NEW_PASSWORD,
                 **info) -> dict:
    body = {
        "customer": {
            "personal_information": {
                "gender": 1,
                "first_name": "Marek",
                "last_name": "Novák",
                "birthdate": "1991-06-24",
                "email": email or unique_email(),
                "phone": unique_phone(),
                "language_id": "cs",
                "store_id": ids.STORE_BRNO,
                "address": {"address1": "Údolní", "address2": "53", "zip": "60200", "city": "Brno",
                            "country_code": "cz"},
                "consents": [{"consent_id": ids.CONSENT_GTC, "consent_value": 1}],
                **info,
            }
        },
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL, "external_id": "WEB-1"},
        "autologin": autologin,
    }
    if password is not None:
        body["password"] = password
    return body


def writable(customer: dict) -> dict:
    """A GET /customers/{id} answer made into a PUT body (read-only fields left out)."""
    info = {k: v for k, v in customer["personal_information"].items() if k != "photo_url"}
    info["consents"] = [{"consent_id": c["consent_id"], "consent_value": c["consent_value"]}
                        for c in info.get("consents", [])]
    return {"customer": {"personal_information": info}}


@pytest.fixture
def restored_sandbox(fresh_sandbox):
    """Re-seeded before and after: the test changes the seeded customers themselves."""
    yield fresh_sandbox
    fresh_sandbox.reset()


def login(customer_api, sandbox, email, password):
    token = sandbox.new_token()
    return customer_api.post(f"/tokens/{token}/actions/login", token=token,
                             json={"login_type": "email", "login_value": email, "password": password})


# --- getCustomer ------------------------------------------------------------------------------------


def test_get_customer_returns_the_demo_customer(customer_api, demo_token, ids):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=demo_token)
    assert response.status_code == HTTPStatus.OK
    data = response.json()["data"]
    assert data["customer_id"] == ids.DEMO_CUSTOMER
    assert data["state"] == 1
    info = data["personal_information"]
    assert info["salutation"] == "Vážená paní Dvořáková"
    assert (info["first_name"], info["last_name"], info["pre_nominals"]) == ("Tereza", "Dvořáková", "Ing.")
    assert info["email"] == ids.DEMO_EMAIL
    assert info["phone"] == ids.DEMO_PHONE
    assert info["birthdate"] == "1988-04-17"
    assert info["gender"] == 2
    assert info["store_id"] == ids.STORE_PRAHA
    assert info["address"] == {"address1": "Vinohradská", "address2": "1511", "address3": "230", "zip": "13000",
                               "city": "Praha 3", "country_code": "cz"}
    assert info["agreement"]["agreement_gtc"] == 1
    assert {c["consent_id"]: c["consent_value"] for c in info["consents"]}[ids.CONSENT_PROFILING] == 2
    assert "photo_url" not in info


def test_get_customer_short_salutation_is_the_first_name(customer_api, demo_token, ids):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=demo_token,
                                params={"customer_short_salutation": "true"})
    assert response.json()["data"]["personal_information"]["salutation"] == "Tereza"


def test_get_customer_on_the_enterprise_interface(enterprise_api, staff_token, ids):
    response = enterprise_api.get(f"/customers/{ids.SECOND_CUSTOMER}", token=staff_token)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["data"]["personal_information"]["email"] == ids.SECOND_EMAIL
    missing = enterprise_api.get("/customers/0123456789abcdef0123456789", token=staff_token)
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_get_customer_needs_a_logged_in_token(sandbox, customer_api, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}"
    assert customer_api.get(path).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get(path, token="not-a-token").status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.get(path, token=sandbox.new_token()).status_code == HTTPStatus.UNAUTHORIZED


def test_a_customer_cannot_read_another_customer(customer_api, demo_token, second_token, ids):
    assert customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}", token=demo_token).status_code == HTTPStatus.FORBIDDEN
    response = customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}", token=second_token)
    assert response.json()["data"]["personal_information"]["first_name"] == "Jana"


# --- getCustomers ---------------------------------------------------------------------------------------


def customer_ids_of(response) -> list[str]:
    assert response.status_code == HTTPStatus.OK, response.text
    return [c["customer_id"] for c in response.json()["data"]["customers"]]


def test_get_customers_lists_every_customer(enterprise_api, staff_token, ids):
    response = enterprise_api.get("/customers", token=staff_token)
    found = customer_ids_of(response)
    assert {ids.DEMO_CUSTOMER, ids.SECOND_CUSTOMER} <= set(found)
    assert response.json()["data"]["total_items"] == len(found)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"email": "demo@example.com"}, "DEMO_CUSTOMER"),
        ({"email": "DEMO@example.com"}, "DEMO_CUSTOMER"),
        ({"phone": "420608555111"}, "SECOND_CUSTOMER"),
        ({"first_name": "tereza"}, "DEMO_CUSTOMER"),
        ({"last_name": "NOVÁKOVÁ"}, "SECOND_CUSTOMER"),
        ({"birthdate": "1988-04-17"}, "DEMO_CUSTOMER"),
        ({"birthdate": "02.11.1979"}, "SECOND_CUSTOMER"),
        ({"customer_source_id": "SOURCE_POS"}, "DEMO_CUSTOMER"),
        ({"customer_ids[]": ["SECOND_CUSTOMER"]}, "SECOND_CUSTOMER"),
    ],
)
def test_get_customers_filters(enterprise_api, staff_token, ids, params, expected):
    params = {k: ([getattr(ids, x) for x in v] if isinstance(v, list) else getattr(ids, v, v))
              for k, v in params.items()}
    found = customer_ids_of(enterprise_api.get("/customers", token=staff_token, params=params))
    assert found == [getattr(ids, expected)]


def test_get_customers_email_list_is_an_or(enterprise_api, staff_token, ids):
    response = enterprise_api.get("/customers", token=staff_token,
                                  params={"email_list[]": [ids.DEMO_EMAIL, ids.SECOND_EMAIL, "nobody@example.com"]})
    assert set(customer_ids_of(response)) == {ids.DEMO_CUSTOMER, ids.SECOND_CUSTOMER}


def test_get_customers_pages_and_sorts(enterprise_api, staff_token, ids):
    everyone = customer_ids_of(enterprise_api.get("/customers", token=staff_token,
                                                  params={"sort_field": "customer_id"}))
    assert everyone == sorted(everyone)
    response = enterprise_api.get("/customers", token=staff_token,
                                  params={"sort_field": "customer_id", "sort_direction": "DESC", "count": 1,
                                          "offset": 1})
    assert customer_ids_of(response) == [sorted(everyone, reverse=True)[1]]
    assert response.json()["data"]["total_items"] == len(everyone)


def test_get_customers_short_salutation(enterprise_api, staff_token, ids):
    response = enterprise_api.get("/customers", token=staff_token,
                                  params={"customer_ids[]": ids.SECOND_CUSTOMER, "customer_short_salutation": "true"})
    assert response.json()["data"]["customers"][0]["personal_information"]["salutation"] == "Jana"


def test_get_customers_refuses_bad_filters(enterprise_api, staff_token):
    response = enterprise_api.get("/customers", token=staff_token, params={"birthdate": "17/04/1988"})
    assert invalid_params(response) == {"birthdate": "invalid_value_format"}


def test_get_customers_on_the_customer_interface_lists_only_the_logged_in_customer(customer_api, enterprise_api,
                                                                                  demo_token, ids):
    response = customer_api.get("/customers", token=demo_token)
    assert response.status_code == HTTPStatus.OK
    assert customer_ids_of(response) == [ids.DEMO_CUSTOMER]
    assert response.json()["data"]["total_items"] == 1
    other = customer_api.get("/customers", token=demo_token, params={"email": ids.SECOND_EMAIL})
    assert customer_ids_of(other) == []
    assert enterprise_api.get("/customers").status_code == HTTPStatus.UNAUTHORIZED


# --- postCustomer -----------------------------------------------------------------------------------------


def test_registration_with_autologin_then_reading_the_new_customer(fresh_sandbox, customer_api, ids):
    token = fresh_sandbox.new_token()
    email = unique_email("marek")
    response = customer_api.post("/customers", token=token, json=registration(ids, email))
    assert response.status_code == HTTPStatus.CREATED, response.text
    customer_id = response.json()["data"]["customer_id"]

    # The registering token is now logged in as the new customer.
    me = customer_api.get(f"/customers/{customer_id}", token=token)
    assert me.status_code == HTTPStatus.OK
    data = me.json()["data"]
    info = data["personal_information"]
    assert info["salutation"] == "Vážený pane Nováku"
    assert (info["first_name"], info["email"], info["store_id"]) == ("Marek", email, ids.STORE_BRNO)
    assert info["address"]["city"] == "Brno"
    assert [c["consent_id"] for c in info["consents"]] == [ids.CONSENT_GTC]
    assert data["state"] == 1
    assert login(customer_api, fresh_sandbox, email, NEW_PASSWORD).status_code == HTTPStatus.OK


def test_registration_lowercases_the_email_and_makes_an_english_salutation(fresh_sandbox, enterprise_api,
                                                                          staff_token, ids):
    body = registration(ids, autologin=False, password=None, gender=2, first_name="Emma", last_name="Brown",
                        language_id="en")
    response = enterprise_api.post("/customers", token=staff_token, json=body)
    assert response.status_code == HTTPStatus.CREATED, response.text
    customer = enterprise_api.get(f"/customers/{response.json()['data']['customer_id']}", token=staff_token)
    assert customer.json()["data"]["personal_information"]["salutation"] == "Dear Mrs Brown"


def test_a_customer_without_a_gender_has_none_in_the_answer(fresh_sandbox, enterprise_api, staff_token, ids):
    """The spec's gender is nullable, but its enum has no null (OpenAPI 3.0: nullable does not widen
    an enum): the answer leaves it out, and the exchange conforms (the client checks it)."""
    body = registration(ids, autologin=False, password=None)
    del body["customer"]["personal_information"]["gender"]
    response = enterprise_api.post("/customers", token=staff_token, json=body)
    assert response.status_code == HTTPStatus.CREATED, response.text
    customer = enterprise_api.get(f"/customers/{response.json()['data']['customer_id']}", token=staff_token)
    assert "gender" not in customer.json()["data"]["personal_information"]


def test_registration_without_autologin_leaves_the_token_anonymous(fresh_sandbox, customer_api, ids):
    token = fresh_sandbox.new_token()
    response = customer_api.post("/customers", token=token, json=registration(ids, autologin=False))
    assert response.status_code == HTTPStatus.CREATED
    customer_id = response.json()["data"]["customer_id"]
    assert customer_api.get(f"/customers/{customer_id}", token=token).status_code == HTTPStatus.UNAUTHORIZED


def test_registration_on_the_enterprise_interface_logs_nobody_in(fresh_sandbox, enterprise_api, staff_token, ids):
    response = enterprise_api.post("/customers", token=staff_token, json=registration(ids))
    assert response.status_code == HTTPStatus.CREATED
    customer_id = response.json()["data"]["customer_id"]
    assert enterprise_api.get(f"/customers/{customer_id}", token=staff_token).status_code == HTTPStatus.OK


def test_registration_needs_credentials(customer_api, ids):
    assert customer_api.post("/customers", json=registration(ids)).status_code == HTTPStatus.UNAUTHORIZED


def test_registration_lists_every_problem_together(sandbox, customer_api, ids):
    body = registration(ids, email="Not An Email", phone="+420 777", birthdate="17.4.1988",
                        language_id="xx", store_id="no-such-store",
                        consents=[{"consent_id": "no-such-consent", "consent_value": 1}], password="short")
    body["customer_source"]["customer_source_id"] = "no-such-source"
    response = customer_api.post("/customers", token=sandbox.new_token(), json=body)
    assert invalid_params(response) == {
        "email": "invalid_value_format",
        "phone": "invalid_value_format",
        "birthdate": "invalid_value_format",
        "language_id": "not_found",
        "store_id": "not_found",
        "consent_id": "not_found",
        "customer_source_id": "not_found",
        "password": "not_allowed_value",
    }


@pytest.mark.parametrize(
    "change, name, reason",
    [
        (lambda b: b.pop("customer_source"), "customer_source", "required"),
        (lambda b: b.pop("autologin"), "autologin", "required"),
        (lambda b: b["customer"]["personal_information"].pop("language_id"), "language_id", "required"),
        (lambda b: b["customer"]["personal_information"].update(gender=7), "gender", "not_allowed_value"),
        (lambda b: b.pop("password"), "password", "required"),
        (lambda b: b.update(referral_code="NO-SUCH-CODE"), "referral_code", "not_found"),
        (lambda b: b["customer"]["personal_information"].update(
            consents=[{"consent_id": "nope", "consent_value": 1}]), "consent_id", "not_found"),
        # Without `consents` the deprecated `agreement` counts (with them it is ignored).
        (lambda b: b["customer"]["personal_information"].pop("consents") and b["customer"]["personal_information"]
         .update(agreement={"custom_agreements": [{"agreement_id": "nope", "agreement_value": 1}]}),
         "agreement_id", "not_found"),
    ],
)
def test_registration_validates_the_body(sandbox, customer_api, ids, change, name, reason):
    body = registration(ids)
    change(body)
    response = customer_api.post("/customers", token=sandbox.new_token(), json=body)
    assert invalid_params(response)[name] == reason


@pytest.mark.parametrize("password", ["Kavarn8", "alllowercase1", "NoDigitsHere", "Abcdefg1"])
def test_registration_applies_the_password_criteria(sandbox, customer_api, ids, password):
    response = customer_api.post("/customers", token=sandbox.new_token(), json=registration(ids, password=password))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    params = response.json()["error"]["error_data"]["invalid_params"]
    # The password itself is never echoed back.
    assert [(p["name"], p["reason"], p["value"]) for p in params] == [("password", "not_allowed_value", "")]


def test_registration_accepts_a_password_that_just_meets_the_criteria(sandbox, customer_api, ids):
    response = customer_api.post("/customers", token=sandbox.new_token(), json=registration(ids, password="Kavarna8"))
    assert response.status_code == HTTPStatus.CREATED, response.text


def test_registration_refuses_a_taken_email_or_phone(sandbox, customer_api, ids):
    body = registration(ids, email="DEMO@Example.com", phone=ids.SECOND_PHONE)
    response = customer_api.post("/customers", token=sandbox.new_token(), json=body)
    assert invalid_params(response) == {"email": "already_exists", "phone": "already_exists"}


def test_registration_with_a_referral_code_records_who_referred_the_customer(fresh_sandbox, sandbox_process,
                                                                             customer_api, ids):
    body = registration(ids)
    body["referral_code"] = f" {customer_seed.DEMO_REFERRAL_CODE.lower()} "  # as a friend may type it
    response = customer_api.post("/customers", token=fresh_sandbox.new_token(), json=body)
    assert response.status_code == HTTPStatus.CREATED, response.text
    # The relation itself is read with getSubCustomerRelatedCustomers, which the sandbox does not
    # serve (the portal does not use it): read what it stored.
    database = sandbox_process.env["SANDBOX_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT referred_by, referral_code FROM sandbox_customer WHERE id = ?",
                                  (response.json()["data"]["customer_id"],)).fetchall()
    assert len(rows) == 1
    referred_by, own_code = rows[0]
    assert referred_by == ids.DEMO_CUSTOMER
    assert own_code and own_code != customer_seed.DEMO_REFERRAL_CODE  # a code of its own to pass on


def test_registration_stores_its_property_records(fresh_sandbox, customer_api, ids):
    token = fresh_sandbox.new_token()
    body = registration(ids)
    body["property_records"] = [{"property_id": "note", "property_value": "Preferuje ovesné mléko"}]
    response = customer_api.post("/customers", token=token, json=body)
    assert response.status_code == HTTPStatus.CREATED, response.text
    customer_id = response.json()["data"]["customer_id"]
    records = customer_api.get(f"/customers/{customer_id}/property-records", token=token).json()["data"]
    values = {r["property_id"]: r["property_value"] for r in records["property_records"]}
    assert values["note"] == "Preferuje ovesné mléko"


def test_registration_with_a_bad_property_record_creates_nobody(sandbox, customer_api, ids):
    email = unique_email()
    body = registration(ids, email)
    body["property_records"] = [{"property_id": "no-such-property", "property_value": "x"}]
    response = customer_api.post("/customers", token=sandbox.new_token(), json=body)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    check = customer_api.post("/customers/actions/check-registration-ability", token=sandbox.new_token(),
                              json={"type": "email", "value": email})
    assert check.json()["data"]["registration_ability"] is True


# --- putCustomer --------------------------------------------------------------------------------------------


def test_put_customer_round_trip(restored_sandbox, customer_api, ids):
    token = restored_sandbox.customer_token()
    path = f"/customers/{ids.DEMO_CUSTOMER}"
    before = customer_api.get(path, token=token).json()["data"]
    body = writable(before)
    info = body["customer"]["personal_information"]
    info.update(first_name="Terezie", phone="420777999888")
    info["address"]["city"] = "Praha 10"
    del info["pre_nominals"], info["salutation"], info["store_id"]
    response = customer_api.put(path, token=token, json=body)
    assert response.status_code == HTTPStatus.NO_CONTENT, response.text

    after = customer_api.get(path, token=token).json()["data"]["personal_information"]
    assert (after["first_name"], after["phone"], after["address"]["city"]) == ("Terezie", "420777999888", "Praha 10")
    assert after["pre_nominals"] == ""  # PUT replaces: what is left out is cleared
    assert after["salutation"] == "Vážená paní Dvořáková"  # generated again
    assert after["store_id"] == ids.STORE_PRAHA  # store_id can be changed, never removed
    assert after["consents"] == before["personal_information"]["consents"]  # unchanged values keep their stamp
    # The password was not given, so it is unchanged.
    assert login(customer_api, restored_sandbox, ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == HTTPStatus.OK


def test_put_customer_changes_the_password_only_when_given(restored_sandbox, customer_api, ids):
    token = restored_sandbox.customer_token()
    path = f"/customers/{ids.DEMO_CUSTOMER}"
    body = writable(customer_api.get(path, token=token).json()["data"])
    weak = customer_api.put(path, token=token, json={**body, "password": "weakpass"})
    assert invalid_params(weak) == {"password": "not_allowed_value"}
    assert customer_api.put(path, token=token, json={**body, "password": NEW_PASSWORD}).status_code == 204
    assert login(customer_api, restored_sandbox, ids.DEMO_EMAIL, ids.DEMO_PASSWORD).status_code == 401
    assert login(customer_api, restored_sandbox, ids.DEMO_EMAIL, NEW_PASSWORD).status_code == HTTPStatus.OK


def test_put_customer_keeps_emails_unique(sandbox, customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}"
    body = writable(customer_api.get(path, token=demo_token).json()["data"])
    body["customer"]["personal_information"].update(email=ids.SECOND_EMAIL, language_id="xx")
    response = customer_api.put(path, token=demo_token, json=body)
    assert invalid_params(response) == {"email": "already_exists", "language_id": "not_found"}


def test_put_customer_only_for_yourself(customer_api, enterprise_api, demo_token, staff_token, ids):
    body = writable(enterprise_api.get(f"/customers/{ids.SECOND_CUSTOMER}", token=staff_token).json()["data"])
    response = customer_api.put(f"/customers/{ids.SECOND_CUSTOMER}", token=demo_token, json=body)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert customer_api.put(f"/customers/{ids.SECOND_CUSTOMER}", json=body).status_code == HTTPStatus.UNAUTHORIZED
    missing = enterprise_api.put("/customers/0123456789abcdef0123456789", token=staff_token, json=body)
    assert missing.status_code == HTTPStatus.NOT_FOUND


def test_put_customer_on_the_enterprise_interface(restored_sandbox, enterprise_api, ids):
    staff = restored_sandbox.enterprise_token()
    path = f"/customers/{ids.SECOND_CUSTOMER}"
    body = writable(enterprise_api.get(path, token=staff).json()["data"])
    body["customer"]["personal_information"].update(gender=1, first_name="Jan", last_name="Novák", salutation="")
    assert enterprise_api.put(path, token=staff, json=body).status_code == HTTPStatus.NO_CONTENT
    info = enterprise_api.get(path, token=staff).json()["data"]["personal_information"]
    assert info["salutation"] == "Vážený pane Nováku"


# --- registration checks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, value, expected",
    [
        ("email", "demo@example.com", False),
        ("email", "Demo@Example.COM", False),
        ("email", "someone.new@example.com", True),
        ("phone", "420777123456", False),
        ("phone", "420777000999", True),
    ],
)
def test_check_registration_ability(sandbox, customer_api, kind, value, expected):
    response = customer_api.post("/customers/actions/check-registration-ability", token=sandbox.new_token(),
                                 json={"type": kind, "value": value})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["data"]["registration_ability"] is expected


def test_check_registration_ability_validates(sandbox, customer_api, enterprise_api, staff_token):
    path = "/customers/actions/check-registration-ability"
    bad = customer_api.post(path, token=sandbox.new_token(), json={"type": "email", "value": "not-an-email"})
    assert invalid_params(bad) == {"value": "invalid_value_format"}
    # As in registration, a phone is digits with the international prefix only.
    plus = customer_api.post(path, token=sandbox.new_token(), json={"type": "phone", "value": "+420777000999"})
    assert invalid_params(plus) == {"value": "invalid_value_format"}
    wrong_type = customer_api.post(path, token=sandbox.new_token(), json={"type": "card", "value": "1"})
    assert invalid_params(wrong_type) == {"type": "not_allowed_value"}
    assert customer_api.post(path, json={"type": "email", "value": "a@example.com"}).status_code == 401
    ok = enterprise_api.post(path, token=staff_token, json={"type": "email", "value": "a.b@example.com"})
    assert ok.json()["data"]["registration_ability"] is True


@pytest.mark.parametrize(
    "kind, value, expected",
    [
        ("password", NEW_PASSWORD, True),
        ("password", "Short1", False),
        ("password", "nouppercase1", False),
        ("password", "Password1", False),  # a common password
        ("referral_code", customer_seed.DEMO_REFERRAL_CODE, True),
        ("referral_code", "NO-SUCH-CODE", False),
    ],
)
def test_validate_customer_data_needs_no_credentials(customer_api, enterprise_api, kind, value, expected):
    for api in (customer_api, enterprise_api):
        response = api.post("/customers/actions/validate-customer-data", json={"type": kind, "value": value})
        assert response.status_code == HTTPStatus.OK
        assert response.json()["data"]["is_valid"] is expected


def test_validate_customer_data_validates_the_body(customer_api):
    response = customer_api.post("/customers/actions/validate-customer-data", json={"type": "email", "value": "x"})
    assert invalid_params(response) == {"type": "not_allowed_value"}


# --- auth-token login -----------------------------------------------------------------------------------------


def auth_token(enterprise_api, staff_token, ids, **changes):
    body = {"customer_id": ids.DEMO_CUSTOMER, "external_application_id": ids.PORTAL_APPLICATION, "token_type": 1,
            **changes}
    return enterprise_api.post("/customers/actions/auth-token", token=staff_token, json=body)


def test_auth_token_logs_a_fresh_token_in_once(sandbox, customer_api, enterprise_api, staff_token, ids):
    issued = auth_token(enterprise_api, staff_token, ids)
    assert issued.status_code == HTTPStatus.OK, issued.text
    data = issued.json()["data"]
    assert len(data["authentication_token"]) >= 20
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", data["valid_to"])
    token = sandbox.new_token()
    body = {"application_id": ids.PORTAL_APPLICATION, "token": data["authentication_token"],
            "token_request_id": data["token_request_id"]}
    path = f"/tokens/{token}/actions/authentication-token-login"
    response = customer_api.post(path, token=token, json=body)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["data"]["customer_id"] == ids.DEMO_CUSTOMER
    assert customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=token).status_code == HTTPStatus.OK

    other = sandbox.new_token()
    reuse = customer_api.post(f"/tokens/{other}/actions/authentication-token-login", token=other, json=body)
    assert reuse.status_code == HTTPStatus.UNAUTHORIZED


def test_auth_token_numeric_type(enterprise_api, staff_token, ids):
    response = auth_token(enterprise_api, staff_token, ids, token_type=2)
    assert response.json()["data"]["authentication_token"].isdigit()


def test_auth_token_login_refuses_wrong_values(sandbox, customer_api, enterprise_api, staff_token, ids):
    data = auth_token(enterprise_api, staff_token, ids).json()["data"]
    token = sandbox.new_token()
    path = f"/tokens/{token}/actions/authentication-token-login"
    good = {"application_id": ids.PORTAL_APPLICATION, "token": data["authentication_token"],
            "token_request_id": data["token_request_id"]}
    for wrong in ({"token": "guess"}, {"token_request_id": "0" * 26}, {"application_id": ids.MOBILE_APPLICATION}):
        response = customer_api.post(path, token=token, json={**good, **wrong})
        assert response.status_code == HTTPStatus.UNAUTHORIZED
    other = sandbox.new_token()
    assert customer_api.post(path, token=other, json=good).status_code == HTTPStatus.FORBIDDEN
    missing = customer_api.post(path, token=token, json={"token": "x", "token_request_id": "y"})
    assert invalid_params(missing) == {"application_id": "required"}
    # None of the refused attempts used the token up.
    assert customer_api.post(path, token=token, json=good).json()["data"]["customer_id"] == ids.DEMO_CUSTOMER


def test_auth_token_is_enterprise_only_and_validated(customer_api, enterprise_api, demo_token, staff_token, ids):
    body = {"customer_id": ids.DEMO_CUSTOMER, "external_application_id": ids.PORTAL_APPLICATION, "token_type": 1}
    refused = customer_api.post("/customers/actions/auth-token", token=demo_token, json=body)
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert enterprise_api.post("/customers/actions/auth-token", json=body).status_code == 401
    bad = auth_token(enterprise_api, staff_token, ids, customer_id="nobody", external_application_id="no-app")
    assert invalid_params(bad) == {"customer_id": "not_found", "external_application_id": "not_found"}
    assert invalid_params(auth_token(enterprise_api, staff_token, ids, token_type=3)) == {
        "token_type": "not_allowed_value"}


def test_auth_token_login_is_customer_only(enterprise_api, staff_token, ids):
    response = enterprise_api.post("/tokens/x/actions/authentication-token-login", token=staff_token,
                                   json={"application_id": ids.PORTAL_APPLICATION, "token": "x",
                                         "token_request_id": "y"})
    assert response.status_code == HTTPStatus.FORBIDDEN


# --- additional addresses and address types ----------------------------------------------------------------


def test_get_customer_addresses(customer_api, demo_token, ids):
    response = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/addresses", token=demo_token)
    assert response.status_code == HTTPStatus.OK
    data = response.json()["data"]
    by_type = {a["address_type"]: a for a in data["addresses"]}
    assert data["total_items"] == 2
    assert by_type[customer_seed.ADDRESS_TYPE_DELIVERY]["address"]["address1"] == "Karlovo náměstí"
    assert by_type[customer_seed.ADDRESS_TYPE_BILLING]["additional_address_id"] == customer_seed.DEMO_BILLING_ADDRESS


def test_get_customer_addresses_filter_and_paging(customer_api, demo_token, ids):
    path = f"/customers/{ids.DEMO_CUSTOMER}/addresses"
    filtered = customer_api.get(path, token=demo_token,
                                params={"customer_address_type_id": customer_seed.ADDRESS_TYPE_BILLING})
    assert [a["additional_address_id"] for a in filtered.json()["data"]["addresses"]] == [
        customer_seed.DEMO_BILLING_ADDRESS]
    page = customer_api.get(path, token=demo_token, params={"count": 1, "offset": 1, "sort_field": "address_type"})
    data = page.json()["data"]
    assert data["total_items"] == 2
    assert [a["address_type"] for a in data["addresses"]] == [max(customer_seed.ADDRESS_TYPE_BILLING,
                                                                  customer_seed.ADDRESS_TYPE_DELIVERY)]


def test_get_customer_addresses_isolation(customer_api, enterprise_api, demo_token, second_token, staff_token, ids):
    assert customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/addresses", token=second_token).status_code == 403
    own = customer_api.get(f"/customers/{ids.SECOND_CUSTOMER}/addresses", token=second_token)
    assert own.json()["data"] == {"addresses": [], "total_items": 0}
    assert customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}/addresses").status_code == 401
    staff = enterprise_api.get(f"/customers/{ids.DEMO_CUSTOMER}/addresses", token=staff_token)
    assert staff.json()["data"]["total_items"] == 2


@pytest.mark.parametrize("language, billing", [("cs", "Fakturační adresa"), ("en", "Billing address")])
def test_get_customer_address_types(customer_api, demo_token, language, billing):
    response = customer_api.get("/customer-address-types", token=demo_token, language=language)
    assert response.status_code == HTTPStatus.OK
    data = response.json()["data"]
    names = {t["address_type_id"]: t["name"] for t in data["customer_address_types"]}
    assert names[customer_seed.ADDRESS_TYPE_BILLING] == billing
    assert data["total_items"] == len(customer_seed.ADDRESS_TYPES)


def test_get_customer_address_types_paging_and_auth(customer_api, enterprise_api, staff_token):
    response = enterprise_api.get("/customer-address-types", token=staff_token, language="en",
                                  params={"sort_field": "name", "count": 2})
    assert [t["name"] for t in response.json()["data"]["customer_address_types"]] == [
        "Billing address", "Delivery address"]
    assert customer_api.get("/customer-address-types").status_code == HTTPStatus.UNAUTHORIZED
    bad = enterprise_api.get("/customer-address-types", token=staff_token, params={"sort_field": "nope"})
    assert invalid_params(bad) == {"sort_field": "not_allowed_value"}


def test_a_customer_without_a_gender_reads_back_without_one(fresh_sandbox, customer_api, ids):
    """`gender` is nullable but its enum has no null: the spec-validated answer leaves it out."""
    token = fresh_sandbox.new_token()
    body = registration(ids)
    del body["customer"]["personal_information"]["gender"]
    customer_id = customer_api.post("/customers", token=token, json=body).json()["data"]["customer_id"]

    info = customer_api.get(f"/customers/{customer_id}", token=token).json()["data"]["personal_information"]

    assert "gender" not in info and info["first_name"] == "Marek"
