"""The printable page of the data export: each section of the export (selectors.py) as a readable
table or list, with human labels for CareCloud's codes and ids, numbers and dates localized, and
the page's sections as HTML chunks to stream as the reads come in. Cells are plain, escaped text
in the templates; nothing of the data is marked safe."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.carecloud.exceptions import AuthenticationError, CareCloudError
from portal.core.shaping import CONSENT_VALUES, GENDERS, address_lines, readable_phone, to_date, to_datetime, to_number

from .selectors import SECTIONS, DataExport, ExportIncomplete

# CareCloud's communication channels (the messages' ``communication_channel_id``).
CHANNELS = {1: gettext_lazy("E-mail"), 2: gettext_lazy("Text message"), 4: gettext_lazy("Notification"),
            5: gettext_lazy("Notification")}

log = logging.getLogger(__name__)


def _when(value: Any) -> str:
    moment = to_datetime(value)
    if moment is not None and len(str(value).strip()) > 10:  # a time with an offset is shown in local time
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    day = to_date(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _number(value: Any) -> str:
    number = to_number(value)
    return "" if number is None else floatformat(number, "-2g")


def _language(code: Any) -> str:
    try:
        return translation.get_language_info(str(code))["name_translated"] if code else ""
    except KeyError:
        return str(code)


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value)


def _rows(items: Any) -> list[dict]:
    return [item for item in items or [] if isinstance(item, dict)]


def _table(columns: list[str], rows: list[list[str]]) -> dict:
    return {"columns": columns, "rows": rows}


def _customer(customer: dict, names: dict) -> dict:
    info = customer.get("personal_information") if isinstance(customer.get("personal_information"), dict) else {}
    address = info.get("address") if isinstance(info.get("address"), dict) else {}
    gender = info.get("gender")
    name = " ".join(_text(info.get(k)) for k in ("pre_nominals", "first_name", "last_name") if info.get(k))
    pairs = [
        # CareCloud's id of the account (a 26-character hex string), not a number the member knows
        (_("Account ID in CareCloud"), _text(customer.get("customer_id"))),
        (_("Name"), name + (f", {info['post_nominals']}" if info.get("post_nominals") else "")),
        (_("Salutation"), _text(info.get("salutation"))),
        (_("Gender"), str(GENDERS.get(gender, "")) if isinstance(gender, int) else ""),
        (_("Date of birth"), _when(info.get("birthdate"))),
        (_("E-mail"), _text(info.get("email"))),
        (_("Phone"), readable_phone(_text(info.get("phone")))),
        (_("Language"), _language(info.get("language_id"))),
        (_("Home store"), names.get("stores", {}).get(_text(info.get("store_id")), _text(info.get("store_id")))),
        (_("Address"), ", ".join(address_lines(address) + ([address["country_code"].upper()]
                                                          if address.get("country_code") else []))),
    ]
    return {"pairs": [(label, value) for label, value in pairs if value]}


def _consent_rows(consents: list, names: dict) -> dict:
    rows = []
    for consent in _rows(consents):
        if "consent_id" in consent:
            value = consent.get("consent_value")
            # A consent never given has no date worth showing: its last_change is the record's.
            rows.append([names.get("consents", {}).get(_text(consent["consent_id"])) or _("Consent"),
                         str(CONSENT_VALUES.get(value, CONSENT_VALUES[2])),
                         _when(consent.get("last_change")) if value in (0, 1) else ""])
        else:  # the deprecated agreement structure: one row per agreement_* key
            for key, value in consent.items():
                if key.startswith("agreement_") and isinstance(value, int):
                    rows.append([key.removeprefix("agreement_").replace("_", " "),
                                 str(CONSENT_VALUES.get(value, CONSENT_VALUES[2])), ""])
    return _table([_("Consent"), _("Value"), _("Changed")], rows)


def _points(points: dict) -> dict:
    overview = points.get("overview") if isinstance(points.get("overview"), dict) else {}
    expiration = points.get("expiration") if isinstance(points.get("expiration"), dict) else {}
    pairs = [
        (_("Available"), _number(overview.get("available_points"))),
        (_("Earned"), _number(overview.get("earned_points"))),
        (_("Redeemed"), _number(overview.get("redeemed_points"))),
    ]
    if to_number(expiration.get("next_amount")) and expiration.get("next_date"):
        pairs.append((_("Next to expire"), f"{_number(expiration['next_amount'])} ({_when(expiration['next_date'])})"))
    return {"pairs": [(label, value) for label, value in pairs if value]}


def _property_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(item.get("name") or item.get("id")) if isinstance(item, dict) else _text(item)
                         for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float):
        return _number(value)
    return _text(value)


def _purchase_items(items: list) -> str:
    parts = []
    for item in _rows(items):
        amount = to_number(item.get("amount"))
        name = _text(item.get("product_name")) or _text(item.get("product_id"))
        parts.append(f"{_number(amount)}× {name}" if amount not in (None, 1) else name)
    return "; ".join(parts)


def readable_section(key: str, value: Any, names: dict) -> dict:
    """One section as ``{"pairs": [(label, text)]}`` or ``{"columns": [...], "rows": [[text]]}``."""
    stores = names.get("stores", {})
    if key == "customer":
        return _customer(value if isinstance(value, dict) else {}, names)
    if key == "addresses":
        return _table([_("Type"), _("Address")], [
            [names.get("address_types", {}).get(_text(a.get("address_type")), ""),
             ", ".join(address_lines(a.get("address") if isinstance(a.get("address"), dict) else {}))]
            for a in _rows(value)])
    if key == "consents":
        return _consent_rows(value, names)
    if key == "cards":
        return _table([_("Card number"), _("Type"), _("State"), _("Valid from"), _("Valid until")], [
            [_text(c.get("card_number")), names.get("card_types", {}).get(_text(c.get("card_type_id")), ""),
             _("Blocked") if c.get("state") == 0 else _("Active"), _when(c.get("valid_from")),
             _when(c.get("valid_to"))] for c in _rows(value)])
    if key == "status_records":
        return _table([_("Level"), _("Valid from"), _("Valid until")], [
            [names.get("statuses", {}).get(_text(r.get("status_id")), _text(r.get("status_id"))),
             _when(r.get("valid_from")), _when(r.get("valid_to"))] for r in _rows(value)])
    if key == "points":
        return _points(value if isinstance(value, dict) else {})
    if key == "point_history":
        return _table([_("Date"), _("Transaction"), _("Points")], [
            [_when(r.get("point_history_record_time")),
             _text(r.get("point_operation_note")) or _text(r.get("point_operation_type")),
             _number(r.get("point_amount"))] for r in _rows(value)])
    if key == "credits":
        return _table([_("Credit"), _("Currency"), _("Added"), _("Left"), _("Valid until")], [
            [names.get("credit_types", {}).get(_text(c.get("credit_type_id")), _text(c.get("credit_type_id"))),
             _text(c.get("currency_id")).upper(), _number(c.get("assigned_credits")),
             _number(c.get("available_credits")), _when(c.get("valid_to"))] for c in _rows(value)])
    if key == "credit_history":
        return _table([_("Date"), _("Transaction"), _("Amount")], [
            [_when(r.get("credit_history_record_time")),
             _text(r.get("credit_operation_note")) or _text(r.get("credit_operation_type")),
             " ".join(part for part in (_number(r.get("amount")), _text(r.get("currency_id")).upper()) if part)]
            for r in _rows(value)])
    if key == "vouchers":
        return _table([_("Code"), _("Reward"), _("Valid until"), _("Used")], [
            [_text(v.get("code")), _text((v.get("reward") or {}).get("name")) if isinstance(v.get("reward"), dict)
             else "", _when(v.get("valid_to")), _when(v.get("applied_date"))] for v in _rows(value)])
    if key == "rewards":
        return _table([_("Reward"), _("Points")], [
            [_text(r.get("name")) or _text(r.get("code")), _number(r.get("points_cost"))] for r in _rows(value)])
    if key == "interests":
        return _table([_("Interest"), _("Added")], [
            [names.get("interests", {}).get(_text(r.get("interest_id")), _text(r.get("interest_id"))),
             _when(r.get("last_change"))] for r in _rows(value)])
    if key == "properties":
        return _table([_("Detail"), _("Value")], [
            [_text(r.get("property_name")) or _text(r.get("property_id")), _property_value(r.get("property_value"))]
            for r in _rows(value)])
    if key == "stamp_cards":
        return _table([_("Campaign"), _("Card"), _("Stamps"), _("Full"), _("Started")], [
            [names.get("stamper_campaigns", {}).get(_text(c.get("stamper_campaign_id")),
                                                    _text(c.get("stamper_campaign_id"))),
             _text(c.get("stamper_card_order")),
             _number(sum(1 for stamp in _rows(c.get("stamps")) if stamp.get("state", 1) == 1)),
             _("Yes") if c.get("is_filled_up") is True else _("No"), _when(c.get("created_at"))]
            for c in _rows(value)])
    if key == "messages":
        return _table([_("Sent"), _("Channel"), _("Subject"), _("Opened")], [
            [_when(m.get("send_time")), str(CHANNELS.get(m.get("communication_channel_id"), "")),
             _text(m.get("title")), _when(m.get("opened_time"))] for m in _rows(value)])
    if key == "purchases":
        return _table([_("Date"), _("Receipt"), _("Store"), _("Total"), _("Items")], [
            [_when(p.get("payment_time")), _text(p.get("external_purchase_id")),
             stores.get(_text(p.get("store_id")), ""), _number(p.get("total_price")),
             _purchase_items(p.get("purchase_items"))] for p in _rows(value)])
    return {}


def printable_sections(*, data_export: DataExport, names: dict, language: str) -> Iterator[str]:
    """The printable page's sections as HTML, each as soon as its read is in, then its closing
    line: "complete", or (at the first read that failed) that the page is incomplete and why.
    Runs after the response has started, so it catches what a view would otherwise leave to the
    middleware: the page can only say so at its end."""
    titles = dict(SECTIONS)
    with translation.override(language):
        try:
            for key, value in data_export.sections():
                yield render_to_string("mydata/partials/my_data_section.html", {
                    "key": key, "title": titles[key], "section": readable_section(key, value, names)})
        except (ExportIncomplete, CareCloudError) as error:
            data_export.cancel()
            section = getattr(error, "section", "")
            log.warning("Data export stopped at %s: %s", section, getattr(error, "cause", error))
            yield render_to_string("mydata/partials/my_data_end.html", {
                "complete": False, "section_title": titles.get(section, ""),
                "expired": isinstance(error, AuthenticationError)})
            return
        yield render_to_string("mydata/partials/my_data_end.html", {"complete": True,
                                                                     "started": data_export.started})
