"""Stamper: stamper campaigns, stamper cards and stamps.

getStamperCampaigns, getStamperCampaign, getStamperCards, getStamperCard, getStamperStamps and
getStamperStamp. Every operation is available on both interfaces.

Campaigns are the project's, the same for everyone (a deleted one, state 0, does not exist for a
customer token). Cards and stamps are a customer's: a customer token sees only its own (a
``customer_id`` filter naming anyone else is a 403; another customer's card or stamp is a 404, as
if it did not exist). As the spec warns, a customer has no card in a campaign until their first
stamp: CareCloud creates the card then.
"""

from __future__ import annotations

from .. import api, errors
from ..api import CUSTOMER_LOGIN, operation
from ..models import StamperCampaign, StamperCard, StamperStamp

CAMPAIGN_FIELDS = {"stamper_campaign_id", "partner_id", "name", "description", "stamp_count", "valid_from",
                   "valid_to", "count_of_campaign_repetitions", "last_change", "state"}
CARD_FIELDS = {"stamper_card_id", "stamper_campaign_id", "customer_id", "stamper_card_order", "is_filled_up",
               "created_at", "last_change", "state"}
STAMP_FIELDS = {"stamp_id", "customer_id", "purchase_id", "stamper_card_id", "stamp_order", "stamper_condition_id",
                "created_at", "last_change", "state"}


def serialize_campaign(call: api.Call, campaign: StamperCampaign) -> dict:
    return api.compact({
        "stamper_campaign_id": campaign.pk,
        "partner_id": campaign.partner_id,
        "name": call.tr(campaign.name) or "",
        "description": call.tr(campaign.description),
        "stamp_count": campaign.stamp_count,
        "valid_from": api.fmt_ts(campaign.valid_from),
        "valid_to": api.fmt_ts(campaign.valid_to),
        "count_of_campaign_repetitions": campaign.count_of_campaign_repetitions,
        "stamper_conditions": [api.compact({
            "stamper_condition_id": condition.get("stamper_condition_id"),
            "description": call.tr(condition.get("description")),
        }) for condition in campaign.conditions],
        "stamper_bonus_checkpoints": [api.compact({
            "stamper_bonus_checkpoint_id": checkpoint.get("stamper_bonus_checkpoint_id"),
            "description": call.tr(checkpoint.get("description")),
            "stamp_number": checkpoint.get("stamp_number"),
        }) for checkpoint in campaign.bonus_checkpoints],
        "last_change": api.fmt_ts(campaign.last_change),
        "state": campaign.state,
    })


def serialize_stamp(stamp: StamperStamp) -> dict:
    return api.compact({
        "stamp_id": stamp.pk,
        "customer_id": stamp.customer_id,
        "purchase_id": stamp.purchase_id,
        "stamper_card_id": stamp.card_id,
        "stamp_order": stamp.stamp_order,
        "stamper_condition_id": stamp.stamper_condition_id,
        "created_at": api.fmt_ts(stamp.created_at),
        "last_change": api.fmt_ts(stamp.last_change),
        "state": stamp.state,
    })


def serialize_card(card: StamperCard) -> dict:
    return {
        "stamper_card_id": card.pk,
        "stamper_campaign_id": card.campaign_id,
        "customer_id": card.customer_id,
        "stamper_card_order": card.order,
        "is_filled_up": card.is_filled_up,
        "stamps": [serialize_stamp(stamp) for stamp in card.stamps.all()],
        "created_at": api.fmt_ts(card.created_at),
        "last_change": api.fmt_ts(card.last_change),
        "state": card.state,
    }


def _campaigns(call: api.Call):
    campaigns = StamperCampaign.objects.all()
    if not call.is_enterprise:
        campaigns = campaigns.exclude(state=StamperCampaign.State.DELETED)
    return campaigns


@operation("getStamperCampaigns", "GET", "/stamper-campaigns")
def get_stamper_campaigns(call: api.Call):
    """Filters: ``name`` (a part of it, any language), ``valid_from``/``valid_to`` (campaigns whose
    validity overlaps that period), ``partner_id`` and ``is_valid`` (within its validity now)."""
    name = call.q_str("name")
    valid_from = call.q_datetime("valid_from")
    valid_to = call.q_datetime("valid_to")
    partner_id = call.q_str("partner_id")
    is_valid = call.q_bool("is_valid")
    call.check()
    rows = []
    for campaign in _campaigns(call):
        if name is not None and not api.text_contains(campaign.name, name):
            continue
        if valid_from is not None and campaign.valid_to is not None and campaign.valid_to < valid_from:
            continue
        if valid_to is not None and campaign.valid_from is not None and campaign.valid_from > valid_to:
            continue
        if partner_id is not None and campaign.partner_id != partner_id:
            continue
        if is_valid is not None and campaign.is_valid != is_valid:
            continue
        rows.append(serialize_campaign(call, campaign))
    return call.page("stamper_campaigns", rows, CAMPAIGN_FIELDS)


@operation("getStamperCampaign", "GET", "/stamper-campaigns/{stamper_campaign_id}")
def get_stamper_campaign(call: api.Call, stamper_campaign_id: str):
    campaign = _campaigns(call).filter(pk=stamper_campaign_id).first()
    if campaign is None:
        raise errors.not_found("stamper-campaigns", stamper_campaign_id)
    return api.ok(serialize_campaign(call, campaign))


def _owner_filter(call: api.Call) -> str | None:
    """The ``customer_id`` filter: a customer token sees only its own (another is a 403), and
    without the filter its own customer's records."""
    customer_id = call.q_str("customer_id")
    if customer_id is not None:
        return call.customer_scope(customer_id).pk
    return None if call.is_enterprise else call.customer.pk


def _cards():
    return StamperCard.objects.select_related("campaign").prefetch_related("stamps")


@operation("getStamperCards", "GET", "/stamper-cards", auth=CUSTOMER_LOGIN)
def get_stamper_cards(call: api.Call):
    campaign_ids = call.q_list("stamper_campaign_id")
    state = call.q_int("state", choices=tuple(StamperCard.State.values))
    filled_up = call.q_bool("filled_up")
    call.check()
    customer_id = _owner_filter(call)
    cards = _cards()
    if customer_id is not None:
        cards = cards.filter(customer_id=customer_id)
    if campaign_ids:
        cards = cards.filter(campaign_id__in=campaign_ids)
    if state is not None:
        cards = cards.filter(state=state)
    rows = [serialize_card(card) for card in cards if filled_up is None or card.is_filled_up == filled_up]
    return call.page("stamper_cards", rows, CARD_FIELDS)


@operation("getStamperCard", "GET", "/stamper-cards/{stamper_card_id}", auth=CUSTOMER_LOGIN)
def get_stamper_card(call: api.Call, stamper_card_id: str):
    card = _cards().filter(pk=stamper_card_id).first()
    if card is None or (not call.is_enterprise and card.customer_id != call.customer.pk):
        raise errors.not_found("stamper-cards", stamper_card_id)
    return api.ok(serialize_card(card))


@operation("getStamperStamps", "GET", "/stamps", auth=CUSTOMER_LOGIN)
def get_stamper_stamps(call: api.Call):
    card_ids = call.q_list("stamper_card_id")
    condition_id = call.q_str("stamper_condition_id")
    call.check()
    customer_id = _owner_filter(call)
    stamps = StamperStamp.objects.all()
    if customer_id is not None:
        stamps = stamps.filter(customer_id=customer_id)
    if card_ids:
        stamps = stamps.filter(card_id__in=card_ids)
    if condition_id is not None:
        stamps = stamps.filter(stamper_condition_id=condition_id)
    return call.page("stamper_stamps", [serialize_stamp(stamp) for stamp in stamps], STAMP_FIELDS)


@operation("getStamperStamp", "GET", "/stamps/{stamper_stamp_id}", auth=CUSTOMER_LOGIN)
def get_stamper_stamp(call: api.Call, stamper_stamp_id: str):
    stamp = StamperStamp.objects.filter(pk=stamper_stamp_id).first()
    if stamp is None or (not call.is_enterprise and stamp.customer_id != call.customer.pk):
        raise errors.not_found("stamps", stamper_stamp_id)
    return api.ok(serialize_stamp(stamp))
