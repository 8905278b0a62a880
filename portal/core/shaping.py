"""CareCloud's records shaped for templates: the small pure functions every member page shares with
the others and with the campaign pages (numbers, dates, safe URLs, paging, addresses, names in the
page's language, the labels of the customer record's codes). No CareCloud calls here: selectors
read, this module shapes what they read. What only one feature shapes stays in that feature (a
reward's shape: portal/rewards/shaping.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import babel
import babel.numbers
import phonenumbers
from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .converters import CareCloudIdConverter

GENDERS = {
    1: _("Male"),
    2: _("Female"),
    3: _("Miss"),
    4: _("Prefer not to say"),
    5: _("Other"),
}
CONSENT_VALUES = {
    1: _("Given"),
    0: _("Withdrawn"),
    2: pgettext_lazy("consent", "Not given"),  # never given: left unticked at registration, or never asked
}

# Languages CareCloud projects name differently from ISO 639-1 (the spec's own example names an
# item '{"en":"evening","cz":"vecer"}').
LANGUAGE_ALIASES = {"cs": ("cs", "cz"), "en": ("en", "gb")}


def page_number(value: Any) -> int:
    """``?page=`` as a positive integer; anything else is page 1."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 10_000 else 1


@dataclass(frozen=True)
class Pagination:
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def is_paginated(self) -> bool:
        return self.pages > 1 or self.number > 1


def to_datetime(value: Any) -> datetime | None:
    """A CareCloud timestamp (``YYYY-MM-DD HH:MM:SS`` or ISO-8601, local time) as a datetime."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)  # CareCloud's times are in the project's local zone
    return parsed


def to_date(value: Any) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return parse_date(value.strip()[:10])
    except ValueError:
        return None


def to_number(value: Any) -> int | float | None:
    """A CareCloud number (points are floats there); whole ones as int, so that plural forms
    ("1 bod", "3 body", "5 bodů") are chosen for an integer and "1,5 bodu" stays fractional."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


def https_url(url: Any) -> str:
    """A URL from CareCloud to put in ``src``/``href``: only http(s), never ``javascript:`` etc."""
    url = url.strip() if isinstance(url, str) else ""
    return url if url.lower().startswith(("https://", "http://")) else ""


URL_ID = re.compile(CareCloudIdConverter.regex)  # an id a page's URL can carry (``ccid``)


def address_lines(address: dict) -> list[str]:
    street = " ".join(str(address.get(k) or "") for k in ("address1",) if address.get(k))
    numbers = "/".join(str(address.get(k)) for k in ("address2", "address3") if address.get(k))
    lines = [" ".join(part for part in (street, numbers) if part)]
    lines += [str(address.get(k)) for k in ("address4", "address5", "address6", "address7") if address.get(k)]
    lines.append(" ".join(str(address.get(k)) for k in ("zip", "city") if address.get(k)))
    return [line for line in lines if line.strip()]


def localized(value: Any, language: str | None = None) -> str:
    """A name as the active language reads it. CareCloud gives names as plain text, but a
    property item's name may be a JSON object of translations, as an object or as a string
    (``'{"en":"evening","cz":"vecer"}'``): pick the language, then the project's default, then
    English, then any."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.startswith("{") and text.endswith("}")):
            return value
        try:
            value = json.loads(text)
        except ValueError:
            return value
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    default = settings.LANGUAGE_CODE.split("-")[0].lower()
    for code in (language, default, "en"):
        for key in LANGUAGE_ALIASES.get(code, (code,)):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key]
    return next((text for text in value.values() if isinstance(text, str) and text.strip()), "")


def readable_phone(value) -> str:
    """A phone number as people read it, grouped the way its country writes it ("+420 777 123
    456"; phonenumbers, Google's libphonenumber data). CareCloud keeps digits with the country
    prefix (420777123456), with or without a "+"; a number it cannot place is shown as stored,
    with one "+"."""
    digits = str(value or "").strip().lstrip("+").strip()
    if not digits:
        return ""
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return "+" + digits
    if not phonenumbers.is_possible_number(number):
        return "+" + digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _numbers_locale() -> babel.Locale:
    """The locale whose data writes the active language's numbers (Babel's)."""
    language = {"cs": "cs_CZ", "en": "en_GB"}.get((translation.get_language() or "en").split("-")[0], "en_GB")
    return babel.Locale.parse(language)


def money(value, currency: str | None = None) -> str:
    """An amount with its currency, written the way the active language writes money (Babel's
    locale data): "59 Kč", "86,50 Kč" in Czech; "CZK 59", "€86.50" in English. Whole amounts
    without decimals. ``currency``: an ISO 4217 code, by default the project's
    (``PORTAL_CURRENCY``). "" for no amount."""
    number = to_number(value)
    if number is None:
        return ""
    code = (currency or settings.PORTAL_CURRENCY or "").strip().upper()
    locale = _numbers_locale()
    pattern = locale.currency_formats["standard"].pattern
    if float(number).is_integer():
        pattern = pattern.replace("0.00", "0")
    try:
        symbol = babel.numbers.get_currency_symbol(code, locale)
    except Exception:  # an unknown code is written as it is
        symbol = code
    if pattern.startswith("¤") and symbol[-1:].isalpha():
        pattern = pattern.replace("¤", "¤\xa0", 1)  # "CZK 59", not "CZK59"
    return babel.numbers.format_currency(number, code, format=pattern, locale=locale, currency_digits=False)


def percent(value) -> str:
    """A number of percent (15 is fifteen per cent: CareCloud's value of a percentage discount),
    written the way the active language writes a percentage (Babel's locale data): "15 %",
    "12,5 %" in Czech; "15%", "12.5%" in English. Whole numbers without decimals, others with up to
    two. "" for no number."""
    number = to_number(value)
    if number is None:
        return ""
    fraction = Decimal(str(round(number, 2))) / 100
    return babel.numbers.format_percent(fraction, locale=_numbers_locale(), decimal_quantization=False)
