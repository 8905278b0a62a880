"""Writes of the profile's forms (personal details and consents, interests): keyword-only
``<entity>_<action>`` functions that take the customer's session, call CareCloud through
``resources`` and raise the mapped CareCloud errors.

Each gets what its form read (the customer's data as CareCloud had it a moment ago, in the same
request) and writes only what changed, so a form saved twice, or saved again after a failure
half-way, writes nothing twice. Log lines name the fields or records that changed, never their
values. ("About you" saves its answers in the same way: portal/aboutyou/services.py.)
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import exceptions as cc
from portal.carecloud import reference, resources

from .selectors import LEGACY_AGREEMENT_TEXT_IDS

log = logging.getLogger(__name__)

# Fields of a customer record the spec marks readOnly: never sent back (CareCloud keeps them).
READ_ONLY_CUSTOMER = ("customer_id", "doi_email", "doi_phone", "last_change", "state")
READ_ONLY_PERSONAL = ("photo_url",)
READ_ONLY_CONSENT = ("last_change",)
# Fields whose change makes CareCloud's generated salutation wrong ("Dear Mrs Dvořáková" in the
# customer's language): left out of the PUT then, so CareCloud generates it again.
SALUTATION_SOURCES = {"first_name", "last_name", "gender", "language_id"}
NOT_SET = 2  # a consent's value when the customer never answered (0 withdrawn, 1 given)


# --- the customer record ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileUpdate:
    changed: tuple[str, ...]  # the names of the fields that changed (nothing was written if empty)
    language_id: str  # the customer's preferred language after the update


def writable_customer(customer: dict) -> dict:
    """The customer record as GET returned it, without what the spec marks readOnly: everything
    else, known to the portal or not, goes back exactly as it came (PUT replaces the record)."""
    body = copy.deepcopy(customer)
    for name in READ_ONLY_CUSTOMER:
        body.pop(name, None)
    info = body.get("personal_information")
    if isinstance(info, dict):
        for name in READ_ONLY_PERSONAL:
            info.pop(name, None)
        for consent in info.get("consents") or []:
            if isinstance(consent, dict):
                for name in READ_ONLY_CONSENT:
                    consent.pop(name, None)
    return body


def _wire(value: Any) -> Any:
    """A form value as the customer record holds it (dates as ISO text, text stripped)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def _same(old: Any, new: Any) -> bool:
    if old in (None, "") or new in (None, ""):
        return old in (None, "") and new in (None, "")
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    return old == new


def _set(record: dict, name: str, value: Any) -> bool:
    """Put a field's new value into ``record`` if it differs; an empty value removes the field
    (PUT: absent means none; never null: the spec's one nullable field, gender, has no null in its
    enum). True when it changed."""
    old = record.get(name)
    if name == "phone" and isinstance(old, str):
        old = old.strip().lstrip("+")  # a project may store the number with its "+"
    if _same(old, value):
        return False
    if value in (None, ""):
        record.pop(name, None)
    else:
        record[name] = value
    return True


def _consent_value(old: Any, given: bool) -> int:
    """A ticked box gives the consent; unticking withdraws a given one; a consent never answered
    and left unticked stays unanswered (it is not turned into a refusal)."""
    old = old if old in (0, 1, 2) else NOT_SET
    if given:
        return 1
    return 0 if old == 1 else old


def _apply_consent_list(entries: list[dict], id_field: str, value_field: str, given: dict[str, bool]) -> bool:
    changed = False
    by_id = {str(entry.get(id_field)): entry for entry in entries if isinstance(entry, dict)}
    for consent_id, ticked in given.items():
        entry = by_id.get(consent_id)
        old = entry.get(value_field) if entry else NOT_SET
        new = _consent_value(old, ticked)
        if new == old:
            continue
        if entry is None:
            entries.append({id_field: consent_id, value_field: new})
        else:
            entry[value_field] = new
        changed = True
    return changed


def _apply_consents(info: dict, given: dict[str, bool], token: str) -> bool:
    """Write the ticked boxes into the structure the record uses: ``consents`` (the current one),
    or, for a record that has only the deprecated ``agreement``, its three fixed fields and its
    custom agreements. The spec: "If both parameters are provided, consents takes effect and
    agreement is ignored entirely", so an empty ``consents`` is never sent beside an agreement."""
    consents = info.get("consents")
    agreement = info.get("agreement")
    if consents or not isinstance(agreement, dict):
        entries = [entry for entry in consents or [] if isinstance(entry, dict)]
        changed = _apply_consent_list(entries, "consent_id", "consent_value", given)
        if entries or "consents" in info:
            info["consents"] = entries
        return changed
    info.pop("consents", None)
    text_ids = {str(c.get("agreement_id")): str(c.get("text_id") or "") for c in reference.consents(token=token)
                if isinstance(c, dict)}
    changed = False
    custom_given = {}
    for consent_id, ticked in given.items():
        field = LEGACY_AGREEMENT_TEXT_IDS.get(text_ids.get(consent_id, ""))
        if field is None:
            custom_given[consent_id] = ticked
            continue
        old = agreement.get(field, NOT_SET)
        new = _consent_value(old, ticked)
        if new != old:
            agreement[field] = new
            changed = True
    custom = [entry for entry in agreement.get("custom_agreements") or [] if isinstance(entry, dict)]
    if _apply_consent_list(custom, "agreement_id", "agreement_value", custom_given):
        agreement["custom_agreements"] = custom
        changed = True
    return changed


def customer_profile_update(*, session: CustomerSession, customer: dict, changes: dict) -> ProfileUpdate:
    """putCustomer with the profile form's changes on top of ``customer`` (the record as GET
    returned it in this request): every field the form does not show goes back as it came.
    Nothing is sent when nothing changed."""
    body = writable_customer(customer)
    info = body.setdefault("personal_information", {})
    changed = []
    for name in ("first_name", "last_name", "pre_nominals", "post_nominals", "gender", "birthdate", "email",
                 "phone", "language_id"):
        if name in changes and _set(info, name, _wire(changes[name])):
            changed.append(name)
    # A home store can be changed but never removed (the spec).
    if changes.get("store_id") and _set(info, "store_id", changes["store_id"]):
        changed.append("store_id")
    if "address" in changes:
        address = dict(info.get("address") or {}) if isinstance(info.get("address"), dict) else {}
        if any([_set(address, name, _wire(value)) for name, value in changes["address"].items()]):
            info["address"] = address
            changed.append("address")
    if changes.get("consents") and _apply_consents(info, changes["consents"], session.token):
        changed.append("consents")
    if SALUTATION_SOURCES.intersection(changed):
        info.pop("salutation", None)
    language_id = str(info.get("language_id") or "")
    if not changed:
        return ProfileUpdate(changed=(), language_id=language_id)
    resources.customer_update(**customer_auth(session), customer=body)
    log.info("customer profile updated: %s", ", ".join(changed))
    return ProfileUpdate(changed=tuple(changed), language_id=language_id)


# --- interests ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterestsUpdate:
    added: int
    removed: int

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def customer_interests_update(*, session: CustomerSession, records: list[dict], offered: set[str],
                              chosen: set[str]) -> InterestsUpdate:
    """Create and delete interest records so that, of the ``offered`` interests, the customer has
    exactly the ``chosen`` ones (``records``: the customer's records as read in this request).
    A record of an interest the form did not offer is left alone; one that already exists, or is
    already gone, is not an error (a form sent twice)."""
    current: dict[str, list[str]] = {}
    for record in records or []:
        if isinstance(record, dict) and record.get("interest_id") and record.get("interest_record_id"):
            current.setdefault(str(record["interest_id"]), []).append(str(record["interest_record_id"]))
    auth = customer_auth(session)
    added = removed = 0
    for interest_id in sorted(chosen & offered - set(current)):
        try:
            resources.interest_record_create(**auth, interest_id=interest_id)
        except cc.ValidationError as error:
            if {p.get("reason") for p in error.invalid_params} != {"relation_already_exists"}:
                raise
        added += 1
    for interest_id in sorted(offered & set(current) - chosen):
        for record_id in current[interest_id]:
            try:
                resources.interest_record_delete(**auth, interest_record_id=record_id)
            except cc.NotFoundError:
                pass
            removed += 1
    if added or removed:
        log.info("customer interests updated: %d added, %d removed", added, removed)
    return InterestsUpdate(added=added, removed=removed)
