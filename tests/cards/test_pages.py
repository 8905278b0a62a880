"""The cards pages against the live sandbox: every card with its type, state and codes, only the
customer's own; and card files through the portal: the PNG decodes to the card number, the wallet
pass is the sandbox's package, only the customer's own usable cards, POST with CSRF."""

import io
import zipfile
from http import HTTPStatus
from unittest import mock

import pytest
import zxingcpp
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from portal.carecloud import resources
from portal.sandbox.seed import loyalty as seed
from tests.conftest import portal_login


def file_url(card_id, file_type, language="en"):
    with translation.override(language):
        return reverse("cards:card-file", kwargs={"card_id": card_id, "file_type": file_type})


def cards_url(language="en"):
    with translation.override(language):
        return reverse("cards:card-list")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("file_type, symbology, name", [
    ("png", "Code128", "card-2001900627.png"),
    ("qr-png", "QRCode", "card-2001900627-qr.png"),
])
def test_a_card_image_decodes_to_the_card_number(customer_client, ids, file_type, symbology, name):
    response = customer_client.post(file_url(seed.CARD_DEMO_LOYALTY, file_type))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "no-store" in response["Cache-Control"]
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [(code.text, code.format.name) for code in found] == [(ids.DEMO_CARD_NUMBER, symbology)]


def test_the_wallet_pass_is_handed_over_as_a_pass(customer_client, ids):
    response = customer_client.post(file_url(seed.CARD_DEMO_DIGITAL, "wallet"))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/vnd.apple.pkpass"
    assert response["Content-Disposition"] == f'attachment; filename="card-{seed.DEMO_DIGITAL_CARD_NUMBER}.pkpass"'
    assert "pass.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_the_cards_page_offers_the_files_of_usable_cards_only(customer_client):
    body = customer_client.get(cards_url()).content.decode()
    for card_id in (seed.CARD_DEMO_LOYALTY, seed.CARD_DEMO_DIGITAL):
        for file_type in ("png", "qr-png", "wallet"):
            assert f'action="{file_url(card_id, file_type)}"' in body
    assert seed.CARD_DEMO_PARTNER not in body  # blocked: no file forms
    assert "Add to Apple Wallet" in body and "Download barcode" in body


def test_a_project_without_wallet_passes_offers_no_wallet_button(customer_client, settings):
    settings.PORTAL_CARD_FILES = ["png", "qr-png"]
    body = customer_client.get(cards_url()).content.decode()
    assert "Add to Apple Wallet" not in body and "Download QR code" in body
    assert customer_client.post(file_url(seed.CARD_DEMO_LOYALTY, "wallet")).status_code == HTTPStatus.NOT_FOUND


def test_another_customers_card_is_not_found(customer_client, sandbox):
    since = sandbox.last_seq()
    response = customer_client.post(file_url(seed.CARD_SECOND_LOYALTY, "png"))
    assert response.status_code == HTTPStatus.NOT_FOUND
    operations = [entry["operation_id"] for entry in sandbox.requests_log(since)]
    assert "postGenerateDigitalCard" not in operations  # the card list said no before CareCloud was asked


def test_a_blocked_card_makes_no_file(customer_client, sandbox):
    since = sandbox.last_seq()
    response = customer_client.post(file_url(seed.CARD_DEMO_PARTNER, "png"))
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == cards_url()
    assert messages_of(response) == ["This card cannot be used, so there is no file of it."]
    assert "postGenerateDigitalCard" not in [e["operation_id"] for e in sandbox.requests_log(since)]


def test_files_are_made_only_by_a_post_with_csrf(carecloud, db):
    client = Client(enforce_csrf_checks=True)
    assert portal_login(client).status_code == HTTPStatus.FORBIDDEN  # even the login form needs the token
    client = Client()
    portal_login(client)
    client.handler.enforce_csrf_checks = True
    assert client.get(file_url(seed.CARD_DEMO_LOYALTY, "png")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.post(file_url(seed.CARD_DEMO_LOYALTY, "png")).status_code == HTTPStatus.FORBIDDEN


def test_logged_out_visitors_go_to_the_login_page(client, carecloud, db):
    response = client.post(file_url(seed.CARD_DEMO_LOYALTY, "png"))
    assert response.status_code == HTTPStatus.FOUND and "/account/login/" in response["Location"]


def test_a_failing_carecloud_gives_a_message_not_a_file(fresh_sandbox, customer_client):
    fresh_sandbox.set_faults(force_status=500)
    response = customer_client.post(file_url(seed.CARD_DEMO_LOYALTY, "png", "cs"))
    fresh_sandbox.clear_faults()
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == cards_url("cs")
    assert messages_of(response) == ["Soubor vaší karty se nepodařilo připravit. Zkuste to prosím za pár minut."]


def test_a_file_that_is_not_what_was_asked_for_is_not_handed_over(customer_client):
    # CareCloud answering an HTML page at the file's URL: the browser must never get it as a PNG.
    with mock.patch.object(resources, "card_file_download", return_value=(b"<html>login</html>", "text/html")):
        response = customer_client.post(file_url(seed.CARD_DEMO_LOYALTY, "png"))
    assert response.status_code == HTTPStatus.FOUND
    assert messages_of(response) == ["We could not prepare the file of your card. Please try again in a few minutes."]


def test_a_refused_file_type_says_so(customer_client):
    from portal.carecloud.exceptions import ValidationError

    refused = ValidationError(400, invalid_params=[{"name": "file_type", "reason": "not_allowed_value"}])
    with mock.patch.object(resources, "card_file_generate", side_effect=refused):
        response = customer_client.post(file_url(seed.CARD_DEMO_LOYALTY, "wallet"))
    assert messages_of(response) == ["This file is not available for your card."]


def test_cards_show_every_card_with_type_state_and_codes(customer_client, demo_api, ids):
    types = {t["card_type_id"]: t["name"] for t in demo_api("/card-types")["card_types"]}
    cards = demo_api(f"/customers/{ids.DEMO_CUSTOMER}/cards")["cards"]
    response = customer_client.get(cards_url())
    body = response.content.decode()
    for card in cards:
        assert card["card_number"] in body
        assert types[card["card_type_id"]] in body
        assert f'aria-label="Barcode of {card["card_number"]}"' in body
        assert f'aria-label="QR code of {card["card_number"]}"' in body
    assert body.count('class="barcode-svg"') == len(cards) == 3
    assert body.count('class="qrcode-svg"') == 3
    assert "Blocked" in body  # the partner card's state 0
    assert body.count(">Active<") == 2
    # the usable cards come first
    assert body.index(ids.DEMO_CARD_NUMBER) < body.index(seed.DEMO_PARTNER_CARD_NUMBER)


def test_isolation_cards(customer_client, second_customer_client, ids):
    demo_cards = customer_client.get(cards_url()).content.decode()
    second_cards = second_customer_client.get(cards_url()).content.decode()
    demo_numbers = {ids.DEMO_CARD_NUMBER, seed.DEMO_DIGITAL_CARD_NUMBER, seed.DEMO_PARTNER_CARD_NUMBER}
    assert all(n in demo_cards for n in demo_numbers) and ids.SECOND_CARD_NUMBER not in demo_cards
    assert ids.SECOND_CARD_NUMBER in second_cards and not any(n in second_cards for n in demo_numbers)
