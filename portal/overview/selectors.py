"""Reads for the overview, the member's home page: the greeting, the tier and the progress to the
next one, the points and what expires next, the main card, the count of valid vouchers and a few
rewards to aim for.

A selector calls the thin ``resources`` wrappers (one CareCloud operation each, never the same
operation twice per page), fetches only what its page shows, and returns small typed objects the
template renders: CareCloud's timestamps parsed into dates, every optional field of the spec
allowed to be missing. A card and a reward are shaped as their own pages shape them
(portal/cards, portal/rewards).

The customer's token and id come from the ``CustomerSession`` the view passes in, never from a URL.
Every tile but the greeting is a secondary panel: it degrades to "not available" when its call
fails; the customer record itself lets the error reach the middleware (login, 404 or 503 page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from portal.accounts.session import CustomerSession, customer_auth
from portal.cards import selectors as cards
from portal.carecloud import customer_cache, reference, resources
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import to_date, to_datetime, to_number
from portal.inbox import selectors as inbox
from portal.rewards.selectors import Pick, picks_for_customer
from portal.rewards.shaping import shape_reward, with_progress
from portal.stampcards import selectors as stampcards

DASHBOARD_REWARDS = 3


@dataclass(frozen=True)
class Tier:
    """The customer's current status (tier) and the progress to the next one."""

    name: str
    description: str
    valid_to: datetime | None
    next_name: str  # "" at the highest tier
    next_points_missing: int | float | None
    next_points_needed: int | float | None
    progress: int | None  # per cent of the next tier's qualification points already collected


@dataclass(frozen=True)
class Dashboard:
    """What the overview shows; ``*_available`` False (or None) where a tile's read failed."""

    first_name: str
    salutation: str
    tier: Tier | None  # None where the customer has no status (yet), or it cannot be read
    tier_available: bool  # False where the status could not be read
    points: int | float | None
    points_available: bool
    expiring_amount: int | float | None
    expiring_date: date | None
    main_card: cards.Card | None
    cards_available: bool
    offer_digital_card: bool  # no valid card, and the project gives digital cards ("Get your digital card")
    valid_vouchers: int | None
    rewards: tuple[dict, ...]  # as portal/rewards/shaping.py shapes them, with the progress to each
    rewards_available: bool
    # A member who is just starting: no status and no points yet (both read; a card or not): the
    # overview explains how to start (the card, adding a card, how points come, the first reward).
    first_run: bool
    first_reward: dict | None  # the cheapest reward for points among ``rewards``: the first one in reach
    # Issue 19's panels, each optional and kept for the session (at most one call each, when cold):
    stamp_card: stampcards.StampCard | None = None  # the card closest to full, if one is started
    stamp_cards_available: bool = True
    new_messages: int | None = None  # None where the messages cannot be read
    picks: tuple[Pick, ...] | None = ()  # None where they cannot be read


def _mine(auth: dict, name: str, fetch: Callable[[], Any]) -> Any:
    """A read of the customer's own rarely-changing data for the overview, cached briefly for this
    session until its next write (portal/carecloud/customer_cache.py)."""
    return customer_cache.cached(token=auth["token"], name=name, fetch=fetch)


def dashboard_for_customer(*, session: CustomerSession) -> Dashboard:
    """Greeting, tier and progress, points and expiring points, the main card, the count of valid
    vouchers and a few rewards to aim for. The reads are independent, so they run at once."""
    auth = customer_auth(session)
    token = session.token
    seen = inbox.seen_until(session.customer_id)  # the database, here: the reads' threads get plain values
    reads = concurrently(
        stamp_cards=lambda: optional("stamp cards", lambda: _mine(
            auth, "stamp-cards", lambda: stampcards.stamp_cards_for_auth(auth=auth))),
        new_messages=lambda: optional("new messages", lambda: _mine(
            auth, inbox.new_messages_cache_name(seen), lambda: inbox.new_messages_count_for(auth=auth, seen=seen))),
        picks=lambda: optional("picks for you", lambda: picks_for_customer(auth=auth)),
        customer=lambda: _mine(auth, "record", lambda: resources.customer_get(**auth)),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
        expiration=lambda: optional("points expiration", lambda: resources.wallet_points_expiration(**auth)),
        cards=lambda: optional("cards", lambda: cards.valid_cards(auth=auth)),
        vouchers=lambda: optional("vouchers", lambda: resources.customer_vouchers(
            **auth, is_valid=True, is_applied=False, count=1)),
        rewards=lambda: optional("rewards", lambda: resources.customer_rewards(
            **auth, is_valid=True, count=DASHBOARD_REWARDS)),
        card_types=lambda: optional("card types", lambda: reference.card_types(token=token)),
        tier=lambda: _status(auth),
    )
    info = reads["customer"].get("personal_information") or {}
    points, expiration = reads["points"], reads["expiration"]
    cards_page, vouchers_page, rewards_page = reads["cards"], reads["vouchers"], reads["rewards"]
    balance = to_number((points or {}).get("available_points"))

    card_summary = cards.cards_summary(cards_page, reads["card_types"])
    tier = reads["tier"][0] if reads["tier"] else None
    tier_available = bool(reads["tier"] and reads["tier"][1])
    rewards = tuple(with_progress(shape_reward(r), balance) for r in (rewards_page.items if rewards_page else []))
    priced = [r for r in rewards if r and r.get("points_cost")]
    first_run = tier_available and tier is None and points is not None and not balance

    return Dashboard(
        first_name=info.get("first_name") or "",
        salutation=info.get("salutation") or "",
        tier=tier,
        tier_available=tier_available,
        points=balance,
        points_available=points is not None,
        expiring_amount=to_number((expiration or {}).get("next_amount")),
        expiring_date=to_date((expiration or {}).get("next_date")),
        main_card=card_summary.main_card,
        cards_available=cards_page is not None,
        offer_digital_card=card_summary.offer_digital_card,
        valid_vouchers=vouchers_page.total if vouchers_page is not None else None,
        rewards=rewards,
        rewards_available=rewards_page is not None,
        first_run=first_run,
        first_reward=min(priced, key=lambda r: r["points_cost"]) if priced else None,
        stamp_card=stampcards.closest_to_full(reads["stamp_cards"] or []),
        stamp_cards_available=reads["stamp_cards"] is not None,
        new_messages=reads["new_messages"],
        picks=reads["picks"],
    )


def _tier(auth: dict) -> Tier | None:
    """The customer's current status and progress to the next one; None where the customer has no
    status or it cannot be read (``_status`` tells the two apart)."""
    return _status(auth)[0]


def _status(auth: dict) -> tuple[Tier | None, bool]:
    """The customer's current status and progress to the next one (getSubCustomerStatus +
    getStatuses for names and qualification points), and whether the status could be read: (None,
    True) for a customer without a status (yet), (None, False) when it cannot be read."""
    records = optional("status records", lambda: _mine(auth, "status-now", lambda: resources.customer_status_records(
        **auth, valid_now=True, count=5)))
    if records is None:
        return None, False
    if not records.items:
        return None, True
    record = next((r for r in records.items if r.get("state") == 1), records.items[0])
    statuses = optional("statuses", lambda: reference.statuses(token=auth["token"]))
    by_id = {str(s.get("status_id")): s for s in statuses or [] if isinstance(s, dict) and s.get("status_id")}
    current = by_id.get(str(record.get("status_id"))) or {}
    conditions = record.get("purchase_conditions") or {}
    next_id = conditions.get("next_status_id") or current.get("next_status") or ""
    following = by_id.get(str(next_id)) if next_id else None
    missing = to_number(conditions.get("next_status_points"))
    needed = to_number((following or {}).get("qualification_points"))
    progress = None
    if missing is not None and needed:
        progress = max(0, min(100, round((needed - missing) / needed * 100)))
    return Tier(
        name=current.get("name") or "",
        description=current.get("description") or "",
        valid_to=to_datetime(record.get("valid_to")),
        next_name=(following or {}).get("name") or "",
        next_points_missing=missing if following else None,
        next_points_needed=needed,
        progress=progress if following else None,
    ), True
