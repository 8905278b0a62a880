"""Reference data: languages, countries, stores, customer sources, consents, channels.

Translated texts are stored as {"cs": ..., "en": ...} and picked with ``Call.tr``.
"""

from django.db import models

from ..choices import LANGUAGE_LIST_TYPES
from .base import SandboxModel

__all__ = ["Agreement", "CommunicationChannel", "Country", "CustomerSource", "Language", "Store"]


class Language(SandboxModel):
    """id is the ISO 639-1 code (``cs``, ``en``)."""

    LIST_TYPES = LANGUAGE_LIST_TYPES

    name = models.JSONField(default=dict)
    state = models.PositiveSmallIntegerField(default=1)
    # The language lists (LIST_TYPES) the language is in, and whether it is the project's default.
    lists = models.JSONField(default=list, blank=True)
    is_default = models.BooleanField(default=False)


class Country(SandboxModel):
    """id is the ISO code (``cz``)."""

    name = models.JSONField(default=dict)
    state = models.PositiveSmallIntegerField(default=1)


class Store(SandboxModel):
    store_code = models.CharField(max_length=64)
    name = models.JSONField(default=dict)
    store_address = models.JSONField(default=dict, blank=True)
    contact_email = models.CharField(max_length=254, blank=True)
    manager_name = models.CharField(max_length=200, blank=True)
    phone_number = models.CharField(max_length=32, blank=True)
    partner_id = models.CharField(max_length=64)
    system_id = models.CharField(max_length=64)
    gps_coordinates = models.JSONField(null=True, blank=True)
    url_address = models.CharField(max_length=500, blank=True)
    opening = models.JSONField(default=list, blank=True)
    image_urls = models.JSONField(default=list, blank=True)
    visibility_for_customer = models.PositiveSmallIntegerField(default=1)
    short_description = models.JSONField(default=dict, blank=True)
    description = models.JSONField(default=dict, blank=True)
    registration_id = models.CharField(max_length=64, blank=True)
    state = models.PositiveSmallIntegerField(default=1)
    # Store property records: {property_id: value or [values]} (the GET /stores property filter).
    properties = models.JSONField(default=dict, blank=True)


class CustomerSource(SandboxModel):
    name = models.JSONField(default=dict)
    code = models.CharField(max_length=64, blank=True)  # customer_source_text_id
    state = models.PositiveSmallIntegerField(default=1)


class Agreement(SandboxModel):
    """A consent type (GET /agreements)."""

    name = models.JSONField(default=dict)
    text = models.JSONField(default=dict)
    withdrawal_text = models.JSONField(default=dict, blank=True)
    communication_channel_id = models.CharField(max_length=64, blank=True)
    text_id = models.CharField(max_length=100, blank=True)


class CommunicationChannel(SandboxModel):
    name = models.JSONField(default=dict)
    text_id = models.CharField(max_length=64)
