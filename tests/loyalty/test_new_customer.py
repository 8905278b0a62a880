"""A customer with next to nothing (no address, gender, birthday, cards, vouchers, history) sees
every page, with empty states where lists are empty."""

import re
import uuid
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

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


# What each page says to a customer with nothing yet (the seed's public rewards are offered to all).
SAYS = {
    "dashboard": ["Your loyalty programme at a glance."],
    "profile": ["Not given", "No address is saved in your account."],  # gender, birthday, phone
    "card-list": ["You have no cards yet."],
    "voucher-list": ["You have no valid vouchers."],
    "points": ["No point transactions yet."],
    "reward-list": [],  # its balance, below (the title "Rewards" is in every page's navigation)
}
EMPTY_LISTS = {"card-list", "voucher-list", "points"}


@pytest.mark.parametrize("language", ["en", "cs"])
def test_new_customer_sees_every_page_with_empty_states(new_customer_client, language):
    pages = {}
    with translation.override(language):
        for name, messages in SAYS.items():
            response = new_customer_client.get(reverse(f"loyalty:{name}"))
            assert response.status_code == HTTPStatus.OK, name
            page = response.content.decode()
            assert f'<html lang="{language}">' in page
            for message in messages:
                assert gettext(message) in page, (name, message)
            if name in EMPTY_LISTS:
                assert 'class="empty-state"' in page, name
            pages[name] = page
        assert 'class="empty-state"' not in pages["reward-list"]  # the public rewards are there for everyone
        assert ngettext("You have %(points)s point.", "You have %(points)s points.", 0) % {"points": 0} in pages[
            "reward-list"]
        assert gettext("Hello, %(name)s") % {"name": "Nova"} in pages["dashboard"]
    assert re.search(r'class="big-number points-balance">0<', pages["dashboard"])  # none yet, but a balance
