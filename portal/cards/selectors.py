"""Reads for the cards pages: every card of the customer, the cards to show at the till, and one
card shaped as the pages show it (the overview's main card too); the card type a number belongs to
and the project's digital card type (PORTAL_DIGITAL_CARD_TYPE), for "Add a card I have" and "Get
your digital card"; the overview's cards (its main card, whether to offer a digital card).

A card's type is named from the project's card types (reference data; without them the card still
shows). The customer's token and id come from the ``CustomerSession`` the view passes in, never
from a URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import customer_cache, reference, resources
from portal.carecloud.reads import optional
from portal.core.shaping import URL_ID, to_datetime


@dataclass(frozen=True)
class Card:
    """One of the customer's cards as the pages show it."""

    card_id: str
    files_available: bool  # its files (cards/<card_id>/files/...) can be asked for
    number: str
    secondary_number: str
    type_name: str
    valid_from: datetime | None
    valid_to: datetime | None
    is_blocked: bool
    is_expired: bool
    is_usable: bool
    state_label: str


def card_is_usable(card: dict) -> bool:
    """A card can be used at the till: not blocked (state 0) and within its validity now."""
    valid_to = to_datetime(card.get("valid_to"))
    valid_from = to_datetime(card.get("valid_from"))
    now = timezone.now()
    return card.get("state") != 0 and not (valid_to and valid_to < now) and not (valid_from and valid_from > now)


def shape_card(card: dict, type_names: dict[str, str]) -> Card:
    """A card record of CareCloud's (getSubCustomerCards) with its type's name from ``type_names``."""
    valid_to = to_datetime(card.get("valid_to"))
    valid_from = to_datetime(card.get("valid_from"))
    now = timezone.now()
    blocked = card.get("state") == 0
    expired = bool(valid_to and valid_to < now)
    not_yet = bool(valid_from and valid_from > now)
    return Card(
        card_id=card.get("card_id") or "",
        # The card's files (cards/<card_id>/files/...) need an id the URL can carry.
        files_available=card_is_usable(card) and bool(URL_ID.fullmatch(str(card.get("card_id") or ""))),
        number=str(card.get("card_number") or ""),
        secondary_number=card.get("secondary_card_number") or "",
        type_name=type_names.get(str(card.get("card_type_id"))) or "",
        valid_from=valid_from,
        valid_to=valid_to,
        is_blocked=blocked,
        is_expired=expired,
        is_usable=not blocked and not expired and not not_yet,
        state_label=_("Blocked") if blocked else _("Expired") if expired
        else _("Not valid yet") if not_yet else _("Active"),
    )


@dataclass(frozen=True)
class CardsPage:
    """The cards page: every card (usable ones first), and whether to offer a digital card."""

    cards: list[Card]
    offer_digital_card: bool  # no usable card, and the project gives digital cards


def cards_page_for_customer(*, session: CustomerSession) -> CardsPage:
    """Every card of the customer with its type's name, and whether "Get your digital card" is
    offered (no usable card, and the project's digital card type exists)."""
    items = [card for card in resources.customer_cards_every(**customer_auth(session)) if isinstance(card, dict)]
    card_types = optional("card types", lambda: reference.card_types(token=session.token))
    types = reference.names(card_types, "card_type_id")
    cards = sorted([shape_card(card, types) for card in items if card.get("card_number")],
                   key=lambda card: not card.is_usable)
    offer = not any(card.is_usable for card in cards) and digital_card_type(card_types) is not None
    return CardsPage(cards=cards, offer_digital_card=offer)


def till_cards_for_customer(*, session: CustomerSession) -> list[Card]:
    """The cards to show at the till: the usable ones (the main card first, as on the overview),
    with their type's name. Nothing else about the customer: this page is kept offline."""
    items = [card for card in resources.customer_cards_every(**customer_auth(session)) if isinstance(card, dict)]
    usable = [card for card in items if card.get("card_number") and card_is_usable(card)]
    if not usable:
        return []
    types = reference.names(optional("card types", lambda: reference.card_types(token=session.token)),
                            "card_type_id")
    return [shape_card(card, types) for card in usable]


# --- card types: from a number, the digital one ------------------------------------------------------


def digital_card_type(card_types: list[dict] | None) -> dict | None:
    """The project's digital card type (PORTAL_DIGITAL_CARD_TYPE: its text_id or card_type_id) among
    ``card_types``; None where none is configured or the project has no such type."""
    wanted = str(getattr(settings, "PORTAL_DIGITAL_CARD_TYPE", "") or "").strip()
    if not wanted:
        return None
    return next((t for t in card_types or [] if isinstance(t, dict) and t.get("card_type_id")
                 and wanted in (str(t.get("text_id") or ""), str(t["card_type_id"]))), None)


def card_type_for_number(number: str, card_types: list[dict] | None) -> dict | None:
    """The card type a plastic card's number belongs to: the one whose prefix (getCardTypes) begins
    the number, the longest when several do. The digital card type is never one (its cards come
    from the pool, not from a number typed in); a type without a prefix matches nothing."""
    digital = digital_card_type(card_types)
    matches = [t for t in card_types or [] if isinstance(t, dict) and t.get("card_type_id") and t is not digital
               and str(t.get("prefix") or "") and number.startswith(str(t["prefix"]))
               and len(number) > len(str(t["prefix"]))]
    return max(matches, key=lambda t: len(str(t["prefix"])), default=None)


# --- the overview's cards ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CardsSummary:
    """What the overview shows of the cards: the main card, and whether to offer a digital card."""

    main_card: Card | None
    offer_digital_card: bool  # no valid card, and the project gives digital cards


def valid_cards(*, auth: dict):
    """A page of the customer's valid cards (getSubCustomerCards), cached briefly for this session
    until its next write (portal/carecloud/customer_cache.py). ``auth``: customer_auth(session), so
    it can be read at once with the overview's other reads."""
    return customer_cache.cached(token=auth["token"], name="valid-cards", fetch=lambda: resources.customer_cards(
        **auth, is_valid=True, count=5))


def cards_summary(cards_page, card_types: list[dict] | None) -> CardsSummary:
    """The overview's cards from ``valid_cards`` and the card types (either may be None: unread)."""
    items = [c for c in (cards_page.items if cards_page else []) if isinstance(c, dict)]
    main = None
    if items:
        usable = [c for c in items if c.get("state") == 1] or items
        main = shape_card(usable[0], reference.names(card_types, "card_type_id"))
    offer = cards_page is not None and not any(card_is_usable(c) for c in items) \
        and digital_card_type(card_types) is not None
    return CardsSummary(main_card=main, offer_digital_card=offer)
