"""An Apple Wallet pass package (``.pkpass``) of a card, as well-formed as the sandbox can make it.

A pass package is a zip archive with ``pass.json`` (the pass: a store card with the card number as
a Code 128 barcode), its images, ``manifest.json`` (the SHA-1 of every other file) and
``signature``: a detached PKCS #7 signature of ``manifest.json`` made with the project's Pass Type
ID certificate and Apple's WWDR intermediate certificate. The sandbox has no such certificate (only
Apple issues them, to a paying developer account), so ``signature`` is an empty placeholder: the
archive, ``pass.json`` and the manifest are right, and a real device refuses the pass for the
missing signature. docs/pages.md ("Card files") says what a real project needs.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from PIL import Image, ImageDraw

# The sandbox project's (made-up) pass configuration; a real one comes from the Apple developer
# account that owns the Pass Type ID.
PASS_TYPE_IDENTIFIER = "pass.cz.example.sandbox.loyalty"
TEAM_IDENTIFIER = "SANDBOX000"
ORGANIZATION = "Zrnko"
BRAND = (11, 95, 90)  # the programme's colour
SIGNATURE_PLACEHOLDER = b""


def _image(width: int, height: int) -> bytes:
    """A plain brand-coloured image with a light bean shape (no text: it would be one language)."""
    image = Image.new("RGB", (width, height), BRAND)
    draw = ImageDraw.Draw(image)
    side = min(width, height)
    left = (width - side) // 2
    draw.ellipse((left + side // 5, side // 5, left + side * 4 // 5, side * 4 // 5), fill=(246, 196, 83))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def pass_json(*, card_id: str, card_number: str, card_type_name: str, valid_to: str | None) -> dict:
    card = {
        "formatVersion": 1,
        "passTypeIdentifier": PASS_TYPE_IDENTIFIER,
        "teamIdentifier": TEAM_IDENTIFIER,
        "serialNumber": card_id,
        "organizationName": ORGANIZATION,
        "description": f"{ORGANIZATION} {card_type_name}".strip(),
        "logoText": ORGANIZATION,
        "foregroundColor": "rgb(255, 255, 255)",
        "backgroundColor": "rgb({}, {}, {})".format(*BRAND),
        "labelColor": "rgb(246, 196, 83)",
        "storeCard": {
            "primaryFields": [{"key": "type", "label": "Card", "value": card_type_name or "Loyalty card"}],
            "secondaryFields": [{"key": "number", "label": "Card number", "value": card_number}],
        },
        "barcodes": [{"format": "PKBarcodeFormatCode128", "message": card_number,
                      "messageEncoding": "iso-8859-1", "altText": card_number}],
    }
    if valid_to:
        card["expirationDate"] = valid_to  # ISO 8601 with the offset
    return card


def pkpass(*, card_id: str, card_number: str, card_type_name: str = "", valid_to: str | None = None) -> bytes:
    files = {
        "pass.json": json.dumps(pass_json(card_id=card_id, card_number=card_number, card_type_name=card_type_name,
                                          valid_to=valid_to), ensure_ascii=False, indent=2).encode(),
        "icon.png": _image(29, 29),
        "icon@2x.png": _image(58, 58),
        "logo.png": _image(160, 50),
        "logo@2x.png": _image(320, 100),
    }
    files["manifest.json"] = json.dumps({name: hashlib.sha1(content).hexdigest()  # noqa: S324 - Apple's format
                                         for name, content in files.items()}, indent=2).encode()
    files["signature"] = SIGNATURE_PLACEHOLDER
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
