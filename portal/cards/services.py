"""Card files: a card's barcode or QR code as a PNG image, or its Apple Wallet pass, made by
CareCloud (postGenerateDigitalCard) and handed to the browser.

CareCloud answers the file's URL; the portal fetches the file (from CareCloud's own host only, see
``CareCloudClient.download``) into memory, never onto its disk, checks it is what was asked for
(a PNG, or a zip package for a pass) and gives it to the browser under a clear name. The file is
held whole before the first byte goes out (at most ``MAX_BYTES``; a card file is a few kilobytes),
so a broken or cut-off file from upstream becomes an honest message, never a truncated download.

Only the customer's own usable cards: the card id from the URL is looked up in the customer's own
card list (getSubCustomerCards with the session's customer id) before CareCloud is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.accounts.session import CustomerSession
from portal.carecloud import exceptions as cc
from portal.carecloud import resources

from .selectors import card_is_usable

MAX_BYTES = 2 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    signature: bytes
    suffix: str  # of the file name


FILE_TYPES = {
    "png": FileType(_("Download barcode"), "image/png", PNG_SIGNATURE, ".png"),
    "qr-png": FileType(_("Download QR code"), "image/png", PNG_SIGNATURE, "-qr.png"),
    "wallet": FileType(_("Add to Apple Wallet"), "application/vnd.apple.pkpass", ZIP_SIGNATURE, ".pkpass"),
}


@dataclass(frozen=True)
class CardFile:
    content: bytes
    content_type: str
    filename: str


class CardNotUsable(Exception):
    """The card is the customer's, but blocked, expired or not valid yet: CareCloud makes no file."""


def enabled_file_types() -> list[tuple[str, str]]:
    """``(file type, button label)`` of the files the CareCloud project makes (``PORTAL_CARD_FILES``)."""
    return [(name, FILE_TYPES[name].label) for name in settings.PORTAL_CARD_FILES if name in FILE_TYPES]


def card_file_generate(*, session: CustomerSession, card_id: str, file_type: str) -> CardFile:
    """One file of one of the customer's own usable cards. Raises NotFoundError for a card that is
    not theirs or a file type the project does not offer, CardNotUsable for a card that cannot be
    used, and CareCloud's errors (ValidationError when CareCloud refuses the type for this card)."""
    if file_type not in dict(enabled_file_types()):
        raise cc.NotFoundError(404, title="File type not offered")
    cards = resources.customer_cards_every(token=session.token, customer_id=session.customer_id)
    card = next((c for c in cards if isinstance(c, dict) and str(c.get("card_id") or "") == card_id), None)
    if card is None:
        raise cc.NotFoundError(404, title="Not one of the customer's cards")
    if not card_is_usable(card):
        raise CardNotUsable(card_id)
    kind = FILE_TYPES[file_type]
    url = resources.card_file_generate(token=session.token, card_id=card_id, file_type=file_type)
    content, _content_type = resources.card_file_download(url=url, max_bytes=MAX_BYTES)
    if not content.startswith(kind.signature):
        raise cc.ServerError(200, title="Unexpected card file", detail=f"{file_type}: {content[:8]!r}")
    return CardFile(content=content, content_type=kind.content_type,
                    filename=f"card-{_safe(card.get('card_number')) or 'file'}{kind.suffix}")


def _safe(value) -> str:
    return re.sub(r"[^0-9A-Za-z_-]", "", str(value or ""))[:40]
