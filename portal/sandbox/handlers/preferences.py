"""Handlers of the preferences group: interests, customer property definitions, and the
customers' interest and property records.

Property values travel in the formats of the spec's ``property_value`` description: a string,
a number, a boolean, a ``YYYY-MM-DD`` date, and for ``enum``/``multiselect`` an array of
PropertyItem objects (``[{"id": ..., "name": ..., "state": 1}]``; only ``id`` is read).

The spec types ``property_value`` as ``oneOf`` string / number / integer / ..., so a bare JSON
integer such as ``42`` matches two branches and is invalid; whole numbers are given and
returned as ``42.0``.

Besides the types the model's ``DataType`` names, the spec lists ``timestamp`` (``YYYY-MM-DD
HH:MM:SS`` or ISO-8601, local time; answered as ``YYYY-MM-DD HH:MM:SS``) and a project's
"customized data types", whose value format "depends on the specific data type configuration"
(its example: a serialized JSON object): any other ``data_type`` takes a string.
"""

import re
from datetime import date, datetime

from django.db import transaction

from .. import api, errors
from ..api import operation
from ..errors import InvalidParam
from ..models import CustomerProperty, Interest, InterestRecord, PropertyRecord, make_property_record_id

DataType = CustomerProperty.DataType

_VALUE = {"type": ["string", "number", "boolean", "array", "object"]}
INTEREST_RECORD = {
    "type": "object",
    "required": ["interest_record"],
    "properties": {
        "interest_record": {
            "type": "object",
            "required": ["interest_id", "customer_id"],
            "properties": {"interest_id": {"type": "string", "minLength": 1},
                           "customer_id": {"type": "string", "minLength": 1}},
        }
    },
}
PROPERTY_RECORD = {
    "type": "object",
    "required": ["property_record"],
    "properties": {
        "property_record": {
            "type": "object",
            "required": ["property_id"],
            "properties": {"property_id": {"type": "string", "minLength": 1}, "property_value": _VALUE},
        }
    },
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$")
# A ``data_type`` is free text (the model's choices predate these): the spec's timestamp type.
TIMESTAMP = "timestamp"


# --- interests ------------------------------------------------------------------------------------


def serialize_interest_record(record: InterestRecord) -> dict:
    return {
        "interest_record_id": record.pk,
        "interest_id": record.interest_id,
        "customer_id": record.customer_id,
        "last_change": api.fmt_ts(record.last_change),
    }


@operation("getInterests", "GET", "/interests")
def get_interests(call: api.Call):
    name = call.q_str("name")
    call.check()
    rows = [{"interest_id": interest.pk, "name": call.tr(interest.name) or ""} for interest in Interest.objects.all()]
    if name:
        rows = [row for row in rows if name.casefold() in row["name"].casefold()]
    return call.page("interests", rows)


@operation("getSubCustomerInterests", "GET", "/customers/{customer_id}/interest-records")
def get_interest_records(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    records = InterestRecord.objects.filter(customer_id=customer.pk)
    return call.page("interest_records", [serialize_interest_record(record) for record in records])


def _check_body_customer(call: api.Call, path_customer_id: str, body_customer_id: str) -> None:
    """The body's customer_id must name the path's customer (on the customer interface: the caller)."""
    if body_customer_id == path_customer_id:
        return
    if call.is_enterprise:
        raise errors.invalid("customer_id", errors.NOT_ALLOWED_VALUE, body_customer_id,
                             "The customer_id of the body differs from the customer of the path.")
    raise errors.invalid("customer_id", errors.NOT_BELONG_TO_LOGGED_IN_CUSTOMER, body_customer_id,
                         "The record can be added only to the logged-in customer.")


@operation("postSubCustomerInterest", "POST", "/customers/{customer_id}/interest-records", body=INTEREST_RECORD)
def post_interest_record(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    fields = call.body["interest_record"]
    _check_body_customer(call, customer.pk, fields["customer_id"])
    interest_id = fields["interest_id"]
    if not Interest.objects.filter(pk=interest_id).exists():
        raise errors.invalid("interest_id", errors.NOT_FOUND, interest_id, "Unknown interest.")
    with transaction.atomic():
        if InterestRecord.objects.filter(customer_id=customer.pk, interest_id=interest_id).exists():
            raise errors.invalid("interest_id", errors.RELATION_ALREADY_EXISTS, interest_id,
                                 "The customer already has this interest.")
        record = InterestRecord.objects.create(customer_id=customer.pk, interest_id=interest_id)
    return api.created({"interest_record_id": record.pk})


@operation("deleteSubCustomerInterest", "DELETE", "/customers/{customer_id}/interest-records/{interest_record_id}")
def delete_interest_record(call: api.Call, customer_id: str, interest_record_id: str):
    customer = call.customer_scope(customer_id)
    deleted, _ = InterestRecord.objects.filter(pk=interest_record_id, customer_id=customer.pk).delete()
    if not deleted:
        raise errors.not_found("interest-records", interest_record_id)
    return api.no_content()


# --- customer property definitions ------------------------------------------------------------------


def serialize_item(item: dict, call: api.Call) -> dict:
    """A PropertyItem (a choice of an enum/multiselect property)."""
    serialized = {"id": item["id"], "name": call.tr(item["name"]) or ""}
    if item.get("resource_record_id"):
        serialized["resource_record_id"] = item["resource_record_id"]
    serialized["state"] = item.get("state", 1)
    return serialized


def serialize_property(prop: CustomerProperty, call: api.Call) -> dict:
    serialized = {"property_id": prop.pk, "name": call.tr(prop.name) or "", "data_type": prop.data_type}
    description = call.tr(prop.description)
    if description:
        serialized["description"] = description
    if prop.has_items:
        serialized["items"] = [serialize_item(item, call) for item in prop.items]
    serialized |= {
        "is_required": prop.is_required,
        "is_unique": prop.is_unique,
        "last_change": api.fmt_ts(prop.last_change),
        "state": prop.state,
    }
    return serialized


def _active_properties():
    return CustomerProperty.objects.exclude(state=0)


@operation("getCustomerProperties", "GET", "/customer-properties")
def get_customer_properties(call: api.Call):
    name = call.q_str("name")
    call.check()
    rows = [serialize_property(prop, call) for prop in _active_properties()]
    if name:
        rows = [row for row in rows if name.casefold() in row["name"].casefold()]
    return call.page("customer_properties", rows)


# --- property values --------------------------------------------------------------------------------


class InvalidValue(Exception):
    """A property record that does not fit its property (becomes an invalid_params entry)."""

    def __init__(self, reason: str, message: str, name: str = "property_value"):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.name = name

    def param(self, record: dict) -> InvalidParam:
        given = record.get(self.name)
        shown = given if isinstance(given, (str, int, float, bool)) else ""
        return InvalidParam(self.name, self.reason, shown, f"Property {record['property_id']}: {self.message}.")


def _string(prop: CustomerProperty, raw) -> str:
    if not isinstance(raw, str):
        raise InvalidValue(errors.INVALID_VALUE_FORMAT, "must be a string")
    return raw


def _boolean(prop: CustomerProperty, raw) -> bool:
    if not isinstance(raw, bool):
        raise InvalidValue(errors.INVALID_VALUE_FORMAT, "must be a boolean (true or false)")
    return raw


def _integer(prop: CustomerProperty, raw) -> int:
    if not isinstance(raw, float) or not raw.is_integer():
        raise InvalidValue(errors.INVALID_VALUE_FORMAT, "must be a whole number")
    return int(raw)


def _float(prop: CustomerProperty, raw) -> float:
    if not isinstance(raw, float):
        raise InvalidValue(errors.INVALID_VALUE_FORMAT, "must be a number")
    return raw


def _date(prop: CustomerProperty, raw) -> str:
    try:
        if isinstance(raw, str) and _DATE.match(raw):
            return date.fromisoformat(raw).isoformat()
    except ValueError:
        pass
    raise InvalidValue(errors.INVALID_VALUE_FORMAT, "must be a date (YYYY-MM-DD)")


def _items(prop: CustomerProperty, raw) -> list[str]:
    """The item ids of an enum/multiselect value (an array of PropertyItem objects)."""
    if not isinstance(raw, list):
        raise InvalidValue(errors.INVALID_VALUE_FORMAT, "must be an array of property items")
    chosen = []
    for entry in raw:
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(item_id, str):
            raise InvalidValue(errors.INVALID_VALUE_FORMAT, "each property item must be an object with an id")
        item = prop.item(item_id)
        if item is None or item.get("state", 1) != 1:
            raise InvalidValue(errors.NOT_ALLOWED_VALUE, f"{item_id} is not an active item of the property")
        if item_id not in chosen:
            chosen.append(item_id)
    if prop.data_type == DataType.ENUM and len(chosen) > 1:
        raise InvalidValue(errors.NOT_ALLOWED_VALUE, "a single-select (enum) property takes one item")
    return chosen


def _timestamp(prop: CustomerProperty, raw) -> str:
    try:
        if isinstance(raw, str) and _TIMESTAMP.match(raw):
            return datetime.fromisoformat(raw.replace(" ", "T")).strftime(api.TIMESTAMP)
    except ValueError:
        pass
    raise InvalidValue(errors.INVALID_VALUE_FORMAT, "must be a timestamp (YYYY-MM-DD HH:MM:SS)")


def _custom(prop: CustomerProperty, raw) -> str:
    """A customized data type: its format is the project's; the spec's example is a serialized
    JSON object, so a string."""
    if not isinstance(raw, str):
        raise InvalidValue(errors.INVALID_VALUE_FORMAT, f"a {prop.data_type} value must be given as a string")
    return raw


_PARSERS = {
    DataType.STRING: _string,
    DataType.BOOLEAN: _boolean,
    DataType.INTEGER: _integer,
    DataType.FLOAT: _float,
    DataType.DATE: _date,
    DataType.ENUM: _items,
    DataType.MULTISELECT: _items,
    TIMESTAMP: _timestamp,
}


def parse_value(prop: CustomerProperty, raw):
    """The normalized value of ``raw`` for ``prop``; raises :class:`InvalidValue`."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        # A bare JSON integer matches both the number and the integer branch of the spec's oneOf.
        raise InvalidValue(errors.INVALID_VALUE_FORMAT, "give numbers with a decimal point (e.g. 42.0): "
                                                        "a bare JSON integer is ambiguous in the spec's schema")
    value = _PARSERS.get(prop.data_type, _custom)(prop, raw)
    if prop.is_required and value in ("", []):
        raise InvalidValue(errors.EMPTY, "the property is required and its value cannot be empty")
    return value


def serialize_value(prop: CustomerProperty, value, call: api.Call):
    if prop.has_items:
        return [serialize_item(prop.item(item_id), call) for item_id in value if prop.item(item_id)]
    if prop.data_type in (DataType.INTEGER, DataType.FLOAT):
        return float(value)  # see the module docstring: 42 is returned as 42.0
    return value


def serialize_property_record(record: PropertyRecord, prop: CustomerProperty, call: api.Call) -> dict:
    return {
        "property_record_id": record.pk,
        "property_id": prop.pk,
        "property_name": call.tr(prop.name) or "",
        "property_value": serialize_value(prop, record.value, call),
        "last_change": api.fmt_ts(record.last_change),
    }


def _validate_records(customer_id: str, records: list[dict]) -> list[tuple[CustomerProperty, object]]:
    """Every record's property and normalized value; all problems raise one 400 together.

    The records have passed a body schema: each has a non-empty string ``property_id``.
    """
    properties = {prop.pk: prop for prop in _active_properties()}
    problems, valid, seen = [], [], set()
    for record in records:
        try:
            prop = properties.get(record["property_id"])
            if prop is None:
                raise InvalidValue(errors.NOT_FOUND, "unknown customer property", "property_id")
            if prop.pk in seen:
                raise InvalidValue(errors.ALREADY_EXISTS, "the property is given more than once", "property_id")
            seen.add(prop.pk)
            if "property_value" not in record:
                raise InvalidValue(errors.REQUIRED, "property_value is required")
            value = parse_value(prop, record["property_value"])
            if prop.is_unique and _taken(prop, value, customer_id):
                raise InvalidValue(errors.ALREADY_EXISTS, "another customer already has this value")
        except InvalidValue as problem:
            problems.append(problem.param(record))
            continue
        valid.append((prop, value))
    if problems:
        raise errors.bad_request(problems)
    return valid


def _taken(prop: CustomerProperty, value, customer_id: str) -> bool:
    """Whether another customer holds ``value`` of a unique property (empty values never clash)."""
    if value in ("", []):
        return False
    others = PropertyRecord.objects.filter(property_id=prop.pk).exclude(customer_id=customer_id)
    return any(record.value == value for record in others)


def _write(customer_id: str, prop: CustomerProperty, value) -> PropertyRecord:
    record, _ = PropertyRecord.objects.update_or_create(
        pk=make_property_record_id(prop.pk, customer_id),
        defaults={"customer_id": customer_id, "property_id": prop.pk, "value": value},
    )
    return record


def apply_property_records(call: api.Call, customer_id: str, records: list[dict], *, replace: bool) -> None:
    """Store a customer's property records given in POST/PUT /customers.

    Every record is validated first (a 400 lists all problems; nothing is written then).
    ``replace=False`` sets the given records and leaves the others; ``replace=True`` makes the
    list the customer's full set: the records not in it are deleted, except those of required
    properties, which cannot be deleted.
    """
    valid = _validate_records(customer_id, records)
    with transaction.atomic():
        for prop, value in valid:
            _write(customer_id, prop, value)
        if replace:
            required = _active_properties().filter(is_required=True).values_list("pk", flat=True)
            keep = {prop.pk for prop, _ in valid} | set(required)
            PropertyRecord.objects.filter(customer_id=customer_id).exclude(property_id__in=keep).delete()


def _customer_record(customer_id: str, record_id: str) -> tuple[PropertyRecord, CustomerProperty]:
    record = PropertyRecord.objects.filter(pk=record_id, customer_id=customer_id).first()
    prop = _active_properties().filter(pk=record.property_id).first() if record else None
    if prop is None:
        raise errors.not_found("property-records", record_id)
    return record, prop


@operation("getSubCustomerProperties", "GET", "/customers/{customer_id}/property-records")
def get_property_records(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    properties = {prop.pk: prop for prop in _active_properties()}
    records = sorted(
        (record for record in PropertyRecord.objects.filter(customer_id=customer.pk)
         if record.property_id in properties),
        key=lambda record: (properties[record.property_id].position, record.property_id),
    )
    return call.page("property_records", [
        serialize_property_record(record, properties[record.property_id], call) for record in records
    ])


@operation("postSubCustomerProperties", "POST", "/customers/{customer_id}/property-records", body=PROPERTY_RECORD)
def post_property_record(call: api.Call, customer_id: str):
    customer = call.customer_scope(customer_id)
    fields = call.body["property_record"]
    [(prop, value)] = _validate_records(customer.pk, [fields])
    with transaction.atomic():
        if PropertyRecord.objects.filter(pk=make_property_record_id(prop.pk, customer.pk)).exists():
            raise errors.invalid("property_id", errors.ALREADY_EXISTS, prop.pk,
                                 "The customer already has a record of this property; change it with PUT.")
        record = _write(customer.pk, prop, value)
    return api.created({"property_record_id": record.pk})


@operation("putSubCustomerProperty", "PUT", "/customers/{customer_id}/property-records/{property_record_id}",
           body=PROPERTY_RECORD)
def put_property_record(call: api.Call, customer_id: str, property_record_id: str):
    customer = call.customer_scope(customer_id)
    _, prop = _customer_record(customer.pk, property_record_id)
    fields = call.body["property_record"]
    if fields["property_id"] != prop.pk:
        raise errors.invalid("property_id", errors.NOT_ALLOWED_VALUE, fields["property_id"],
                             "The property_id differs from the property of the record.")
    [(_, value)] = _validate_records(customer.pk, [fields])
    _write(customer.pk, prop, value)
    return api.no_content()


@operation("deleteSubCustomerProperty", "DELETE", "/customers/{customer_id}/property-records/{property_record_id}")
def delete_property_record(call: api.Call, customer_id: str, property_record_id: str):
    customer = call.customer_scope(customer_id)
    record, prop = _customer_record(customer.pk, property_record_id)
    if prop.is_required:
        raise errors.invalid("property_record_id", errors.NOT_ALLOWED_VALUE, property_record_id,
                             f"Property {prop.pk} is required: its record cannot be deleted.")
    record.delete()
    return api.no_content()
