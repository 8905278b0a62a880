"""getTokenAuthentication against the live sandbox: a logged-in customer's token asks for an
authentication token for another external application, which that application's token logs in
with once (postTokenAuthTokenLogin); it expires; the customer interface only."""

from http import HTTPStatus

import pytest


def auth_token(sandbox, token, application_id, token_type=1):
    return sandbox.api().get(f"/tokens/{token}/actions/auth-token", token=token,
                             params={"external_application_id": application_id, "token_type": token_type})


def login_with(sandbox, application_id, data):
    body = {"device": {"device_id": "handover-test", "device_system": "web", "device_name": "app",
                       "device_type": "browser"},
            "setup": {"language_id": "en", "allowed_gps": False, "allowed_notifications": False},
            "external_application_id": application_id}
    token = sandbox.api().post("/tokens", json=body).json()["data"]["token_id"]
    return sandbox.api().post(f"/tokens/{token}/actions/authentication-token-login", token=token, json={
        "application_id": application_id, "token": data["authentication_token"],
        "token_request_id": data["token_request_id"]})


@pytest.mark.parametrize("token_type, numeric", [(1, False), (2, True)])
def test_the_other_application_logs_in_once(sandbox, demo_token, ids, token_type, numeric):
    response = auth_token(sandbox, demo_token, ids.MOBILE_APPLICATION, token_type)
    assert response.status_code == HTTPStatus.OK
    data = response.json()["data"]
    assert data["authentication_token"].isdigit() is numeric
    assert data["token_request_id"] and data["valid_to"]
    first = login_with(sandbox, ids.MOBILE_APPLICATION, data)
    assert first.status_code == HTTPStatus.OK
    assert first.json()["data"]["customer_id"] == ids.DEMO_CUSTOMER
    assert login_with(sandbox, ids.MOBILE_APPLICATION, data).status_code == HTTPStatus.UNAUTHORIZED  # used


def test_only_the_destination_application_can_use_it(sandbox, demo_token, ids):
    data = auth_token(sandbox, demo_token, ids.MOBILE_APPLICATION).json()["data"]
    assert login_with(sandbox, ids.PORTAL_APPLICATION, data).status_code == HTTPStatus.UNAUTHORIZED


def test_parameters_are_required_and_checked(sandbox, demo_token, ids):
    response = sandbox.api().get(f"/tokens/{demo_token}/actions/auth-token", token=demo_token)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    reasons = {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}
    assert reasons == {"external_application_id": "required", "token_type": "required"}
    response = auth_token(sandbox, demo_token, "unknown-app", 3)
    reasons = {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}
    assert reasons == {"external_application_id": "not_found", "token_type": "not_allowed_value"}


def test_a_token_without_a_customer_gets_none(sandbox, ids):
    token = sandbox.new_token()
    assert auth_token(sandbox, token, ids.MOBILE_APPLICATION).status_code == HTTPStatus.UNAUTHORIZED


def test_another_tokens_path_is_refused(sandbox, demo_token, second_token, ids):
    response = sandbox.api().get(f"/tokens/{second_token}/actions/auth-token", token=demo_token,
                                 params={"external_application_id": ids.MOBILE_APPLICATION, "token_type": 1})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_not_on_the_enterprise_interface(sandbox, staff_token, ids):
    response = sandbox.api("enterprise").get("/tokens/x/actions/auth-token", token=staff_token,
                                             params={"external_application_id": ids.MOBILE_APPLICATION,
                                                     "token_type": 1})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["error"]["type"] == "interface_not_allowed_exception"


def test_an_expired_one_is_refused(sandbox, demo_token, ids):
    data = auth_token(sandbox, demo_token, ids.MOBILE_APPLICATION).json()["data"]
    sandbox.control("POST", f"tokens/{data['token_request_id']}/expire")
    assert login_with(sandbox, ids.MOBILE_APPLICATION, data).status_code == HTTPStatus.UNAUTHORIZED
