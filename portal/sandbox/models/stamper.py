"""Sandbox models of the stamper group: stamper campaigns, a customer's stamper cards and their
stamps (see handlers/stamper.py).

A campaign's card holds ``stamp_count`` stamps; CareCloud creates a customer's card at their first
stamp, so a customer without a stamp in a campaign has no card there. A card is full when it holds
as many active stamps as the campaign's ``stamp_count``; the next stamp then starts the next card
(``stamper_card_order``), up to ``count_of_campaign_repetitions`` cards.
"""

from django.db import models
from django.utils import timezone

from .base import SandboxModel

__all__ = ["StamperCampaign", "StamperCard", "StamperStamp"]


class StamperCampaign(SandboxModel):
    class State(models.IntegerChoices):
        DELETED = 0
        ACTIVE = 1

    name = models.JSONField(default=dict)  # translated, like description
    description = models.JSONField(default=dict, blank=True)
    partner_id = models.CharField(max_length=64, blank=True)
    stamp_count = models.PositiveSmallIntegerField()
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_to = models.DateTimeField(null=True, blank=True)
    count_of_campaign_repetitions = models.PositiveSmallIntegerField(default=1)
    # [{"stamper_condition_id", "description": {cs, en}}]
    conditions = models.JSONField(default=list, blank=True)
    # [{"stamper_bonus_checkpoint_id", "description": {cs, en}, "stamp_number"}]
    bonus_checkpoints = models.JSONField(default=list, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)

    class Meta:
        ordering = ["valid_to", "id"]

    @property
    def is_valid(self) -> bool:
        now = timezone.now()
        return (self.valid_from is None or self.valid_from <= now) and (self.valid_to is None or now <= self.valid_to)


class StamperCard(SandboxModel):
    class State(models.IntegerChoices):
        BLOCKED = 0
        ACTIVE = 1

    campaign = models.ForeignKey(StamperCampaign, on_delete=models.CASCADE, related_name="cards")
    customer_id = models.CharField(max_length=64, db_index=True)
    order = models.PositiveSmallIntegerField(default=1)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "order", "id"]

    def active_stamps(self) -> list:
        return [stamp for stamp in self.stamps.all() if stamp.state == StamperStamp.State.ACTIVE]

    @property
    def is_filled_up(self) -> bool:
        return len(self.active_stamps()) >= self.campaign.stamp_count


class StamperStamp(SandboxModel):
    class State(models.IntegerChoices):
        DELETED = 0
        ACTIVE = 1

    card = models.ForeignKey(StamperCard, on_delete=models.CASCADE, related_name="stamps")
    customer_id = models.CharField(max_length=64, db_index=True)
    purchase_id = models.CharField(max_length=64, blank=True)
    stamper_condition_id = models.CharField(max_length=64, blank=True)
    stamp_order = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stamp_order", "created_at", "id"]
