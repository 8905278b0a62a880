"""Digital card files against the live sandbox: the Apple Wallet pass package, and a project
without a pass configuration (SANDBOX_WALLET_PASSES off) refusing it."""

import hashlib
import io
import json
import zipfile
from http import HTTPStatus

import pytest
import zxingcpp
from PIL import Image

from portal.sandbox.seed import loyalty as seed
from tests.support.sandbox import Sandbox, SandboxProcess

PATH = "/cards/actions/generate-digital-card-file"


def file_url(customer_api, token, card_id, file_type):
    response = customer_api.post(PATH, token=token, json={"card_id": card_id, "file_type": file_type})
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["data"]["file_url"]


def test_wallet_pass_is_a_well_formed_package(sandbox, customer_api, demo_token, ids):
    url = file_url(customer_api, demo_token, seed.CARD_DEMO_LOYALTY, "wallet")
    assert url.startswith(sandbox.url + "/_sandbox/files/digital-cards/") and url.endswith(".pkpass")
    assert ids.DEMO_CARD_NUMBER not in url and seed.CARD_DEMO_LOYALTY not in url
    response = sandbox.http.get(url, timeout=30)
    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"] == "application/vnd.apple.pkpass"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    names = set(archive.namelist())
    assert {"pass.json", "manifest.json", "signature", "icon.png", "icon@2x.png", "logo.png"} <= names
    # The manifest lists the SHA-1 of every file but itself and the signature, and they match.
    manifest = json.loads(archive.read("manifest.json"))
    assert set(manifest) == names - {"manifest.json", "signature"}
    for name, digest in manifest.items():
        assert hashlib.sha1(archive.read(name)).hexdigest() == digest, name
    card = json.loads(archive.read("pass.json"))
    assert card["formatVersion"] == 1 and card["serialNumber"] == seed.CARD_DEMO_LOYALTY
    assert card["passTypeIdentifier"].startswith("pass.") and card["teamIdentifier"]
    assert card["barcodes"][0]["message"] == ids.DEMO_CARD_NUMBER
    assert card["barcodes"][0]["format"] == "PKBarcodeFormatCode128"
    assert card["storeCard"]["secondaryFields"][0]["value"] == ids.DEMO_CARD_NUMBER
    assert card["expirationDate"][:4].isdigit()  # the loyalty card has an end of validity
    assert archive.read("signature") == b""  # the placeholder: the sandbox cannot sign (docs/pages.md)
    Image.open(io.BytesIO(archive.read("icon.png"))).verify()


def test_a_card_without_an_end_has_a_pass_without_an_expiration(sandbox, customer_api, demo_token):
    url = file_url(customer_api, demo_token, seed.CARD_DEMO_DIGITAL, "wallet")
    card = json.loads(zipfile.ZipFile(io.BytesIO(sandbox.http.get(url, timeout=30).content)).read("pass.json"))
    assert card["barcodes"][0]["message"] == seed.DEMO_DIGITAL_CARD_NUMBER and "expirationDate" not in card


@pytest.mark.parametrize("file_type, symbology", [("png", "Code128"), ("qr-png", "QRCode")])
def test_png_files_decode_to_the_card_number(sandbox, customer_api, demo_token, ids, file_type, symbology):
    url = file_url(customer_api, demo_token, seed.CARD_DEMO_LOYALTY, file_type)
    image = Image.open(io.BytesIO(sandbox.http.get(url, timeout=30).content))
    found = zxingcpp.read_barcodes(image)
    assert [(code.text, code.format.name) for code in found] == [(ids.DEMO_CARD_NUMBER, symbology)]


def test_a_file_is_served_only_under_its_own_extension(sandbox, customer_api, demo_token):
    url = file_url(customer_api, demo_token, seed.CARD_DEMO_LOYALTY, "wallet")
    assert sandbox.http.get(url.removesuffix(".pkpass") + ".png", timeout=30).status_code == HTTPStatus.NOT_FOUND
    png = file_url(customer_api, demo_token, seed.CARD_DEMO_LOYALTY, "png")
    assert sandbox.http.get(png.removesuffix(".png") + ".pkpass", timeout=30).status_code == HTTPStatus.NOT_FOUND


def test_a_project_without_a_pass_configuration_refuses_wallet_files(tmp_path, ids):
    process = SandboxProcess(tmp_path, SANDBOX_WALLET_PASSES="False")
    process.start()
    try:
        sandbox = Sandbox(process.url)
        token = sandbox.customer_token()
        api = sandbox.api()
        refused = api.post(PATH, token=token, json={"card_id": seed.CARD_DEMO_LOYALTY, "file_type": "wallet"})
        assert refused.status_code == HTTPStatus.BAD_REQUEST
        params = refused.json()["error"]["error_data"]["invalid_params"]
        assert [(p["name"], p["reason"]) for p in params] == [("file_type", "not_allowed_value")]
        # PNG files are still made
        assert file_url(api, token, seed.CARD_DEMO_LOYALTY, "png").endswith(".png")
    finally:
        process.stop()
