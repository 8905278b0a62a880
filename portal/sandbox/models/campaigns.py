"""Campaigns, the product catalog, and campaign products (a campaign's offer on one product).

Translated texts are {"cs": ..., "en": ...}; cross-resource references are plain id strings.
"""

from django.db import models

from ..choices import CampaignState, OfferValueType
from .base import SandboxModel

__all__ = ["Campaign", "CampaignProduct", "Product", "ProductTag"]


class Campaign(SandboxModel):
    State = CampaignState

    name = models.JSONField(default=dict)
    external_id = models.CharField(max_length=100, blank=True)
    parent_id = models.CharField(max_length=64, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)

    class Meta:
        ordering = ["id"]


class ProductTag(SandboxModel):
    name = models.JSONField(default=dict)
    text_id = models.CharField(max_length=64)
    state = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["id"]


class Product(SandboxModel):
    class State(models.IntegerChoices):
        DELETED = 0
        ACTIVE = 1

    name = models.JSONField(default=dict)
    code = models.CharField(max_length=64, db_index=True)
    # [{"list_code": "GLOBAL", "code": "..."}, {"list_code": "SKU", "code": "..."}]; the first is the default
    plu_ids = models.JSONField(default=list, blank=True)
    partner_id = models.CharField(max_length=64, blank=True)
    # [{"currency_id": "czk", "value": 289.0}]
    prices = models.JSONField(default=list, blank=True)
    # [{"property_id", "property_name": {"cs", "en"}, "property_value"}]
    additional_properties = models.JSONField(default=list, blank=True)
    image_urls = models.JSONField(default=list, blank=True)
    tag_ids = models.JSONField(default=list, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)

    class Meta:
        ordering = ["id"]


class CampaignProduct(SandboxModel):
    """A campaign's promotion of one product: a percentage discount or a final price."""

    ValueType = OfferValueType

    class State(models.IntegerChoices):
        BLOCKED = 0
        ACTIVE = 1

    campaign_id = models.CharField(max_length=64, db_index=True)
    product_id = models.CharField(max_length=64, db_index=True)
    currency_id = models.CharField(max_length=16)
    value = models.FloatField()
    value_type_id = models.PositiveSmallIntegerField(choices=ValueType.choices)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField()
    # Subset of DISPLAY_PLACES.
    display_in = models.JSONField(default=list, blank=True)
    # The customer type the offer is meant for.
    type_id = models.CharField(max_length=64)
    # Where the offer applies; empty means every store.
    store_ids = models.JSONField(default=list, blank=True)
    # {"name", "subtitle", "note", "description": {"cs", "en"}, "image_url": str}
    presentation_data = models.JSONField(default=dict)
    # [{"property_id", "property_name": {"cs", "en"}, "property_value"}]
    property_records = models.JSONField(default=list, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)

    DISPLAY_PLACES = ("web", "cash desk", "api")

    class Meta:
        ordering = ["valid_from", "id"]
