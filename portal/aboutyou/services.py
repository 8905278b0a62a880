"""Writes of "About you": the customer's answers to the project's own questions (property
records), each created, updated or deleted only where the answer changed. The form's read (the
records as CareCloud had them a moment ago, in the same request) is what is compared with, so a
form saved twice, or saved again after a failure half-way, writes nothing twice. Log lines name
the properties that changed, never their values.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import exceptions as cc
from portal.carecloud import resources

from . import properties
from .properties import Definition

log = logging.getLogger(__name__)

_UNREADABLE = object()  # a stored property value the portal cannot read


@dataclass(frozen=True)
class PropertiesUpdate:
    created: tuple[str, ...]
    updated: tuple[str, ...]
    deleted: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def customer_properties_update(*, session: CustomerSession, definitions: list[Definition], records: list[dict],
                               values: dict[str, Any]) -> PropertiesUpdate:
    """Create, update or delete only the property records whose answer changed (``records``: the
    customer's records as read in this request; ``values``: the answers by property id, None for
    none). A stored answer the portal cannot read is never deleted for an empty field.

    Every record is its own call: CareCloud's 400s for some are collected and raised together,
    each named by its property id, after the others were written; any other failure stops at once
    (what was written stays written, and saving again writes only the rest)."""
    by_property = properties.records_by_property(records)
    auth = customer_auth(session)
    created, updated, deleted, problems = [], [], [], []
    for definition in definitions:
        pid = definition.property_id
        if pid not in values:
            continue
        new = values[pid]
        record = by_property.get(pid)
        try:
            old = properties.from_wire(definition, record.get("property_value")) if record else None
        except properties.OddValue:
            if properties.is_empty(new):
                continue
            old = _UNREADABLE
        if old is not _UNREADABLE and properties.same(definition, old, new):
            continue
        record_id = str((record or {}).get("property_record_id") or f"{pid}:{session.customer_id}")
        try:
            if properties.is_empty(new):
                _delete_property_record(auth, record_id)
                deleted.append(pid)
            elif record is not None and _update_property_record(auth, record_id, pid,
                                                                properties.to_wire(definition, new)):
                updated.append(pid)
            else:
                resources.property_record_create(**auth, property_id=pid, value=properties.to_wire(definition, new))
                created.append(pid)
        except cc.ValidationError as error:
            problems += [{**param, "name": pid} for param in error.invalid_params] or [{"name": pid, "reason": ""}]
    result = PropertiesUpdate(created=tuple(created), updated=tuple(updated), deleted=tuple(deleted))
    if result.changed:
        log.info("customer properties updated: created %s; updated %s; deleted %s",
                 ", ".join(created) or "-", ", ".join(updated) or "-", ", ".join(deleted) or "-")
    if problems:
        log.info("CareCloud refused customer properties: %s", ", ".join(dict.fromkeys(p["name"] for p in problems)))
        raise cc.ValidationError(400, title="Invalid property records", invalid_params=problems)
    return result


def _delete_property_record(auth: dict, record_id: str) -> None:
    try:
        resources.property_record_delete(**auth, property_record_id=record_id)
    except cc.NotFoundError:
        pass  # already gone (deleted elsewhere since the form was read)


def _update_property_record(auth: dict, record_id: str, property_id: str, value: Any) -> bool:
    """PUT the record's new value; False when the record is gone (deleted elsewhere since the form
    was read: the caller creates it instead)."""
    try:
        resources.property_record_update(**auth, property_record_id=record_id, property_id=property_id, value=value)
    except cc.NotFoundError:
        return False
    return True
