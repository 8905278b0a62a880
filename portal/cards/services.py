"""Writes of the cards: a free card assigned to the member (postAssignCard): the digital card from
the project's pool, or a plastic card the member holds, by its number; and the card files.

Card files: a card's barcode or QR code as a PNG image, or its Apple Wallet pass, made by
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

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from portal.accounts.session import CustomerSession
from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources

from .selectors import card_is_usable, card_type_for_number, digital_card_type

log = logging.getLogger(__name__)

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


# --- free cards (postAssignCard) ---------------------------------------------------------------------


class CardCannotBeAdded(Exception):
    """The one answer for a number that is unknown, of no card type of the project, someone else's
    card or blocked: which of them is never told (card numbers cannot be probed)."""


class CardTypeTaken(Exception):
    """The member has a card of this type already (CareCloud allows one per card type)."""

    def __init__(self, type_name: str = "", own: bool = False):
        super().__init__(type_name)
        self.type_name = type_name
        self.own = own  # the number typed is the member's own card


class NoDigitalCard(Exception):
    """The project gives no digital cards (none configured, no such card type) or its pool is empty."""


def _reasons(error: cc.ValidationError) -> set[tuple[str, str]]:
    return {(str(p.get("name") or "").rsplit(".", 1)[-1], str(p.get("reason") or "")) for p in error.invalid_params}


def normalize_card_number(value: str) -> str:
    """A card number as typed, without the spaces and dashes people type into it."""
    return re.sub(r"[\s-]", "", value or "")


def card_add(*, session: CustomerSession, card_number: str) -> str:
    """Assign the free plastic card ``card_number`` to the member (postAssignCard with its number and
    the card type its prefix names); returns the card id. The member's other cards stay.

    Raises CardCannotBeAdded for a number of no card type of the project (CareCloud is not asked)
    and for whatever CareCloud refuses about the card itself, CardTypeTaken when the member has a
    card of the type already, and CareCloud's other errors (unavailable...)."""
    number = normalize_card_number(card_number)
    types = reference.card_types(token=session.token)
    card_type = card_type_for_number(number, types)
    if card_type is None:
        log.info("a card to add matches no card type")
        raise CardCannotBeAdded()
    type_id, type_name = str(card_type["card_type_id"]), str(card_type.get("name") or "")
    mine = [c for c in resources.customer_cards_every(token=session.token, customer_id=session.customer_id)
            if isinstance(c, dict)]
    if any(str(c.get("card_number") or "") == number for c in mine):
        raise CardTypeTaken(type_name, own=True)
    if any(str(c.get("card_type_id") or "") == type_id for c in mine):
        raise CardTypeTaken(type_name)
    try:
        card_id = resources.card_assign_free(token=session.token, customer_id=session.customer_id,
                                             card_type_id=type_id, card_number=number)
    except cc.ValidationError as error:
        reasons = _reasons(error)
        log.info("CareCloud refused a card to add: %s", sorted(reasons))
        if ("card_type_id", "relation_already_exists") in reasons:
            raise CardTypeTaken(type_name) from error
        raise CardCannotBeAdded() from error
    except (cc.NotFoundError, cc.PermissionDeniedError) as error:
        log.info("CareCloud refused a card to add (%s)", error.status)
        raise CardCannotBeAdded() from error
    log.info("customer added a card (card type %s)", type_id)
    return card_id


def digital_card_assign(*, session: CustomerSession) -> str:
    """Give the member a digital card from the project's pool (postAssignCard with the digital card
    type, PORTAL_DIGITAL_CARD_TYPE, and no number); returns the card id. Raises NoDigitalCard when
    the project gives none or the pool is empty, CardTypeTaken when the member has one already, and
    CareCloud's other errors."""
    card_type = digital_card_type(reference.card_types(token=session.token))
    if card_type is None:
        log.warning("no digital card type %r in the project (PORTAL_DIGITAL_CARD_TYPE)",
                    settings.PORTAL_DIGITAL_CARD_TYPE)
        raise NoDigitalCard()
    try:
        card_id = resources.card_assign_free(token=session.token, customer_id=session.customer_id,
                                             card_type_id=str(card_type["card_type_id"]))
    except cc.ValidationError as error:
        reasons = _reasons(error)
        if ("card_type_id", "relation_already_exists") in reasons:
            raise CardTypeTaken(str(card_type.get("name") or "")) from error
        log.error("CareCloud gave no digital card (is the pool empty?): %s", sorted(reasons))
        raise NoDigitalCard() from error
    log.info("customer got a digital card")
    return card_id


def digital_card_at_registration(sender=None, *, request, customer_id: str, **kwargs) -> None:
    """A new member's digital card, right after the registration (accounts.signals.customer_registered).
    Whatever goes wrong is logged and the registration stands: the overview offers the card again."""
    if not str(getattr(settings, "PORTAL_DIGITAL_CARD_TYPE", "") or "").strip():
        return
    session = CustomerSession(request)
    if session.customer_id != customer_id:
        return
    try:
        digital_card_assign(session=session)
    except (NoDigitalCard, CardTypeTaken):
        return
    except cc.CareCloudError as error:
        log.warning("a new member's digital card was not assigned (the overview offers it): %s", error)
        return
    messages.success(request, _("Your digital card is ready: show it at the till from the Cards page."))
