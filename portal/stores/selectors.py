"""Reads of the store finder: the stores shown to customers (``visible_for_customer``, reference
data cached per language) and the customer's record (its home store), read at once; and their
shaping for the page: address, opening hours now and for the week, phone, a map link.

The member's home store comes first, the rest by city (the order without JavaScript;
``static/js/portal.js`` re-sorts them by distance when the browser may tell where the member is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.utils import timezone

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import customer_cache, reference, resources
from portal.carecloud.reads import concurrently, optional

from .hours import Hours, hours_at

# Phone numbers come as digits with the international prefix ("420224810330"): prefixes whose
# national numbers are read in groups of three.
GROUPED_PREFIXES = ("420", "421")


@dataclass(frozen=True)
class Store:
    store_id: str
    name: str
    street: str
    city: str  # "120 00 Praha 2"
    city_name: str  # what the page sorts by
    phone: str  # "+420 224 810 330"
    phone_href: str  # "tel:+420224810330"
    email: str
    web: str
    description: str
    latitude: float | None
    longitude: float | None
    map_url: str
    hours: Hours
    is_home: bool


def format_phone(digits) -> tuple[str, str]:
    """CareCloud's phone number (digits with the international prefix) for reading, and for a
    ``tel:`` link; ("", "") when there is none."""
    digits = "".join(c for c in str(digits or "") if c.isdigit())
    if not digits:
        return "", ""
    href = f"tel:+{digits}"
    for prefix in GROUPED_PREFIXES:
        if digits.startswith(prefix) and len(digits) == len(prefix) + 9:
            national = digits[len(prefix):]
            return f"+{prefix} {national[:3]} {national[3:6]} {national[6:]}", href
    return f"+{digits}", href


def map_url(latitude: float | None, longitude: float | None) -> str:
    """A plain link to OpenStreetMap at the store (nothing of a map is loaded by the portal)."""
    if latitude is None or longitude is None:
        return ""
    query = urlencode({"mlat": f"{latitude:.5f}", "mlon": f"{longitude:.5f}"})
    return f"https://www.openstreetmap.org/?{query}#map=17/{latitude:.5f}/{longitude:.5f}"


def _coordinate(value, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if -limit <= number <= limit else None


def _street(address: dict) -> str:
    """"Vinohradská 1233/48": the street, then the land-registry and house numbers."""
    numbers = "/".join(str(address[key]) for key in ("address2", "address3") if address.get(key))
    return " ".join(part for part in (str(address.get("address1") or "").strip(), numbers) if part)


def _postcode(value) -> str:
    value = str(value or "").strip()
    return f"{value[:3]} {value[3:]}" if len(value) == 5 and value.isdigit() else value


def shape_store(store: dict, *, home_id: str, now: datetime) -> Store:
    address = store.get("store_address") if isinstance(store.get("store_address"), dict) else {}
    gps = store.get("gps_coordinates") if isinstance(store.get("gps_coordinates"), dict) else {}
    latitude, longitude = _coordinate(gps.get("gps_latitude"), 90), _coordinate(gps.get("gps_longitude"), 180)
    if latitude == 0 and longitude == 0:  # the spec's example value: no position
        latitude = longitude = None
    phone, phone_href = format_phone(store.get("phone_number"))
    city_name = str(address.get("city") or "").strip()
    web = str(store.get("url_address") or "").strip()
    if web and not web.startswith(("https://", "http://")):
        web = f"https://{web}"
    return Store(
        store_id=str(store.get("store_id") or ""),
        name=str(store.get("name") or ""),
        street=_street(address),
        city=" ".join(part for part in (_postcode(address.get("zip")), city_name) if part),
        city_name=city_name,
        phone=phone,
        phone_href=phone_href,
        email=str(store.get("contact_email") or ""),
        web=web,
        description=str(store.get("short_description") or ""),
        latitude=latitude,
        longitude=longitude,
        map_url=map_url(latitude, longitude),
        hours=hours_at(store.get("opening"), now),
        is_home=bool(home_id) and str(store.get("store_id")) == home_id,
    )


def home_store_id(customer: dict | None) -> str:
    info = (customer or {}).get("personal_information")
    return str(info.get("store_id") or "") if isinstance(info, dict) else ""


def store_finder(*, customer: dict | None, stores: list[dict], other_stores=None, now: datetime | None = None) -> dict:
    """The page: the home store first (even when it is not among the stores shown to customers:
    ``other_stores`` gives it then), the rest by city and name."""
    now = timezone.localtime(now) if now and timezone.is_aware(now) else (now or timezone.localtime())
    home_id = home_store_id(customer)
    listed = [store for store in stores or [] if isinstance(store, dict) and store.get("store_id")
              and store.get("state", 1) != 0]
    shaped = [shape_store(store, home_id=home_id, now=now) for store in listed]
    home = next((store for store in shaped if store.is_home), None)
    if home is None and home_id:
        found = next((store for store in other_stores or [] if isinstance(store, dict)
                      and str(store.get("store_id")) == home_id), None)
        home = shape_store(found, home_id=home_id, now=now) if found else None
    others = sorted((store for store in shaped if not store.is_home),
                    key=lambda store: (store.city_name.casefold(), store.city.casefold(), store.name.casefold()))
    return {"home": home, "home_id": home_id, "stores": ([home] if home else []) + others,
            "has_positions": any(store.latitude is not None for store in others)}


def stores_form_data(*, session: CustomerSession) -> dict:
    """What the page and its home-store form are drawn from: the customer's record and the stores
    shown to customers, read at once (and, only for a home store not shown to customers, every
    store, to name it)."""
    auth = customer_auth(session)
    reads = concurrently(
        customer=lambda: customer_cache.cached(token=auth["token"], name="record",
                                               fetch=lambda: resources.customer_get(**auth)),
        stores=lambda: reference.stores_visible(token=auth["token"]),
    )
    home_id = home_store_id(reads["customer"])
    listed = {str(store.get("store_id")) for store in reads["stores"] if isinstance(store, dict)}
    other = []
    if home_id and home_id not in listed:
        other = optional("stores", lambda: reference.stores(token=auth["token"]), [])
    return {**reads, "other_stores": other}


def stores_form_options(*, session: CustomerSession) -> dict:
    """The stores alone (the customer's record could not be read)."""
    return {"customer": None, "stores": reference.stores_visible(token=session.token), "other_stores": []}
