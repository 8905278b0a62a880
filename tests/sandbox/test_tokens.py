"""Authentication against the live sandbox: tokens, customer login/logout, enterprise users."""

import base64
from http import HTTPStatus

import pytest

from tests.support.sandbox import token_body


def invalid_names(response):
    return {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}


def test_post_token_creates_a_token(customer_api):
    response = customer_api.post("/tokens", json=token_body())
    assert response.status_code == HTTPStatus.CREATED
    assert len(response.json()["data"]["token_id"]) >= 32


def test_post_token_accepts_the_guides_basic_header_without_a_token(customer_api):
    response = customer_api.post("/tokens", json=token_body(), basic_user="customer_interface")
    assert response.status_code == HTTPStatus.CREATED


def test_other_calls_refuse_an_unknown_basic_user(sandbox, customer_api):
    token = sandbox.new_token()
    setup = {"setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": False}}
    response = customer_api.put(f"/tokens/{token}", json=setup, token=token, basic_user="someone_else")
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    ok = customer_api.put(f"/tokens/{token}", json=setup, token=token, basic_user="customer_interface")
    assert ok.status_code == HTTPStatus.NO_CONTENT


@pytest.mark.parametrize(
    "change, name, reason",
    [
        (lambda b: b.pop("device"), "device", "required"),
        (lambda b: b["device"].pop("device_id"), "device_id", "required"),
        (lambda b: b["setup"].update(allowed_gps="yes"), "allowed_gps", "invalid_value_format"),
        (lambda b: b.update(external_application_id="unknown-app"), "external_application_id", "not_found"),
        (lambda b: b["setup"].update(language_id="xx"), "language_id", "not_found"),
    ],
)
def test_post_token_validates_the_body(customer_api, change, name, reason):
    body = token_body()
    change(body)
    response = customer_api.post("/tokens", json=body)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert invalid_names(response)[name] == reason


def test_post_token_on_the_enterprise_interface_is_refused(enterprise_api):
    response = enterprise_api.post("/tokens", json=token_body())
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["error"]["type"] == "interface_not_allowed_exception"


@pytest.mark.parametrize("login_type, value_attr", [("email", "DEMO_EMAIL"), ("phone", "DEMO_PHONE"),
                                                     ("card", "DEMO_CARD_NUMBER")])
def test_login_by_email_phone_or_card(sandbox, customer_api, ids, login_type, value_attr):
    token = sandbox.new_token()
    response = customer_api.post(f"/tokens/{token}/actions/login", token=token, json={
        "login_type": login_type, "login_value": getattr(ids, value_attr), "password": ids.DEMO_PASSWORD})
    assert response.status_code == HTTPStatus.OK, response.text
    assert response.json()["data"]["customer_id"] == ids.DEMO_CUSTOMER


def test_login_with_the_guides_basic_scheme(sandbox, customer_api, ids):
    token = sandbox.new_token()
    response = customer_api.post(f"/tokens/{token}/actions/login", token=token, basic_user="customer_interface",
                                 json={"login_type": "email", "login_value": ids.DEMO_EMAIL,
                                       "password": ids.DEMO_PASSWORD})
    assert response.status_code == HTTPStatus.OK
    me = customer_api.get(f"/customers/{ids.DEMO_CUSTOMER}", token=token, basic_user="customer_interface")
    assert me.status_code == HTTPStatus.OK
    assert me.json()["data"]["customer_id"] == ids.DEMO_CUSTOMER


@pytest.mark.parametrize("login_value, password", [("demo@example.com", "Wrong-Guess-7"),
                                                    ("nobody@example.com", "Some-Pass-42")])
def test_wrong_credentials_are_401_and_leave_the_token_anonymous(sandbox, customer_api, ids, login_value, password):
    token = sandbox.new_token()
    response = customer_api.post(f"/tokens/{token}/actions/login", token=token, json={
        "login_type": "email", "login_value": login_value, "password": password})
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    # The same answer whether the login exists or not (no account enumeration), password not echoed.
    assert response.json()["error"]["detail"] == "Invalid login or password."
    assert password not in response.text


def test_login_needs_the_paths_token_in_the_header(sandbox, customer_api, ids):
    mine, other = sandbox.new_token(), sandbox.new_token()
    response = customer_api.post(f"/tokens/{other}/actions/login", token=mine, json={
        "login_type": "email", "login_value": ids.DEMO_EMAIL, "password": ids.DEMO_PASSWORD})
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("token", ["", "unknown-token"])
def test_unknown_or_missing_token_is_401(customer_api, token):
    response = customer_api.put(f"/tokens/{token or 'x'}", token=token or None,
                                json={"setup": {"language_id": "cs", "allowed_gps": False,
                                                "allowed_notifications": False}})
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["error"]["title"]


def test_put_token_changes_the_setup(sandbox, customer_api):
    token = sandbox.new_token("en")
    setup = {"language_id": "cs", "allowed_gps": False, "allowed_notifications": True}
    response = customer_api.put(f"/tokens/{token}", token=token, json={"setup": setup})
    assert response.status_code == HTTPStatus.NO_CONTENT
    bad = customer_api.put(f"/tokens/{token}", token=token, json={"setup": {"language_id": "cs"}})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert set(invalid_names(bad)) == {"allowed_gps", "allowed_notifications"}


def test_logout_revokes_the_token(sandbox, customer_api, ids):
    token = sandbox.customer_token()
    assert customer_api.post(f"/tokens/{token}/actions/logout", token=token).status_code == HTTPStatus.NO_CONTENT
    again = customer_api.post(f"/tokens/{token}/actions/logout", token=token)
    assert again.status_code == HTTPStatus.UNAUTHORIZED


def test_a_new_token_for_the_same_device_replaces_the_old_one(sandbox, customer_api):
    first = sandbox.new_token(device_id="shared-device")
    second = sandbox.new_token(device_id="shared-device")
    setup = {"setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": False}}
    assert customer_api.put(f"/tokens/{first}", token=first, json=setup).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.put(f"/tokens/{second}", token=second, json=setup).status_code == HTTPStatus.NO_CONTENT


def test_expired_token_is_401(sandbox, customer_api):
    token = sandbox.customer_token()
    sandbox.control("POST", f"tokens/{token}/expire")
    setup = {"setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": False}}
    assert customer_api.put(f"/tokens/{token}", token=token, json=setup).status_code == HTTPStatus.UNAUTHORIZED


def test_an_expired_enterprise_token_is_401(sandbox, enterprise_api, staff_token):
    assert enterprise_api.get("/customers", token=staff_token, params={"count": 1}).status_code == HTTPStatus.OK
    sandbox.control("POST", f"tokens/{staff_token}/expire")
    answer = enterprise_api.get("/customers", token=staff_token, params={"count": 1})
    assert answer.status_code == HTTPStatus.UNAUTHORIZED


def test_enterprise_login_gives_a_bearer_token(enterprise_api, ids):
    response = enterprise_api.post("/users/actions/login", json={"login": ids.STAFF_LOGIN,
                                                                 "password": ids.STAFF_PASSWORD})
    assert response.status_code == HTTPStatus.OK
    data = response.json()["data"]
    assert data["user"]["login"] == ids.STAFF_LOGIN and data["bearer_token"] and data["valid_to"]


def test_enterprise_login_with_a_wrong_password_is_403(enterprise_api, ids):
    response = enterprise_api.post("/users/actions/login", json={"login": ids.STAFF_LOGIN, "password": "nope"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_user_login_on_the_customer_interface_is_refused(customer_api, ids):
    response = customer_api.post("/users/actions/login", json={"login": ids.STAFF_LOGIN,
                                                               "password": ids.STAFF_PASSWORD})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_unknown_route_is_404_and_wrong_method_is_405(customer_api):
    assert customer_api.get("/no-such-resource", validate=False).status_code == HTTPStatus.NOT_FOUND
    response = customer_api.delete("/tokens", validate=False)
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response.headers["Allow"] == "POST"


def test_the_request_log_records_auth_and_language_but_never_the_token(sandbox, customer_api):
    since = sandbox.last_seq()
    token = sandbox.new_token()
    customer_api.post(f"/tokens/{token}/actions/logout", token=token, language="cs")
    entries = sandbox.requests_log(since)
    logout = [e for e in entries if e["operation_id"] == "postTokenLogout"][-1]
    assert logout["auth"] == "bearer" and logout["accept_language"] == "cs"
    assert token not in str(entries)


def test_basic_header_that_is_not_base64_is_401(sandbox, customer_api):
    token = sandbox.new_token()
    setup = {"setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": False}}
    response = customer_api.put(f"/tokens/{token}", json=setup, headers={"Authorization": "Basic %%%"})
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    encoded = base64.b64encode(f"customer_interface:{token}".encode()).decode()
    response = customer_api.put(f"/tokens/{token}", json=setup, headers={"Authorization": f"Basic {encoded}"})
    assert response.status_code == HTTPStatus.NO_CONTENT


def test_the_sandbox_process_never_logs_a_token(sandbox, sandbox_process, customer_api):
    import time

    token = sandbox.customer_token()
    customer_api.post(f"/tokens/{token}/actions/logout", token=token)
    # A call with the revoked token is a 401, which Django logs with the request path.
    assert customer_api.post(f"/tokens/{token}/actions/logout", token=token).status_code == HTTPStatus.UNAUTHORIZED
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not any("Unauthorized" in line for line in sandbox_process.output):
        time.sleep(0.05)
    logged = "".join(sandbox_process.output)
    assert "Unauthorized: /webservice/rest-api/customer-interface/v1.0/tokens/***/actions/logout" in logged
    assert token not in logged, [line for line in sandbox_process.output if token in line]
