"""A customer with next to nothing (no address, gender, birthday, cards, vouchers, history) sees
every page, with empty states where lists are empty."""

import uuid
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import portal_login

PASSWORD = "New-Customer-3"


@pytest.fixture
def new_customer_client(carecloud, sandbox, ids, db):
    email = f"new-{uuid.uuid4().hex[:12]}@example.com"
    token = sandbox.new_token("en")
    response = sandbox.api().post("/customers", token=token, json={
        "customer": {"personal_information": {"first_name": "Nova", "email": email, "language_id": "en"}},
        "customer_source": {"customer_source_id": ids.SOURCE_PORTAL},
        "password": PASSWORD,
        "autologin": False,
    })
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED), response.text
    client = Client()
    assert portal_login(client, email, PASSWORD).status_code == HTTPStatus.FOUND
    return client


@pytest.mark.parametrize("language", ["en", "cs"])
def test_new_customer_sees_every_page_with_empty_states(new_customer_client, language):
    pages = {}
    with translation.override(language):
        for name in ("dashboard", "profile", "card-list", "voucher-list", "points", "reward-list"):
            response = new_customer_client.get(reverse(f"loyalty:{name}"))
            assert response.status_code == HTTPStatus.OK, name
            pages[name] = response.content.decode()
    if language == "en":
        assert "Hello, Nova" in pages["dashboard"]
        assert "You have no valid vouchers." in pages["voucher-list"]
        assert "No point transactions yet." in pages["points"] or "<tbody>" in pages["points"]
        assert "Not given" in pages["profile"]  # gender, birthday, phone
        assert "No address is saved in your account." in pages["profile"]
        assert "You have no cards yet." in pages["card-list"] or 'class="barcode-svg"' in pages["card-list"]
    for name in ("voucher-list",):
        assert 'class="empty-state"' in pages[name]
