"""Reads of "About you", the project's customer properties: what its form is drawn from (the
questions, and the customer's answers now), and the customer's answers as the profile page lists
them."""

from __future__ import annotations

from dataclasses import dataclass

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import reference, resources
from portal.carecloud.reads import concurrently

from . import properties


@dataclass(frozen=True)
class PropertyAnswer:
    """One answer of the customer's, as text in the page's language."""

    name: str
    value: str


def property_answers(records: list[dict] | None, raw_definitions: list[dict] | None,
                     ) -> tuple[PropertyAnswer, ...] | None:
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
            answers.append(PropertyAnswer(name=definition.name, value=value))
    return tuple(answers)


def properties_form_options(*, session: CustomerSession) -> dict:
    """The project's customer properties (the questions)."""
    return {"definitions": properties.definitions(reference.customer_properties(token=session.token))}


def properties_form_data(*, session: CustomerSession) -> dict:
    """The project's customer properties and the customer's property records now."""
    auth = customer_auth(session)
    reads = concurrently(definitions=lambda: reference.customer_properties(token=session.token),
                         records=lambda: resources.customer_property_records(**auth))
    return {"definitions": properties.definitions(reads["definitions"]), "records": reads["records"]}
