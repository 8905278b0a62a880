"""Project-wide reference data (statuses, card types, stores, countries, consents...), the same for
every customer: read through ``resources`` and cached per language, so that pages and forms do not
ask CareCloud for it on every view. A failed read is never cached.

Lists are read whole, within the client's paging ceilings (``CARECLOUD_MAX_PAGES``/``_ITEMS``),
once per language and ``REFERENCE_TTL``: a page needing one name looks it up in the cached map.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from django.core.cache import cache
from django.utils import translation

from . import resources

REFERENCE_TTL = 600  # seconds: reference data changes rarely, and a stale name for minutes is harmless
_KEY_VERSION = "v3"  # bump when the shape of a cached value changes

T = TypeVar("T")


def cached(name: str, fetch: Callable[[], T], *, timeout: int = REFERENCE_TTL) -> T:
    """``fetch()``, cached per active language under ``name`` for ``timeout`` seconds."""
    key = f"carecloud:reference:{_KEY_VERSION}:{name}:{translation.get_language()}"
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


def consents(*, token: str) -> list[dict]:
    return cached("consents", lambda: resources.consents(token=token))


def countries(*, token: str) -> list[dict]:
    return cached("countries", lambda: resources.countries(token=token))


def stores(*, token: str) -> list[dict]:
    return cached("stores", lambda: resources.stores(token=token))


def languages(*, token: str) -> list[dict]:
    """The languages the project writes to its customers in (a customer's preferred language)."""
    return cached("languages:customer-communication",
                  lambda: resources.languages(token=token, list_type="customer-communication"))


def interests(*, token: str) -> list[dict]:
    return cached("interests", lambda: resources.interests(token=token))


def customer_properties(*, token: str) -> list[dict]:
    return cached("customer-properties", lambda: resources.customer_properties(token=token))
