"""Reads for the public campaign pages.

CareCloud's campaign record has a name and a state (1 active, 2 non-active, 0 deleted) but no
dates: when a campaign runs is told by its offers (campaign products), each valid from..to. So a
campaign is

- **running**: active, with an offer valid now. Listed on the campaigns page; its page answers 200.
- **upcoming**: active, its offers all still to come. Its page answers 200 and says when it starts;
  it is not listed among the campaigns running now.
- **finished**: non-active or deleted, or active with every offer ended. Its page answers 410.
- an active campaign with no offer to show: its page answers 200 with nothing to show yet.

Offers shown are those meant for the web (``display_in`` has ``web``, or names no place at all),
not blocked, and not ended; with their regular price from the product (``GET /products/{id}``)
where CareCloud has one in the offer's currency.

Everything here is the same for every visitor: it is read with the portal's anonymous token
(portal/carecloud/anonymous.py) and cached per language for ``PORTAL_PUBLIC_CACHE_SECONDS``
(failed reads are not cached). Only :func:`_personal` reads with the customer's own token, and
what it reads is never cached.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from portal.accounts.session import CustomerSession
from portal.carecloud import anonymous, reference, resources
from portal.carecloud import exceptions as cc
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import https_url, to_datetime, to_number

# A reward and the customer's progress to it look the same here as on the member's rewards pages.
from portal.rewards.shaping import shape_reward, with_progress

log = logging.getLogger(__name__)

RUNNING, UPCOMING, FINISHED, MISSING = "running", "upcoming", "finished", "missing"
ACTIVE = 1
WEB = "web"
PERCENTAGE_DISCOUNT, FINAL_PRICE = 1, 2
CAMPAIGN_REWARD_GROUP = 2  # CareCloud's reward_group "campaign voucher"
OTHER_CAMPAIGNS = 3  # running campaigns offered on the 404 and 410 pages


def _now() -> datetime:
    """The portal's clock (tests move it to see offers start and end)."""
    return timezone.now()


# --- public reads, cached per language ------------------------------------------------------------------


def _public(name: str, fetch: Callable[[str], Any]) -> Any:
    """``fetch(anonymous token)``, cached per active language for the public pages' lifetime."""
    return reference.cached(f"public:{name}", lambda: anonymous.read(fetch),
                            timeout=settings.PORTAL_PUBLIC_CACHE_SECONDS)


def _record(campaign_id: str) -> dict:
    """getCampaign, or ``{"missing": True}`` for an unknown id (cached too, so that a made-up id
    costs CareCloud one call per lifetime, not one per view)."""
    def fetch(token: str) -> dict:
        try:
            record = resources.campaign_get(token=token, campaign_id=campaign_id)
        except cc.NotFoundError:
            return {"missing": True}
        return record if isinstance(record, dict) and record else {"missing": True}
    return _public(f"campaign:{campaign_id}", fetch)


def _offers(campaign_id: str) -> dict:
    """The campaign's offers for the web that have not ended, each with its product's regular
    price, and how many of its web offers have ended (``{"offers": [...], "ended": n}``)."""
    def fetch(token: str) -> dict:
        now = _now()
        offers = [_offer(o) for o in resources.campaign_products_every(token=token, campaign_id=campaign_id)
                  if _for_the_web(o)]
        offers = [o for o in offers if o]
        ended = [o for o in offers if o["valid_to"] and o["valid_to"] < now]
        offers = [o for o in offers if o not in ended]
        products = _products(token, {o["product_id"] for o in offers if o["product_id"]})
        for offer in offers:
            _price(offer, products.get(offer["product_id"]))
        return {"offers": sorted(offers, key=lambda o: (o["valid_from"] or now, o["name"])), "ended": len(ended)}
    return _public(f"campaign-offers:{campaign_id}", fetch)


def _products(token: str, product_ids: set[str]) -> dict[str, dict]:
    """getProduct for each offer's product, at once; a product that cannot be read has no price."""
    def read(product_id: str) -> dict:
        try:
            return resources.product_get(token=token, product_id=product_id)
        except cc.AuthenticationError:
            raise
        except cc.CareCloudError as error:
            log.warning("CareCloud product %s could not be read: %s", product_id, error)
            return {}
    reads = concurrently(**{f"p{i}": (lambda pid=pid: read(pid)) for i, pid in enumerate(sorted(product_ids))})
    return {pid: reads[f"p{i}"] for i, pid in enumerate(sorted(product_ids))}


def _current_offers() -> dict[str, list[dict]]:
    """Every campaign's offers for the web valid now (getCampaignProducts?is_valid=true), by campaign."""
    def fetch(token: str) -> dict[str, list[dict]]:
        now = _now()
        grouped: dict[str, list[dict]] = {}
        for raw in resources.campaign_products_every(token=token, is_valid=True):
            offer = _offer(raw) if _for_the_web(raw) else None
            if offer and offer["campaign_id"] and _is_current(offer, now):
                grouped.setdefault(offer["campaign_id"], []).append(offer)
        return grouped
    return _public("campaign-offers-now", fetch)


def _all_campaigns() -> list[dict]:
    return _public("campaigns", lambda token: resources.campaigns_every(token=token))


# --- shaping ------------------------------------------------------------------------------------------


def _for_the_web(raw: Any) -> bool:
    if not isinstance(raw, dict) or raw.get("state") == 0:
        return False
    places = raw.get("display_in")
    return not places or not isinstance(places, list) or WEB in places


def _offer(raw: dict) -> dict | None:
    presentation = raw.get("presentation_data") if isinstance(raw.get("presentation_data"), dict) else {}
    name = str(presentation.get("name") or "").strip()
    if not name:
        return None
    value_type = raw.get("value_type_id")
    return {
        "campaign_product_id": str(raw.get("campaign_product_id") or ""),
        "campaign_id": str(raw.get("campaign_id") or ""),
        "product_id": str(raw.get("product_id") or ""),
        "name": name,
        "subtitle": str(presentation.get("subtitle") or ""),
        "note": str(presentation.get("note") or ""),
        "description": str(presentation.get("description") or ""),
        "image_url": https_url(presentation.get("image_url")),
        "valid_from": to_datetime(raw.get("valid_from")),
        "valid_to": to_datetime(raw.get("valid_to")),
        "currency": str(raw.get("currency_id") or "").upper(),
        "percent": to_number(raw.get("value")) if value_type == PERCENTAGE_DISCOUNT else None,
        "price": to_number(raw.get("value")) if value_type == FINAL_PRICE else None,
        "regular_price": None,
    }


def _price(offer: dict, product: dict | None) -> None:
    """The product's regular price in the offer's currency, and the price after a percentage
    discount; a picture of the product when the offer has none."""
    product = product if isinstance(product, dict) else {}
    for price in product.get("prices") or []:
        if isinstance(price, dict) and str(price.get("currency_id") or "").upper() == offer["currency"]:
            regular = to_number(price.get("value"))
            if regular:
                offer["regular_price"] = regular
            break
    if offer["percent"] is not None and offer["regular_price"]:
        offer["price"] = to_number(round(offer["regular_price"] * (100 - offer["percent"]) / 100, 2))
    if offer["price"] is not None and offer["regular_price"] is not None and offer["regular_price"] <= offer["price"]:
        offer["regular_price"] = None  # no saving to show
    if not offer["image_url"]:
        offer["image_url"] = next(filter(None, map(https_url, product.get("image_urls") or [])), "")


def _is_current(offer: dict, now: datetime) -> bool:
    return (offer["valid_from"] is None or offer["valid_from"] <= now) and \
        (offer["valid_to"] is None or offer["valid_to"] >= now)


def slug_for(name: str) -> str:
    """The readable part of a campaign's address, from its name in the page's language."""
    return slugify(name) or slugify(gettext("campaign"))


def _path(campaign_id: str, name: str) -> str:
    return reverse("campaigns:detail", kwargs={"campaign_id": campaign_id, "slug": slug_for(name)})


# --- selectors ----------------------------------------------------------------------------------------


def campaigns_running() -> list[dict]:
    """The active campaigns with an offer for the web valid now, the soonest to end first."""
    offers_by_campaign = _current_offers()
    campaigns = []
    for record in _all_campaigns():
        if not isinstance(record, dict) or record.get("state") != ACTIVE or not record.get("name"):
            continue
        campaign_id = str(record.get("campaign_id") or record.get("idcampaign") or "")
        offers = offers_by_campaign.get(campaign_id)
        if not offers:
            continue
        ends = [o["valid_to"] for o in offers if o["valid_to"]]
        campaigns.append({
            "campaign_id": campaign_id,
            "name": record["name"],
            "url": _path(campaign_id, record["name"]),
            "offer_count": len(offers),
            "highlights": [o["name"] for o in offers[:3]],
            "image_url": next((o["image_url"] for o in offers if o["image_url"]), ""),
            "ends": max(ends) if ends else None,
        })
    far = _now().replace(year=9999)
    return sorted(campaigns, key=lambda c: (c["ends"] or far, c["name"]))


def campaign_link(*, campaign_id: str) -> dict:
    """Where a campaign's stable link leads: ``{"url": canonical path}``, or the missing page's data."""
    record = _record(campaign_id)
    if record.get("missing"):
        return {"status": MISSING, "running": campaigns_running()[:OTHER_CAMPAIGNS]}
    return {"status": "found", "url": _path(campaign_id, str(record.get("name") or ""))}


def campaign_page(*, campaign_id: str, session: CustomerSession | None = None) -> dict:
    """A campaign's page: its status, its offers, its address in every language and, for a
    logged-in customer, what applies to them."""
    record = _record(campaign_id)
    if record.get("missing"):
        return {"status": MISSING, "running": campaigns_running()[:OTHER_CAMPAIGNS]}
    name = str(record.get("name") or "")
    if record.get("state") != ACTIVE:
        return {"status": FINISHED, "name": name, "running": campaigns_running()[:OTHER_CAMPAIGNS]}
    found = _offers(campaign_id)
    now = _now()
    offers = [{**o, "is_upcoming": bool(o["valid_from"] and o["valid_from"] > now)} for o in found["offers"]]
    current = [o for o in offers if _is_current(o, now)]
    # Without an offer to show, a campaign whose web offers have all ended is over; one that never
    # had any has nothing to show yet.
    status = RUNNING if current else UPCOMING if offers else FINISHED if found["ended"] else RUNNING
    if status == FINISHED:
        return {"status": FINISHED, "name": name, "running": campaigns_running()[:OTHER_CAMPAIGNS]}
    return {
        "status": status,
        "campaign_id": campaign_id,
        "name": name,
        "slug": slug_for(name),
        "path": _path(campaign_id, name),
        "paths": _paths(campaign_id),
        "offers": offers,
        "current_count": len(current),
        "starts": min((o["valid_from"] for o in offers if o["valid_from"]), default=None),
        "ends": max((o["valid_to"] for o in current if o["valid_to"]), default=None),
        "image_url": next((o["image_url"] for o in offers if o["image_url"]), ""),
        "personal": _personal(session) if session is not None and session.is_authenticated else None,
    }


def _paths(campaign_id: str) -> dict[str, str]:
    """The page's canonical path in every language (each with the slug of its own name); a
    language whose name cannot be read gets the stable link, which redirects."""
    paths = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            try:
                record = _record(campaign_id)
                other = str(record.get("name") or "") if not record.get("missing") else ""
            except cc.CareCloudError as error:
                log.warning("campaign %s in %s could not be read: %s", campaign_id, code, error)
                other = ""
            paths[code] = _path(campaign_id, other) if other else reverse(
                "campaigns:link", kwargs={"campaign_id": campaign_id})
    return paths


def _personal(session: CustomerSession) -> dict:
    """The customer's balance and the campaign rewards offered to them now. CareCloud links no
    reward to a campaign, so these are all of the customer's campaign rewards (reward_group 2),
    each with the customer's progress towards it. A failed read leaves that part out."""
    auth = {"token": session.token, "customer_id": session.customer_id}
    reads = concurrently(
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
        rewards=lambda: optional("rewards", lambda: resources.customer_rewards_every(**auth, is_valid=True)),
    )
    balance = to_number((reads["points"] or {}).get("available_points"))
    rewards = [with_progress(shape_reward(r), balance) for r in reads["rewards"] or []
               if isinstance(r, dict) and r.get("reward_group") == CAMPAIGN_REWARD_GROUP]
    return {
        "points": balance,
        "rewards": [r for r in rewards if r],
        "rewards_available": reads["rewards"] is not None,
    }
