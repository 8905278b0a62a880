"""Reads for the loyalty pages: one selector per page, keyword-only, named ``<entity>_<action>``.

A selector calls the thin ``resources`` wrappers (one CareCloud operation each, never the same
operation twice per page), fetches only what its page shows, and returns plain data the template
renders: CareCloud's timestamps parsed into dates, codes paired with human labels, every optional
field of the spec allowed to be missing.

The customer's token and id come from the ``CustomerSession`` the view passes in, never from a URL.
Secondary panels (a dashboard tile, a label lookup) degrade to "not available" when their call
fails; a page's own data lets the error reach the middleware (login, 404 or 503 page).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.session import CustomerSession, customer_auth
from portal.cards.selectors import shape_card
from portal.carecloud import customer_cache, reference, resources
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import (
    CONSENT_VALUES,
    GENDERS,
    address_lines,
    https_url,
    localized,
    to_date,
    to_datetime,
    to_number,
)
from portal.rewards.shaping import shape_reward, with_progress

from . import properties

log = logging.getLogger(__name__)

DASHBOARD_REWARDS = 3

# The deprecated ``agreement`` structure, for projects that do not send ``consents`` yet: its three
# fields are the three consents every project has, known in GET /agreements by these text ids.
LEGACY_AGREEMENT_TEXT_IDS = {
    "gtc": "agreement_gtc",
    "profiling": "agreement_profiling",
    "marketing_communication": "agreement_marketing_communication",
}
LEGACY_AGREEMENTS = {
    "agreement_gtc": _("Processing of personal data"),
    "agreement_marketing_communication": _("Marketing communication"),
    "agreement_profiling": _("Profiling"),
}


# --- reads shared by the pages ---------------------------------------------------------------------


def _mine(auth: dict, name: str, fetch: Callable[[], Any]) -> Any:
    """A read of the customer's own rarely-changing data for the overview, cached briefly for this
    session until its next write (portal/carecloud/customer_cache.py)."""
    return customer_cache.cached(token=auth["token"], name=name, fetch=fetch)


# --- shaping records -------------------------------------------------------------------------------


# --- selectors -------------------------------------------------------------------------------------


def dashboard_for_customer(*, session: CustomerSession) -> dict:
    """Greeting, tier and progress, points and expiring points, the main card, the count of valid
    vouchers and a few rewards to aim for. The reads are independent, so they run at once."""
    auth = customer_auth(session)
    token = session.token
    reads = concurrently(
        customer=lambda: _mine(auth, "record", lambda: resources.customer_get(**auth)),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
        expiration=lambda: optional("points expiration", lambda: resources.wallet_points_expiration(**auth)),
        cards=lambda: optional("cards", lambda: _mine(auth, "valid-cards", lambda: resources.customer_cards(
            **auth, is_valid=True, count=5))),
        vouchers=lambda: optional("vouchers", lambda: resources.customer_vouchers(
            **auth, is_valid=True, is_applied=False, count=1)),
        rewards=lambda: optional("rewards", lambda: resources.customer_rewards(
            **auth, is_valid=True, count=DASHBOARD_REWARDS)),
        card_types=lambda: optional("card types", lambda: reference.card_types(token=token)),
        tier=lambda: _tier(auth),
    )
    info = reads["customer"].get("personal_information") or {}
    points, expiration = reads["points"], reads["expiration"]
    cards_page, vouchers_page, rewards_page = reads["cards"], reads["vouchers"], reads["rewards"]
    balance = to_number((points or {}).get("available_points"))

    main_card = None
    if cards_page and cards_page.items:
        usable = [c for c in cards_page.items if c.get("state") == 1] or cards_page.items
        main_card = shape_card(usable[0], reference.names(reads["card_types"], "card_type_id"))

    return {
        "first_name": info.get("first_name") or "",
        "salutation": info.get("salutation") or "",
        "tier": reads["tier"],
        "points": balance,
        "points_available": points is not None,
        "expiring_amount": to_number((expiration or {}).get("next_amount")),
        "expiring_date": to_date((expiration or {}).get("next_date")),
        "main_card": main_card,
        "cards_available": cards_page is not None,
        "valid_vouchers": vouchers_page.total if vouchers_page is not None else None,
        "rewards": [with_progress(shape_reward(r), balance) for r in (rewards_page.items if rewards_page else [])],
        "rewards_available": rewards_page is not None,
    }


def _tier(auth: dict) -> dict | None:
    """The customer's current status and progress to the next one (getSubCustomerStatus +
    getStatuses for names and qualification points); None where the project has no statuses."""
    records = optional("status records", lambda: _mine(auth, "status-now", lambda: resources.customer_status_records(
        **auth, valid_now=True, count=5)))
    if not records or not records.items:
        return None
    record = next((r for r in records.items if r.get("state") == 1), records.items[0])
    statuses = optional("statuses", lambda: reference.statuses(token=auth["token"]))
    by_id = {str(s.get("status_id")): s for s in statuses or [] if isinstance(s, dict) and s.get("status_id")}
    current = by_id.get(str(record.get("status_id"))) or {}
    conditions = record.get("purchase_conditions") or {}
    next_id = conditions.get("next_status_id") or current.get("next_status") or ""
    following = by_id.get(str(next_id)) if next_id else None
    missing = to_number(conditions.get("next_status_points"))
    needed = to_number((following or {}).get("qualification_points"))
    progress = None
    if missing is not None and needed:
        progress = max(0, min(100, round((needed - missing) / needed * 100)))
    return {
        "name": current.get("name") or "",
        "description": current.get("description") or "",
        "valid_to": to_datetime(record.get("valid_to")),
        "next_name": (following or {}).get("name") or "",
        "next_points_missing": missing if following else None,
        "next_points_needed": needed,
        "progress": progress if following else None,
    }


def profile_for_customer(*, session: CustomerSession) -> dict:
    """The customer record with human labels for its codes (gender, consents, country, language,
    store), and the customer's interests and answers to the project's questions (secondary panels:
    None when they cannot be read). The reads are independent, so they run at once."""
    token = session.token
    auth = customer_auth(session)
    reads = concurrently(
        customer=lambda: resources.customer_get(**auth),
        interest_records=lambda: optional("interest records", lambda: resources.customer_interest_records(**auth)),
        interests=lambda: optional("interests", lambda: reference.interests(token=token)),
        property_records=lambda: optional("property records",
                                           lambda: resources.customer_property_records(**auth)),
        definitions=lambda: optional("customer properties", lambda: reference.customer_properties(token=token)),
    )
    customer = reads["customer"]
    info = customer.get("personal_information") or {}
    address = info.get("address") if isinstance(info.get("address"), dict) else {}

    country_code = str(address.get("country_code") or "")
    country_name = ""
    if country_code:
        countries = optional("countries", lambda: reference.countries(token=token))
        country_name = reference.names(countries, "country_id").get(country_code) or country_name

    store_id = str(info.get("store_id") or "")
    store_name = ""
    if store_id:
        stores = optional("stores", lambda: reference.stores(token=token))
        store_name = reference.names(stores, "store_id").get(store_id, "")

    language_id = str(info.get("language_id") or "")

    return {
        "customer_id": customer.get("customer_id") or "",
        "salutation": info.get("salutation") or "",
        "pre_nominals": info.get("pre_nominals") or "",
        "first_name": info.get("first_name") or "",
        "last_name": info.get("last_name") or "",
        "post_nominals": info.get("post_nominals") or "",
        "gender": GENDERS.get(info.get("gender"), "") if isinstance(info.get("gender"), int) else "",
        "birthdate": to_date(info.get("birthdate")),
        "email": info.get("email") or "",
        # CareCloud's phone numbers are digits with the country prefix (420...); the template adds
        # the "+", so one a project stores with it must not get two.
        "phone": str(info.get("phone") or "").strip().lstrip("+").strip(),
        "photo_url": https_url(info.get("photo_url")),
        "address_lines": address_lines(address),
        "country_code": country_code,
        "country_name": country_name,
        "language_id": language_id,
        "language_name": language_name(language_id) if language_id else "",
        "store_name": store_name,
        "consents": _consents(info, token),
        "interests": _interest_names(reads["interest_records"], reads["interests"]),
        "properties": _property_answers(reads["property_records"], reads["definitions"]),
    }


def language_name(code: str) -> str:
    """A language's name in the active language ("" for a code Django does not know)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return ""


def _interest_names(records: list[dict] | None, interests: list[dict] | None) -> list[str] | None:
    """Names of the customer's interests in the project's order (None when unknown)."""
    if records is None or interests is None:
        return None
    chosen = {str(r.get("interest_id")) for r in records if isinstance(r, dict)}
    return [localized(i.get("name")) for i in interests
            if isinstance(i, dict) and str(i.get("interest_id")) in chosen and i.get("name")]


def _property_answers(records: list[dict] | None, raw_definitions: list[dict] | None) -> list[dict] | None:
    """The customer's answers (name and value as text) in the project's order of the questions
    (None when unknown)."""
    if records is None or raw_definitions is None:
        return None
    by_property = properties.records_by_property(records)
    answers = []
    for definition in properties.definitions(raw_definitions):
        record = by_property.get(definition.property_id)
        value = properties.display(definition, record.get("property_value")) if record else ""
        if value:
            answers.append({"name": definition.name, "value": value})
    return answers


# --- the profile's forms: what each needs to be drawn (choices) and the customer's current data --------


def _profile_option_reads(token: str) -> dict:
    return {
        "languages": lambda: reference.languages(),
        "countries": lambda: reference.countries(token=token),
        "stores": lambda: reference.stores(token=token),
        "consents": lambda: reference.consents(token=token),
    }


def profile_form_options(*, session: CustomerSession) -> dict:
    """The choices of the profile form (cached reference data, read at once): the languages the
    project writes to customers in, countries, stores and consents."""
    return concurrently(**_profile_option_reads(session.token))


def profile_form_data(*, session: CustomerSession) -> dict:
    """The profile form's choices and the customer record as CareCloud has it now (PUT sends it
    back whole)."""
    auth = customer_auth(session)
    return concurrently(**_profile_option_reads(session.token), customer=lambda: resources.customer_get(**auth))


def interests_form_options(*, session: CustomerSession) -> dict:
    """Every interest a customer can choose."""
    return {"interests": reference.interests(token=session.token)}


def interests_form_data(*, session: CustomerSession) -> dict:
    """Every interest, and the customer's interest records now."""
    auth = customer_auth(session)
    return concurrently(interests=lambda: reference.interests(token=session.token),
                        records=lambda: resources.customer_interest_records(**auth))


def properties_form_options(*, session: CustomerSession) -> dict:
    """The project's customer properties (the questions)."""
    return {"definitions": properties.definitions(reference.customer_properties(token=session.token))}


def properties_form_data(*, session: CustomerSession) -> dict:
    """The project's customer properties and the customer's property records now."""
    auth = customer_auth(session)
    reads = concurrently(definitions=lambda: reference.customer_properties(token=session.token),
                         records=lambda: resources.customer_property_records(**auth))
    return {"definitions": properties.definitions(reads["definitions"]), "records": reads["records"]}


def _consents(info: dict, token: str) -> list[dict]:
    consents = [c for c in (info.get("consents") or []) if isinstance(c, dict) and c.get("consent_id")]
    if consents:
        names = reference.names(optional("consents", lambda: reference.consents(token=token)), "agreement_id")
        return [{
            "name": names.get(str(c["consent_id"])) or _("Consent"),
            "value": c.get("consent_value"),
            "label": CONSENT_VALUES.get(c.get("consent_value"), CONSENT_VALUES[2]),
            "last_change": to_datetime(c.get("last_change")),
        } for c in consents]
    agreement = info.get("agreement") if isinstance(info.get("agreement"), dict) else {}
    rows = [{"name": label, "value": agreement.get(key), "label": CONSENT_VALUES.get(agreement.get(key),
                                                                                       CONSENT_VALUES[2]),
             "last_change": None} for key, label in LEGACY_AGREEMENTS.items() if key in agreement]
    custom = [c for c in (agreement.get("custom_agreements") or []) if isinstance(c, dict)]
    if custom:
        names = reference.names(optional("consents", lambda: reference.consents(token=token)), "agreement_id")
        rows += [{"name": names.get(str(c.get("agreement_id"))) or _("Consent"), "value": c.get("agreement_value"),
                  "label": CONSENT_VALUES.get(c.get("agreement_value"), CONSENT_VALUES[2]), "last_change": None}
                 for c in custom]
    return rows


def consent_values(info: dict, consents: list[dict] | None) -> dict[str, int]:
    """The customer's answer to each consent by consent id: from ``consents``, or for a record that
    has only the deprecated ``agreement``, from its three fields (by the consents' text ids) and
    its custom agreements. A consent never answered is missing."""
    values = {str(c["consent_id"]): c.get("consent_value") for c in info.get("consents") or []
              if isinstance(c, dict) and c.get("consent_id")}
    agreement = info.get("agreement")
    if values or not isinstance(agreement, dict):
        return values
    for consent in consents or []:
        field = LEGACY_AGREEMENT_TEXT_IDS.get(str(consent.get("text_id") or "")) if isinstance(consent, dict) else None
        if field and field in agreement and consent.get("agreement_id"):
            values[str(consent["agreement_id"])] = agreement[field]
    values.update({str(a["agreement_id"]): a.get("agreement_value") for a in agreement.get("custom_agreements") or []
                   if isinstance(a, dict) and a.get("agreement_id")})
    return values


