"""Sandbox model of the customer's recommendations (hint records, getSubCustomerHintRecords): the
offers, products or campaigns CareCloud suggests to one customer (see handlers/recommendations.py)."""

from django.db import models

from .base import SandboxModel

__all__ = ["Recommendation"]


class Recommendation(SandboxModel):
    class State(models.IntegerChoices):
        DELETED = 0
        ACTIVE = 1
        NON_ACTIVE = 2

    customer_id = models.CharField(max_length=64, db_index=True)
    name = models.JSONField(default=dict)  # {"cs": ..., "en": ...}
    brief_description = models.JSONField(default=dict)
    detailed_description = models.JSONField(default=dict)
    content = models.JSONField(default=dict)
    picture_urls = models.JSONField(default=list)
    web_url = models.CharField(max_length=500, blank=True, default="")
    state = models.IntegerField(choices=State.choices, default=State.ACTIVE)
    last_change = models.DateTimeField(auto_now=True)
    order = models.IntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
