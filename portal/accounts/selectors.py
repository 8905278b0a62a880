"""Reads for the account forms: the choices of the registration form and the channels the
forgotten-password form can offer. Everything here is project-wide reference data, cached per
language (portal/carecloud/reference.py); a visitor who is not logged in gets a token of their own
only when the cache has to be filled."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import strip_tags

from portal.carecloud import CareCloudError, anonymous, reference

from . import services

log = logging.getLogger(__name__)

# The channels postTokenSendPasswordSetup can use, by GET /communication-channels text_id.
PASSWORD_SETUP_CHANNELS = ("email", "sms")


@dataclass(frozen=True)
class RegistrationChoices:
    """What the registration form offers, in the active language."""

    languages: list[tuple[str, str]] = field(default_factory=list)
    stores: list[tuple[str, str]] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)
    # {"id", "name", "text", "required"} per consent (GET /agreements, custom consents included)
    consents: list[dict] = field(default_factory=list)
    # the definitions of the required customer properties (GET /customer-properties)
    properties: list[dict] = field(default_factory=list)
    default_language: str = ""


def _sort_key(text: str) -> str:
    """Alphabetical the way a reader expects: Č beside C, not after Z."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch))


def _active(item: dict) -> bool:
    return item.get("state") in (None, 1)


def language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code.upper()


def registration_choices(*, request: HttpRequest) -> RegistrationChoices:
    """The lists are cached per language; the visitor's token is made only to fill the cache."""
    return services.session_guest_call(request=request, call=_registration_choices)


def _registration_choices(token: reference.TokenSource) -> RegistrationChoices:
    language_ids = [str(item["language_id"]) for item in reference.languages()
                    if item.get("language_id") and _active(item)]
    languages = sorted(((code, language_name(code)) for code in language_ids), key=lambda pair: _sort_key(pair[1]))
    current = (translation.get_language() or "").split("-")[0]
    default = current if current in language_ids else (language_ids[0] if language_ids else "")

    stores = sorted(
        ((str(item["store_id"]), str(item.get("name") or item["store_id"])) for item in reference.stores(token=token)
         if item.get("store_id") and _active(item) and item.get("visibility_for_customer", 1) != 0),
        key=lambda pair: _sort_key(pair[1]),
    )
    countries = sorted(
        ((str(item["country_id"]).lower(), str(item.get("name") or item["country_id"]))
         for item in reference.countries(token=token) if item.get("country_id") and _active(item)),
        key=lambda pair: _sort_key(pair[1]),
    )
    required = {text_id.strip() for text_id in settings.PORTAL_REGISTRATION_REQUIRED_CONSENTS if text_id.strip()}
    consents = [
        {"id": str(item["agreement_id"]), "name": str(item.get("name") or ""),
         # CareCloud's consent texts are HTML written in its administration: shown as plain text.
         "text": " ".join(strip_tags(str(item.get("text") or "")).split()),
         "required": item.get("text_id") in required}
        for item in reference.consents(token=token) if item.get("agreement_id")
    ]
    properties = [item for item in reference.customer_properties(token=token)
                  if item.get("property_id") and item.get("is_required") is True and _active(item)]
    return RegistrationChoices(languages=languages, stores=stores, countries=countries, consents=consents,
                               properties=properties, default_language=default)


def password_setup_channels() -> list[str]:
    """The channels the forgotten-password form offers: those the settings allow that the project
    has (GET /communication-channels), e-mail first; e-mail alone when the list says nothing."""
    present = {item.get("text_id") for item in reference.communication_channels()}
    offered = [kind for kind in password_setup_channels_wanted() if kind in present]
    return offered or ["email"]


def password_setup_channels_wanted() -> list[str]:
    """The channels the settings allow, e-mail first (what the form offers when the project's list
    cannot be read)."""
    wanted = [kind.strip() for kind in settings.PORTAL_PASSWORD_SETUP_CHANNELS]
    return [kind for kind in PASSWORD_SETUP_CHANNELS if kind in wanted] or ["email"]


def login_card_prefixes() -> tuple[str, ...] | None:
    """The prefixes of the project's card types (GET /card-types, cached per language, read with the
    portal's anonymous token): a number typed into the login field is a card number when it starts
    with one. None when any number may be one: the card types cannot be read (the login then tries
    the number as a card all the same), or a card type has no prefix."""
    try:
        card_types = anonymous.read(lambda token: reference.card_types(token=token))
    except CareCloudError as error:
        log.warning("the card types could not be read for the login (%s): any number may be a card", error)
        return None
    prefixes = [str(item.get("prefix") or "").strip() for item in card_types if isinstance(item, dict)]
    if not prefixes or not all(prefixes):
        return None
    return tuple(prefixes)
