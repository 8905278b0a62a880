"""Password setup end to end over real HTTP: the message request, the outbox, the hosted form."""

import json
import re
import sqlite3
import subprocess
import uuid
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
import requests

from portal.sandbox.seed import ids as seed_ids
from tests.support.sandbox import COMMAND, ROOT

OLD_PASSWORD = "Stare-Heslo-1"
NEW_PASSWORD = "Nove-Heslo-2024"


@pytest.fixture
def customer(sandbox, enterprise_api, staff_token, ids) -> dict:
    """A customer of this test alone (the seeded ones keep their passwords)."""
    email = f"zapomnel.{uuid.uuid4().hex[:10]}@example.com"
    phone = "420" + str(uuid.uuid4().int)[:9]
    body = {
        "customer": {"personal_information": {"gender": 1, "first_name": "Petr", "last_name": "Svoboda",
                                              "email": email, "phone": phone, "language_id": "cs"}},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL},
        "password": OLD_PASSWORD,
        "autologin": False,
    }
    response = enterprise_api.post("/customers", token=staff_token, json=body)
    assert response.status_code == HTTPStatus.CREATED, response.text
    return {"customer_id": response.json()["data"]["customer_id"], "email": email, "phone": phone}


def send(customer_api, token, body):
    return customer_api.post(f"/tokens/{token}/actions/send-password-setup-email", token=token, json=body)


def outbox(sandbox, recipient: str) -> list[dict]:
    return sandbox.control("GET", "outbox.json", params={"recipient": recipient}).json()["messages"]


def form_url(sandbox, link: str) -> str:
    """The link points at SANDBOX_PUBLIC_URL; the test's sandbox listens on its own port."""
    return sandbox.url + urlsplit(link).path


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def login(sandbox, customer_api, email, password):
    token = sandbox.new_token()
    return customer_api.post(f"/tokens/{token}/actions/login", token=token,
                             json={"login_type": "email", "login_value": email, "password": password})


def request_link(sandbox, customer_api, email, language="en") -> str:
    token = sandbox.new_token(language)
    response = send(customer_api, token, {"communication_channel_id": seed_ids.CHANNEL_EMAIL, "recipient": email})
    assert response.status_code == HTTPStatus.NO_CONTENT, response.text
    return outbox(sandbox, email)[0]["link"]


def test_password_setup_end_to_end(sandbox, customer_api, customer):
    token = sandbox.new_token("en")
    response = send(customer_api, token, {"communication_channel_id": seed_ids.CHANNEL_EMAIL,
                                          "recipient": customer["email"]})
    assert response.status_code == HTTPStatus.NO_CONTENT

    [message] = outbox(sandbox, customer["email"])
    assert message["channel"] == "email"
    assert message["customer_id"] == customer["customer_id"]
    assert message["subject"] == "Set up the password of your customer account"
    assert message["body"].startswith("Dear Mr Svoboda,")
    assert message["link"] in message["body"]
    assert re.search(r"/password-setup/[\w-]{40,}$", message["link"])

    browser = requests.Session()
    url = form_url(sandbox, message["link"])
    form = browser.get(url, timeout=30)
    assert form.status_code == HTTPStatus.OK
    assert "Set up your password" in form.text
    done = browser.post(url, timeout=30, data={"csrfmiddlewaretoken": csrf_token(form.text),
                                               "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert done.status_code == HTTPStatus.OK
    assert "Your password is set" in done.text

    assert login(sandbox, customer_api, customer["email"], OLD_PASSWORD).status_code == HTTPStatus.UNAUTHORIZED
    assert login(sandbox, customer_api, customer["email"], NEW_PASSWORD).status_code == HTTPStatus.OK

    # The code works once.
    again = browser.get(url, timeout=30)
    assert again.status_code == HTTPStatus.GONE
    assert "expired" in again.text
    reuse = browser.post(url, timeout=30, data={"csrfmiddlewaretoken": csrf_token(form.text),
                                                "password": "Jine-Heslo-77", "password_confirmation": "Jine-Heslo-77"})
    assert reuse.status_code == HTTPStatus.GONE
    assert login(sandbox, customer_api, customer["email"], NEW_PASSWORD).status_code == HTTPStatus.OK


def test_the_form_shows_errors_next_to_the_fields(sandbox, customer_api, customer):
    link = request_link(sandbox, customer_api, customer["email"], language="cs")
    browser = requests.Session()
    url = form_url(sandbox, link)
    form = browser.get(url, timeout=30)
    assert "Nastavení hesla" in form.text
    response = browser.post(url, timeout=30, data={"csrfmiddlewaretoken": csrf_token(form.text),
                                                   "password": "slabe", "password_confirmation": "jine"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    password_errors = re.search(r'id="password-errors">(.*?)</ul>', response.text, re.S).group(1)
    assert "alespoň 8 znaků" in password_errors and "velké písmeno" in password_errors
    assert "Hesla se neshodují." in re.search(r'id="password-confirmation-errors">(.*?)</ul>', response.text,
                                              re.S).group(1)
    # Nothing changed, and the code is still good.
    assert login(sandbox, customer_api, customer["email"], OLD_PASSWORD).status_code == HTTPStatus.OK
    assert browser.get(url, timeout=30).status_code == HTTPStatus.OK


def test_the_form_needs_the_csrf_token(sandbox, customer_api, customer):
    link = request_link(sandbox, customer_api, customer["email"])
    response = requests.post(form_url(sandbox, link), timeout=30,
                             data={"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert login(sandbox, customer_api, customer["email"], OLD_PASSWORD).status_code == HTTPStatus.OK


def test_an_unknown_code_is_a_clear_404(sandbox):
    response = requests.get(f"{sandbox.url}/password-setup/not-a-real-code", timeout=30,
                            headers={"Accept-Language": "cs"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Neplatný odkaz" in response.text
    assert "Traceback" not in response.text


def test_a_new_password_spends_every_open_link(sandbox, customer_api, customer):
    first = request_link(sandbox, customer_api, customer["email"])
    second = request_link(sandbox, customer_api, customer["email"])
    assert first != second
    browser = requests.Session()
    form = browser.get(form_url(sandbox, second), timeout=30)
    browser.post(form_url(sandbox, second), timeout=30, data={
        "csrfmiddlewaretoken": csrf_token(form.text), "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert browser.get(form_url(sandbox, first), timeout=30).status_code == HTTPStatus.GONE


def test_an_unknown_recipient_gets_the_same_answer_and_no_message(sandbox, customer_api, ids):
    nobody = f"nikdo.{uuid.uuid4().hex[:8]}@example.com"
    token = sandbox.new_token()
    response = send(customer_api, token, {"communication_channel_id": ids.CHANNEL_EMAIL, "recipient": nobody})
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert outbox(sandbox, nobody) == []


def test_the_deprecated_email_parameter_and_czech_text(sandbox, customer_api, customer):
    token = sandbox.new_token("cs")
    assert send(customer_api, token, {"email": customer["email"]}).status_code == HTTPStatus.NO_CONTENT
    [message] = outbox(sandbox, customer["email"])
    assert message["subject"] == "Nastavení hesla k zákaznickému účtu"
    assert message["body"].startswith("Vážený pane Svobodo,")


def test_a_password_setup_sms(sandbox, customer_api, customer, ids):
    token = sandbox.new_token("cs")
    response = send(customer_api, token, {"communication_channel_id": ids.CHANNEL_SMS,
                                           "recipient": customer["phone"]})
    assert response.status_code == HTTPStatus.NO_CONTENT
    [message] = outbox(sandbox, customer["phone"])
    assert message["channel"] == "sms"
    assert message["subject"] == ""
    assert "/password-setup/" in message["body"]


@pytest.mark.parametrize(
    "body, name, reason",
    [
        ({}, "communication_channel_id", "required"),
        ({"communication_channel_id": "CHANNEL_EMAIL"}, "recipient", "required"),
        ({"communication_channel_id": "no-such-channel", "recipient": "a@example.com"},
         "communication_channel_id", "not_found"),
        ({"communication_channel_id": "CHANNEL_PUSH", "recipient": "a@example.com"},
         "communication_channel_id", "not_allowed_value"),
        ({"communication_channel_id": "CHANNEL_EMAIL", "recipient": "not an e-mail"}, "recipient",
         "invalid_value_format"),
        ({"communication_channel_id": "CHANNEL_SMS", "recipient": "a@example.com"}, "recipient",
         "invalid_value_format"),
    ],
)
def test_send_password_setup_validates(sandbox, customer_api, ids, body, name, reason):
    body = {k: getattr(ids, v, v) for k, v in body.items()}
    response = send(customer_api, sandbox.new_token(), body)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    params = {p["name"]: p["reason"] for p in response.json()["error"]["error_data"]["invalid_params"]}
    assert params[name] == reason


def test_send_password_setup_auth_rules(sandbox, customer_api, enterprise_api, staff_token, ids):
    body = {"communication_channel_id": ids.CHANNEL_EMAIL, "recipient": ids.DEMO_EMAIL}
    token, other = sandbox.new_token(), sandbox.new_token()
    path = f"/tokens/{token}/actions/send-password-setup-email"
    assert customer_api.post(path, json=body).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.post(path, token="unknown", json=body).status_code == HTTPStatus.UNAUTHORIZED
    assert customer_api.post(path, token=other, json=body).status_code == HTTPStatus.FORBIDDEN
    refused = enterprise_api.post(path, token=staff_token, json=body)
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert refused.json()["error"]["type"] == "interface_not_allowed_exception"


def test_the_outbox_pages_and_command(sandbox_process, sandbox, customer_api, customer):
    request_link(sandbox, customer_api, customer["email"])
    page = sandbox.control("GET", "outbox")
    assert "text/html" in page.headers["Content-Type"]
    assert customer["email"] in page.text
    latest = sandbox.control("GET", "outbox.json", params={"last": 1}).json()["messages"]
    assert [m["recipient"] for m in latest] == [customer["email"]]
    assert f'href="{latest[0]["link"]}"' in page.text

    result = subprocess.run([*COMMAND, "sandbox_outbox", "--last", "1", "--json"], cwd=ROOT,
                            env=sandbox_process.env, check=True, capture_output=True, text=True)
    assert json.loads(result.stdout)["messages"][0]["link"] == latest[0]["link"]
    text = subprocess.run([*COMMAND, "sandbox_outbox", "--last", "1"], cwd=ROOT,
                          env=sandbox_process.env, check=True, capture_output=True, text=True)
    assert customer["email"] in text.stdout and latest[0]["link"] in text.stdout


def test_an_expired_link_is_gone(sandbox_process, sandbox, customer_api, customer):
    link = request_link(sandbox, customer_api, customer["email"])
    # Age the code past its 24 hours directly in the sandbox's database.
    database = sandbox_process.env["SANDBOX_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE sandbox_passwordsetupcode SET valid_to = '2000-01-01 00:00:00' "
                           "WHERE customer_id = ?", (customer["customer_id"],))
    response = requests.get(form_url(sandbox, link), timeout=30)
    assert response.status_code == HTTPStatus.GONE
    assert "has expired" in response.text
