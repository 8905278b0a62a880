"""Project-wide reference data (statuses, card types, stores, countries, consents...), the same for
every customer: read through ``resources`` and cached per language, so that pages and forms do not
ask CareCloud for it on every view. A failed read is never cached.

Lists are read whole, within the client's paging ceilings (``CARECLOUD_MAX_PAGES``/``_ITEMS``),
once per language and ``REFERENCE_TTL``: a page needing one name looks it up in the cached map.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import translation

from . import resources

REFERENCE_TTL = 600  # seconds: reference data changes rarely, and a stale name for minutes is harmless
_KEY_VERSION = "v3"  # bump when the shape of a cached value changes

T = TypeVar("T")

# A token, or a function that makes one: a page of a visitor who is not logged in (registration)
# asks CareCloud for a token only when the cache has to be filled.
TokenSource = str | Callable[[], str]


def _token(token: TokenSource) -> str:
    return token() if callable(token) else token


def _key(name: str) -> str:
    return f"carecloud:reference:{_KEY_VERSION}:{name}:{translation.get_language()}"


def peek(name: str):
    """What is cached under ``name`` in the active language, or None: never asks CareCloud."""
    return cache.get(_key(name))


def cached(name: str, fetch: Callable[[], T], *, timeout: int = REFERENCE_TTL) -> T:
    """``fetch()``, cached per active language under ``name`` for ``timeout`` seconds."""
    key = _key(name)
    value = cache.get(key)
    if value is None:
        value = fetch()
        cache.set(key, value, timeout)
    return value


def names(items: list[dict] | None, id_field: str, name_field: str = "name") -> dict[str, str]:
    """``{id: name}`` of a reference list (records without an id are left out)."""
    return {str(item.get(id_field)): item.get(name_field) or "" for item in items or []
            if isinstance(item, dict) and item.get(id_field)}


def card_types(*, token: str) -> list[dict]:
    return cached("card-types", lambda: resources.card_types(token=token))


def statuses(*, token: str) -> list[dict]:
    return cached("statuses", lambda: resources.statuses(token=token))


def consents(*, token: TokenSource) -> list[dict]:
    return cached("consents", lambda: resources.consents(token=_token(token)))


def countries(*, token: TokenSource) -> list[dict]:
    return cached("countries", lambda: resources.countries(token=_token(token)))


def stores(*, token: TokenSource) -> list[dict]:
    return cached("stores", lambda: resources.stores(token=_token(token)))


# --- registration and forgotten password (accounts) ---------------------------------------------------


def languages(*, list_type: str = "customer-communication") -> list[dict]:
    """The languages CareCloud can write to customers in (public: no token)."""
    return cached(f"languages:{list_type}", lambda: resources.languages(list_type=list_type))


def communication_channels() -> list[dict]:
    """E-mail, SMS, push... with their ids (public: no token)."""
    return cached("communication-channels", resources.communication_channels)


def customer_properties(*, token: TokenSource) -> list[dict]:
    return cached("customer-properties", lambda: resources.customer_properties(token=_token(token)))


def interests(*, token: TokenSource) -> list[dict]:
    return cached("interests", lambda: resources.interests(token=_token(token)))


# --- stores and credits (issue 19) ----------------------------------------------------------------------


def stores_visible(*, token: TokenSource) -> list[dict]:
    """The stores shown to customers (``visible_for_customer=1``)."""
    return cached("stores:visible", lambda: resources.stores_visible(token=_token(token)))


def credit_types(*, token: TokenSource) -> list[dict]:
    """The project's credit types: an empty list means the project has no credits."""
    return cached("credit-types", lambda: resources.credit_types(token=_token(token)))
