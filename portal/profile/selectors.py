"""Reads for the profile pages: the profile page (the customer record with human labels for its
codes, the customer's interests and answers) and what the profile's forms are drawn from (their
choices and the customer's current data). One selector per page or form, keyword-only, named
``<entity>_<action>``.

The customer's token and id come from the ``CustomerSession`` the view passes in, never from a URL.
The profile page's secondary panels (a label lookup, the interests, the answers) degrade to "not
available" when their call fails; the customer record itself lets the error reach the middleware
(login, 404 or 503 page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.aboutyou.selectors import PropertyAnswer, property_answers
from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import reference, resources
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import CONSENT_VALUES, GENDERS, address_lines, https_url, localized, to_date, to_datetime

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


@dataclass(frozen=True)
class Consent:
    """One of the customer's consents as the profile page lists it."""

    name: str
    value: int | None  # 1 given, 0 withdrawn, 2 (or missing) never answered
    label: str
    last_change: datetime | None


@dataclass(frozen=True)
class Profile:
    """The customer record as the profile page shows it: codes with human labels, every optional
    field of the spec allowed to be missing ("" or None)."""

    customer_id: str
    salutation: str
    pre_nominals: str
    first_name: str
    last_name: str
    post_nominals: str
    gender: str
    birthdate: date | None
    email: str
    phone: str  # digits with the country prefix; the template adds the "+"
    photo_url: str
    address_lines: tuple[str, ...]
    country_code: str
    country_name: str
    language_id: str
    language_name: str
    store_name: str
    consents: tuple[Consent, ...]
    interests: tuple[str, ...] | None  # None: they could not be read
    properties: tuple[PropertyAnswer, ...] | None  # "About you"; None: they could not be read


def profile_for_customer(*, session: CustomerSession) -> Profile:
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

    return Profile(
        customer_id=customer.get("customer_id") or "",
        salutation=info.get("salutation") or "",
        pre_nominals=info.get("pre_nominals") or "",
        first_name=info.get("first_name") or "",
        last_name=info.get("last_name") or "",
        post_nominals=info.get("post_nominals") or "",
        gender=GENDERS.get(info.get("gender"), "") if isinstance(info.get("gender"), int) else "",
        birthdate=to_date(info.get("birthdate")),
        email=info.get("email") or "",
        # CareCloud's phone numbers are digits with the country prefix (420...); the template adds
        # the "+", so one a project stores with it must not get two.
        phone=str(info.get("phone") or "").strip().lstrip("+").strip(),
        photo_url=https_url(info.get("photo_url")),
        address_lines=tuple(address_lines(address)),
        country_code=country_code,
        country_name=country_name,
        language_id=language_id,
        language_name=language_name(language_id) if language_id else "",
        store_name=store_name,
        consents=_consents(info, token),
        interests=_interest_names(reads["interest_records"], reads["interests"]),
        properties=property_answers(reads["property_records"], reads["definitions"]),
    )


def language_name(code: str) -> str:
    """A language's name in the active language ("" for a code Django does not know)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return ""


def _interest_names(records: list[dict] | None, interests: list[dict] | None) -> tuple[str, ...] | None:
    """Names of the customer's interests in the project's order (None when unknown)."""
    if records is None or interests is None:
        return None
    chosen = {str(r.get("interest_id")) for r in records if isinstance(r, dict)}
    return tuple(localized(i.get("name")) for i in interests
                 if isinstance(i, dict) and str(i.get("interest_id")) in chosen and i.get("name"))


def _consents(info: dict, token: str) -> tuple[Consent, ...]:
    """The customer's consents named from the project's list: from ``consents``, or for a record
    that has only the deprecated ``agreement``, its three fields and its custom agreements."""
    consents = [c for c in (info.get("consents") or []) if isinstance(c, dict) and c.get("consent_id")]
    if consents:
        names = reference.names(optional("consents", lambda: reference.consents(token=token)), "agreement_id")
        return tuple(Consent(
            name=names.get(str(c["consent_id"])) or _("Consent"),
            value=c.get("consent_value"),
            label=CONSENT_VALUES.get(c.get("consent_value"), CONSENT_VALUES[2]),
            last_change=to_datetime(c.get("last_change")),
        ) for c in consents)
    agreement = info.get("agreement") if isinstance(info.get("agreement"), dict) else {}
    rows = [Consent(name=label, value=agreement.get(key), label=CONSENT_VALUES.get(agreement.get(key),
                                                                                  CONSENT_VALUES[2]),
                    last_change=None) for key, label in LEGACY_AGREEMENTS.items() if key in agreement]
    custom = [c for c in (agreement.get("custom_agreements") or []) if isinstance(c, dict)]
    if custom:
        names = reference.names(optional("consents", lambda: reference.consents(token=token)), "agreement_id")
        rows += [Consent(name=names.get(str(c.get("agreement_id"))) or _("Consent"), value=c.get("agreement_value"),
                         label=CONSENT_VALUES.get(c.get("agreement_value"), CONSENT_VALUES[2]), last_change=None)
                 for c in custom]
    return tuple(rows)


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
