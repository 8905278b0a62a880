"""Customer properties: the project's own questions about its customers (``GET /customer-properties``)
and the customer's answers (property records), between CareCloud's shapes and Python values.

The portal knows the data types the spec names (string, integer, float, boolean, date, timestamp)
and the choice types (enum, multiselect). A project's customized data type, or a value that does
not fit its type, is shown read-only: the portal never rewrites what it cannot read.

Values on the Python side: str, int, float, bool, ``date``, naive ``datetime`` (CareCloud's times
are the project's local time), an item id (enum) or a list of item ids (multiselect).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.core.shaping import localized

STRING, INTEGER, FLOAT, BOOLEAN, DATE, TIMESTAMP, ENUM, MULTISELECT = (
    "string", "integer", "float", "boolean", "date", "timestamp", "enum", "multiselect")
KNOWN_TYPES = {STRING, INTEGER, FLOAT, BOOLEAN, DATE, TIMESTAMP, ENUM, MULTISELECT}
CHOICE_TYPES = {ENUM, MULTISELECT}
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S"

class OddValue(ValueError):
    """A stored value that does not fit its property's data type."""


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    active: bool
    raw: dict  # the item as CareCloud gave it (sent back as the value of a choice)


@dataclass(frozen=True)
class Definition:
    property_id: str
    name: str
    description: str
    data_type: str
    items: tuple[Item, ...]
    required: bool

    @property
    def editable(self) -> bool:
        """Whether the portal has a widget for it (a choice type needs its items)."""
        return self.data_type in KNOWN_TYPES and (self.data_type not in CHOICE_TYPES or bool(self.items))

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)


def definitions(raw: list[dict] | None) -> list[Definition]:
    """The project's properties in CareCloud's order; deleted ones (state 0) and records without
    an id are left out, and deleted items (state 0) of a choice are dropped."""
    result = []
    for prop in raw or []:
        if not isinstance(prop, dict) or not prop.get("property_id") or prop.get("state") == 0:
            continue
        items = tuple(
            Item(id=str(item["id"]), name=localized(item.get("name")) or str(item["id"]),
                 active=item.get("state", 1) == 1, raw=item)
            for item in prop.get("items") or [] if isinstance(item, dict) and item.get("id") and item.get("state") != 0
        )
        result.append(Definition(
            property_id=str(prop["property_id"]),
            name=localized(prop.get("name")) or str(prop["property_id"]),
            description=localized(prop.get("description")),
            data_type=str(prop.get("data_type") or ""),
            items=items,
            required=prop.get("is_required") is True,
        ))
    return result


def records_by_property(records: list[dict] | None) -> dict[str, dict]:
    """The customer's property records by property id."""
    return {str(r["property_id"]): r for r in records or [] if isinstance(r, dict) and r.get("property_id")}


# --- values ----------------------------------------------------------------------------------------


def _number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise OddValue(raw)
    try:
        number = float(raw)
    except (TypeError, ValueError):
        raise OddValue(raw) from None
    if not math.isfinite(number):
        raise OddValue(raw)
    return number


def _item_ids(raw: Any) -> list[str]:
    entries = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else None
    if entries is None:
        raise OddValue(raw)
    ids = []
    for entry in entries:
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(item_id, str) or not item_id:
            raise OddValue(raw)
        if item_id not in ids:
            ids.append(item_id)
    return ids


def from_wire(definition: Definition, raw: Any) -> Any:
    """The Python value of a stored ``property_value``; None when it is empty; raises
    :class:`OddValue` when it does not fit the data type (or the type is not one the portal
    knows)."""
    kind = definition.data_type
    if raw is None or raw == "" or raw == []:
        return None
    if kind == STRING:
        if not isinstance(raw, str):
            raise OddValue(raw)
        return raw
    if kind == INTEGER:
        number = _number(raw)
        if not number.is_integer():
            raise OddValue(raw)
        return int(number)
    if kind == FLOAT:
        return _number(raw)
    if kind == BOOLEAN:
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("true", "1"):
            return True
        if str(raw).lower() in ("false", "0"):
            return False
        raise OddValue(raw)
    if kind == DATE:
        try:
            return date.fromisoformat(str(raw)[:10])
        except ValueError:
            raise OddValue(raw) from None
    if kind == TIMESTAMP:
        try:
            value = datetime.fromisoformat(str(raw).strip())
        except ValueError:
            raise OddValue(raw) from None
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value.replace(microsecond=0)
    if kind == ENUM:
        ids = _item_ids(raw)
        if len(ids) != 1:
            raise OddValue(raw)
        return ids[0]
    if kind == MULTISELECT:
        return _item_ids(raw)
    raise OddValue(raw)


def to_wire(definition: Definition, value: Any) -> Any:
    """The ``property_value`` to send for a Python value (never called with an empty one).

    Whole numbers go as ``42.0``: the spec types property_value as oneOf string / number /
    integer, which a bare JSON integer matches twice. Chosen items go as CareCloud gave them
    (the spec's examples send whole PropertyItem objects)."""
    kind = definition.data_type
    if kind in (INTEGER, FLOAT):
        return float(value)
    if kind == BOOLEAN:
        return bool(value)
    if kind == DATE:
        return value.isoformat()
    if kind == TIMESTAMP:
        return value.strftime(TIMESTAMP_FORMAT)
    if kind in CHOICE_TYPES:
        ids = [value] if kind == ENUM else list(value)
        return [dict(definition.item(item_id).raw) if definition.item(item_id) else {"id": item_id} for item_id in ids]
    return str(value)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def same(definition: Definition, a: Any, b: Any) -> bool:
    """Whether two Python values of a property are the same answer (a multiselect's order does
    not matter)."""
    if is_empty(a) or is_empty(b):
        return is_empty(a) and is_empty(b)
    if definition.data_type == MULTISELECT:
        return set(a) == set(b)
    if definition.data_type == TIMESTAMP:  # the form shows minutes: seconds it drops are no change
        return a.replace(second=0) == b.replace(second=0)
    return a == b


# --- display ---------------------------------------------------------------------------------------


def display(definition: Definition | None, raw: Any) -> str:
    """A stored value as the customer reads it, in the active language."""
    if definition is not None:
        try:
            value = from_wire(definition, raw)
        except OddValue:
            return _display_raw(raw)
        if value is None:
            return ""
        if definition.data_type in CHOICE_TYPES:
            ids = [value] if definition.data_type == ENUM else value
            stored = {entry.get("id"): entry for entry in (raw if isinstance(raw, list) else [raw])
                      if isinstance(entry, dict)}
            names = []
            for item_id in ids:
                item = definition.item(item_id)
                names.append(item.name if item else localized(stored.get(item_id, {}).get("name")) or _("Unknown"))
            return ", ".join(names)
        if definition.data_type == BOOLEAN:
            return _("Yes") if value else _("No")
        if definition.data_type == DATE:
            return formats.date_format(value, "DATE_FORMAT")
        if definition.data_type == TIMESTAMP:
            return formats.date_format(value, "DATETIME_FORMAT")
        if definition.data_type in (INTEGER, FLOAT):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return str(value)
    return _display_raw(raw)


def _display_raw(raw: Any) -> str:
    """A value of a type the portal does not know: text as it is (a JSON object as its pairs)."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return _("Yes") if raw else _("No")
    if isinstance(raw, (int, float)):
        return formats.number_format(raw, use_l10n=True)
    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith("{"):
            try:
                parsed = json.loads(text)
            except ValueError:
                return raw
            if isinstance(parsed, dict):
                return _display_raw(parsed)
        return raw
    if isinstance(raw, dict):
        if "name" in raw and ("id" in raw or len(raw) == 1):
            return localized(raw["name"])
        return ", ".join(f"{key}: {_display_raw(value)}" for key, value in raw.items())
    if isinstance(raw, list):
        return ", ".join(text for text in (_display_raw(entry) for entry in raw) if text)
    return str(raw)
