"""Reads for the staff pages: finding customers through the enterprise interface."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.carecloud import enterprise

from .models import CustomerSearch

# A short list to pick from: a search that finds more asks for a narrower one.
SEARCH_LIMIT = 10
ACTIVE = 1


@dataclass(frozen=True)
class CustomerMatch:
    customer_id: str
    name: str
    email: str
    phone: str
    birthdate: str
    active: bool
    card_numbers: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, customer: dict, card_numbers: tuple[str, ...] = ()) -> CustomerMatch:
        info = customer.get("personal_information") or {}
        name = " ".join(part for part in (info.get("first_name"), info.get("last_name")) if part)
        return cls(
            customer_id=str(customer.get("customer_id") or ""),
            name=name,
            email=str(info.get("email") or ""),
            phone=str(info.get("phone") or ""),
            birthdate=str(info.get("birthdate") or ""),
            active=customer.get("state", ACTIVE) == ACTIVE,
            card_numbers=card_numbers,
        )


@dataclass(frozen=True)
class SearchResult:
    matches: list[CustomerMatch] = field(default_factory=list)
    more: bool = False  # CareCloud found more than the short list shows


def customers_find(*, kind: str, query: str) -> SearchResult:
    """Customers by e-mail, phone (with its country prefix), name ("first last", or a last name
    alone) or card number, as the search form cleaned them; at most SEARCH_LIMIT."""
    cards: dict[str, tuple[str, ...]] = {}
    if kind == CustomerSearch.Kind.CARD:
        found = enterprise.cards(card_number=query, count=SEARCH_LIMIT)
        for card in found.items:
            if card.get("customer_id"):
                cards.setdefault(str(card["customer_id"]), ())
                cards[str(card["customer_id"])] += (str(card.get("card_number") or query),)
        if not cards:
            return SearchResult()
        filters: dict = {"customer_ids[]": list(cards)}
    elif kind == CustomerSearch.Kind.NAME:
        first, _, last = query.partition(" ")
        filters = {"first_name": first, "last_name": last} if last else {"last_name": first}
    else:
        filters = {str(kind): query}
    page = enterprise.customers(count=SEARCH_LIMIT, **filters)
    matches = [CustomerMatch.from_api(customer, cards.get(str(customer.get("customer_id")), ()))
               for customer in page.items if isinstance(customer, dict) and customer.get("customer_id")]
    return SearchResult(matches=matches[:SEARCH_LIMIT], more=page.has_next)
