"""Interests and customer properties: the project's definitions and the customers' records.

A property's ``items`` (the choices of ``enum``/``multiselect`` properties) are stored inline as
``[{"id", "name": {"cs", "en"}, "resource_record_id", "state"}]``.
"""

from django.db import models

from ..choices import PropertyDataType
from .base import SandboxModel

__all__ = ["CustomerProperty", "Interest", "InterestRecord", "PropertyRecord", "make_property_record_id"]


class Interest(SandboxModel):
    """A topic a customer can opt into (GET /interests)."""

    name = models.JSONField(default=dict)

    class Meta:
        ordering = ["id"]


class InterestRecord(SandboxModel):
    """A customer's interest: one per interest and customer."""

    customer_id = models.CharField(max_length=64, db_index=True)
    interest_id = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(fields=["customer_id", "interest_id"], name="one_interest_record_per_customer")
        ]


class CustomerProperty(SandboxModel):
    """A custom customer field defined by the project; the id is its text id (``shoe_size``).

    ``data_type`` is one of ``DataType``, the spec's ``timestamp``, or a project's customized
    data type (any other text id; handlers/preferences.py says how each is given)."""

    DataType = PropertyDataType

    name = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)
    data_type = models.CharField(max_length=32, choices=DataType.choices)
    items = models.JSONField(default=list, blank=True)
    is_required = models.BooleanField(default=False)
    is_unique = models.BooleanField(default=False)
    state = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    @property
    def has_items(self) -> bool:
        return self.data_type in (self.DataType.ENUM, self.DataType.MULTISELECT)

    def item(self, item_id: str) -> dict | None:
        return next((item for item in self.items if item["id"] == item_id), None)


def make_property_record_id(property_id: str, customer_id: str) -> str:
    """CareCloud names a property record by its property and customer: ``shoe_size:85992588cf...``."""
    return f"{property_id}:{customer_id}"


class PropertyRecord(SandboxModel):
    """A customer's value of one property (the id is :func:`make_property_record_id`).

    ``value`` is normalized: a str, int, float, bool, ``YYYY-MM-DD`` str, ``YYYY-MM-DD HH:MM:SS``
    str (timestamp), or a list of item ids for ``enum``/``multiselect``; a customized data type's
    value is the str it was given.
    """

    id = models.CharField(primary_key=True, max_length=200, editable=False)
    customer_id = models.CharField(max_length=64, db_index=True)
    property_id = models.CharField(max_length=100)
    value = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def save(self, *args, **kwargs):
        self.id = make_property_record_id(self.property_id, self.customer_id)
        super().save(*args, **kwargs)
