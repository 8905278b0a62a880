"""Reads for the cards pages: every card of the customer, the cards to show at the till, and one
card shaped as the pages show it (the overview's main card too).

A card's type is named from the project's card types (reference data; without them the card still
shows). The customer's token and id come from the ``CustomerSession`` the view passes in, never
from a URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import reference, resources
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


def cards_for_customer(*, session: CustomerSession) -> list[Card]:
    """Every card of the customer (usable ones first) with its type's name."""
    items = [card for card in resources.customer_cards_every(**customer_auth(session)) if isinstance(card, dict)]
    if not items:
        return []
    types = reference.names(optional("card types", lambda: reference.card_types(token=session.token)),
                            "card_type_id")
    cards = [shape_card(card, types) for card in items if card.get("card_number")]
    return sorted(cards, key=lambda card: not card.is_usable)


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
