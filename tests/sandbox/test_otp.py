"""One-time passwords over real HTTP, on both interfaces: the message in the outbox with a numeric
six-digit code (or an alphanumeric one), verified once, refused when wrong, expired, used or for
another application, and the spec's 400s and 404."""

import re
import uuid
from http import HTTPStatus

import pytest

from portal.sandbox.seed import ids as seed_ids


def outbox(sandbox, recipient: str) -> list[dict]:
    return sandbox.control("GET", "outbox.json", params={"recipient": recipient}).json()["messages"]


def send(api, token, recipient, channel=1, language="en", validate=True, **extra):
    return api.post("/one-time-password/actions/send", token=token, language=language, validate=validate, json={
        "external_application_id": seed_ids.PORTAL_APPLICATION, "communication_channel_id": channel,
        "recipient": recipient, **extra})


def verify(api, token, request_id, code, application=seed_ids.PORTAL_APPLICATION):
    return api.post("/one-time-password/actions/verify", token=token, json={
        "verification_code": code, "request_id": request_id, "external_application_id": application})


def code_in(message: dict) -> str:
    return re.search(r"\b([0-9A-Z]{6})\b", message["body"]).group(1)


@pytest.fixture
def address():
    return f"kod.{uuid.uuid4().hex[:10]}@example.com"


def test_a_numeric_code_is_sent_and_verified_once(sandbox, enterprise_api, staff_token, address):
    response = send(enterprise_api, staff_token, address, otp_type=2)
    assert response.status_code == HTTPStatus.OK, response.text
    request_id = response.json()["data"]["request_id"]
    [message] = outbox(sandbox, address)
    code = code_in(message)
    assert re.fullmatch(r"\d{6}", code) and message["channel"] == "email" and message["subject"]

    assert verify(enterprise_api, staff_token, request_id, "999999" if code != "999999" else "111111"
                  ).json()["data"] == {"is_valid": False}
    assert verify(enterprise_api, staff_token, request_id, code).json()["data"] == {"is_valid": True}
    assert verify(enterprise_api, staff_token, request_id, code).json()["data"] == {"is_valid": False}  # used


def test_the_customer_interface_sends_by_sms_in_czech(sandbox, customer_api):
    token = sandbox.new_token()
    phone = "420" + str(uuid.uuid4().int)[:9]
    response = send(customer_api, token, "+" + phone, channel=2, language="cs")
    assert response.status_code == HTTPStatus.OK, response.text
    [message] = outbox(sandbox, phone)
    assert message["channel"] == "sms" and "kód" in message["body"]
    code = code_in(message)
    assert re.fullmatch(r"[0-9A-Z]{6}", code)  # alphanumeric: the spec's default otp_type
    request_id = response.json()["data"]["request_id"]
    assert verify(customer_api, token, request_id, code.lower()).json()["data"] == {"is_valid": True}


def test_an_expired_code_and_another_applications_request_are_not_valid(sandbox, enterprise_api, staff_token,
                                                                          address):
    request_id = send(enterprise_api, staff_token, address, otp_type=2).json()["data"]["request_id"]
    code = code_in(outbox(sandbox, address)[0])
    assert verify(enterprise_api, staff_token, request_id, code, seed_ids.MOBILE_APPLICATION
                  ).json()["data"] == {"is_valid": False}
    assert sandbox.control("POST", f"one-time-passwords/{request_id}/expire", json={}).status_code == 200
    assert verify(enterprise_api, staff_token, request_id, code).json()["data"] == {"is_valid": False}


def test_refusals(sandbox, enterprise_api, staff_token, address):
    bad_recipient = send(enterprise_api, staff_token, "not-an-address")
    assert bad_recipient.status_code == HTTPStatus.BAD_REQUEST
    assert bad_recipient.json()["error"]["error_data"]["invalid_params"][0]["name"] == "recipient"
    assert send(enterprise_api, staff_token, address, channel=3, validate=False).status_code == HTTPStatus.BAD_REQUEST
    unknown_app = enterprise_api.post("/one-time-password/actions/send", token=staff_token, json={
        "external_application_id": "nope", "communication_channel_id": 1, "recipient": address})
    assert unknown_app.status_code == HTTPStatus.BAD_REQUEST
    assert verify(enterprise_api, staff_token, "0" * 40, "123456").status_code == HTTPStatus.NOT_FOUND
    anonymous = enterprise_api.post("/one-time-password/actions/send", json={}, validate=False)
    assert anonymous.status_code == HTTPStatus.UNAUTHORIZED
    assert outbox(sandbox, address) == []
