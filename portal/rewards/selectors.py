"""Reads for the rewards and vouchers pages: one selector per page, keyword-only, named
``<entity>_<action>``: the rewards offered to the customer (a page of them, one with its offer:
what exchanging points for it would do) and the customer's vouchers (a page of one state, one
with the balance).

A reward's page, and a voucher's link to it, exist only while the reward is offered to the
customer now (getSubCustomerRewards): getReward answers for any reward of the project. The
customer's token and id come from the ``CustomerSession`` the view passes in, never from a URL;
the balance beside a reward or a voucher degrades to "not available" when it cannot be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import customer_cache, resources
from portal.carecloud import exceptions as cc
from portal.carecloud.reads import concurrently, optional
from portal.core.shaping import Pagination, https_url, to_datetime, to_number

from .shaping import shape_reward, voucher_page_url, voucher_value_unit, with_progress

VOUCHER_PAGE_SIZE = 12
REWARD_PAGE_SIZE = 12
PICKS = 3  # picks for you shown on the overview and the rewards page


class VoucherState:
    VALID = "valid"
    UPCOMING = "upcoming"
    APPLIED = "applied"
    EXPIRED = "expired"

    # The tabs of the vouchers page.
    CHOICES = {
        VALID: _("Valid"),
        UPCOMING: _("Upcoming"),
        APPLIED: _("Used"),
        EXPIRED: _("Expired"),
    }
    # One voucher's state, as its badge says it.
    LABELS = {
        VALID: pgettext_lazy("voucher state", "Valid"),
        UPCOMING: pgettext_lazy("voucher state", "Not valid yet"),
        APPLIED: pgettext_lazy("voucher state", "Used"),
        EXPIRED: pgettext_lazy("voucher state", "Expired"),
    }
    # (is_valid, is_applied) for getSubCustomerVouchers. The spec's is_valid=false means "before OR
    # after the validity range", so the upcoming and expired tabs share one query and are told apart
    # by the vouchers' own dates.
    FILTERS = {
        VALID: (True, False),
        UPCOMING: (False, False),
        APPLIED: (None, True),
        EXPIRED: (False, False),
    }

    @classmethod
    def clean(cls, value: Any) -> str:
        """The tab asked for in the query string; anything unknown is the first tab."""
        return value if value in cls.CHOICES else cls.VALID


def _voucher_state(voucher: dict, tab: str) -> str:
    """A voucher's own state from its dates (CareCloud's is_valid=false does not say whether it is
    expired or not valid yet); the tab it was asked for decides where the dates say nothing."""
    if tab == VoucherState.APPLIED or to_datetime(voucher.get("applied_date")):
        return VoucherState.APPLIED
    now = timezone.now()
    valid_from = to_datetime(voucher.get("valid_from"))
    valid_to = to_datetime(voucher.get("valid_to"))
    if valid_to and valid_to < now:
        return VoucherState.EXPIRED
    if valid_from and valid_from > now:
        return VoucherState.UPCOMING
    return VoucherState.VALID if tab == VoucherState.VALID else VoucherState.EXPIRED


def _voucher(voucher: dict, tab: str = VoucherState.VALID) -> dict:
    state = _voucher_state(voucher, tab)
    return {
        "voucher_id": voucher.get("voucher_id") or "",
        "detail_url": voucher_page_url(voucher.get("voucher_id")),
        "code": str(voucher.get("code") or ""),
        "value": to_number(voucher.get("value")),
        "value_unit": voucher_value_unit(voucher.get("reward")),  # "money" or "percent"
        "valid_from": to_datetime(voucher.get("valid_from")),
        "valid_to": to_datetime(voucher.get("valid_to")),
        "applied_date": to_datetime(voucher.get("applied_date")),
        "note": voucher.get("note") or "",
        "reward": shape_reward(voucher.get("reward")),
        "state": state,
        "state_label": VoucherState.LABELS[state],
    }


def vouchers_for_customer(*, session: CustomerSession, state: str, page: int = 1) -> dict:
    """One page of the customer's vouchers in one state (valid / upcoming / applied / expired).

    Valid and used vouchers are paged by CareCloud. Upcoming and expired ones come from the same
    query (is_valid=false), read whole and told apart by their dates, then paged here. A voucher's
    reward links to the reward's page only while the reward is offered to the customer (that page
    shows nothing else).

    The offered rewards are read beside the vouchers, not after them, so the page waits for one
    call, not two in turn. That costs a call made for nothing when no voucher of the page names a
    reward (an empty tab); the offered rewards are not cached instead, as a link must not lead to a
    reward no longer offered."""
    state = VoucherState.clean(state)
    auth = customer_auth(session)
    is_valid, is_applied = VoucherState.FILTERS[state]
    pagination = Pagination(number=page, size=VOUCHER_PAGE_SIZE, total=0)
    whole_tab = state in (VoucherState.UPCOMING, VoucherState.EXPIRED)
    reads = concurrently(
        vouchers=lambda: resources.customer_vouchers_every(**auth, is_valid=is_valid, is_applied=is_applied)
        if whole_tab else resources.customer_vouchers(**auth, is_valid=is_valid, is_applied=is_applied,
                                                      count=pagination.size, offset=pagination.offset),
        offered=lambda: _offered_reward_ids(auth),
    )
    if whole_tab:
        every = [_voucher(v, state) for v in reads["vouchers"] if isinstance(v, dict)]
        matching = [v for v in every if v["state"] == state]
        vouchers = matching[pagination.offset:pagination.offset + pagination.size]
        total = len(matching)
    else:
        vouchers = [_voucher(v, state) for v in reads["vouchers"].items if isinstance(v, dict)]
        total = reads["vouchers"].total
    for voucher in vouchers:
        if voucher["reward"] and voucher["reward"]["reward_id"] not in reads["offered"]:
            voucher["reward"]["detail_url"] = ""
    return {
        "state": state,
        "vouchers": vouchers,
        "pagination": Pagination(number=page, size=pagination.size, total=total),
    }


def _offered_reward_ids(auth: dict) -> set[str]:
    """Ids of the rewards offered to the customer now (getSubCustomerRewards, every page): the only
    ones the portal shows a page of. Empty when the list cannot be read. (``auth``'s plain values, so
    that it can run beside other reads.)"""
    rewards = optional("offered rewards", lambda: resources.customer_rewards_every(**auth, is_valid=True), [])
    return {str(r.get("reward_id")) for r in rewards if isinstance(r, dict) and r.get("reward_id")}


@dataclass(frozen=True)
class Pick:
    """One of CareCloud's recommendations for the member (a hint record), shaped for a tile."""

    recommendation_id: str
    name: str
    text: str
    image_url: str  # "" where the record has no picture: the tile shows the theme's
    url: str  # the portal's reward or campaign page, a page elsewhere, or "" (no link)
    kind: str  # "reward", "campaign", "external" or "" (what ``url`` leads to)


# Portal pages a recommendation's web_url may name by path, and the kind of pick each makes.
_PICK_PAGES = {"rewards:reward-detail": "reward", "campaigns:link": "campaign", "campaigns:detail": "campaign"}


def _resolved(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


def _pick_link(web_url: Any) -> tuple[str, str]:
    """Where a recommendation leads: one of the portal's reward or campaign pages named by its path
    (rebuilt from the resolved page, so nothing but the id is taken from it), an http(s) page
    elsewhere, or nowhere."""
    url = web_url.strip() if isinstance(web_url, str) else ""
    if url.startswith("/") and not url.startswith("//"):
        path = urlsplit(url).path
        match = _resolved(path) or _resolved(f"/{translation.get_language()}{path}")  # without its language
        if match is None:
            return "", ""
        kind = _PICK_PAGES.get(match.view_name)
        if kind:
            return reverse(match.view_name, kwargs=match.kwargs), kind
        return "", ""
    external = https_url(url)
    return (external, "external") if external else ("", "")


def shape_pick(record: dict) -> Pick | None:
    """A hint record as a tile; None for one without a name or no longer active (state 1 is active;
    a record without a state counts as active)."""
    name = str(record.get("name") or "").strip()
    if not name or record.get("state", 1) != 1:
        return None
    url, kind = _pick_link(record.get("web_url"))
    pictures = [u for u in map(https_url, record.get("picture_urls") or []) if u]
    return Pick(
        recommendation_id=str(record.get("recommendation_id") or ""),
        name=name,
        text=str(record.get("brief_description") or "").strip(),
        image_url=pictures[0] if pictures else "",
        url=url,
        kind=kind,
    )


def picks_for_customer(*, auth: dict) -> tuple[Pick, ...]:
    """The first few recommendations CareCloud has for the member (getSubCustomerHintRecords),
    kept briefly for the session (the overview and the rewards page share them; they change with
    CareCloud's back office, not with the member's clicks). Raises on a failed read: callers wrap
    it in ``optional``. (``auth``'s plain values, so that it can run beside other reads.)"""

    def fetch() -> tuple[Pick, ...]:
        page = resources.customer_recommendations(**auth, count=PICKS * 2)
        shaped = (shape_pick(r) for r in page.items if isinstance(r, dict))
        return tuple(p for p in shaped if p)[:PICKS]

    return customer_cache.cached(token=auth["token"], name="picks", fetch=fetch)


def rewards_for_customer(*, session: CustomerSession, page: int = 1) -> dict:
    """One page of the rewards offered to the customer now, with the balance to compare costs."""
    auth = customer_auth(session)
    pagination = Pagination(number=page, size=REWARD_PAGE_SIZE, total=0)
    reads = concurrently(
        rewards=lambda: resources.customer_rewards(**auth, is_valid=True, count=pagination.size,
                                                   offset=pagination.offset),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
        picks=lambda: optional("picks for you", lambda: picks_for_customer(auth=auth)),
    )
    result, points = reads["rewards"], reads["points"]
    balance = to_number((points or {}).get("available_points"))
    return {
        "rewards": [with_progress(shape_reward(r), balance) for r in result.items if isinstance(r, dict)],
        "picks": reads["picks"] if page == 1 else (),  # None where they cannot be read
        "points": balance,
        "pagination": Pagination(number=page, size=pagination.size, total=result.total),
    }


def reward_detail(*, session: CustomerSession, reward_id: str) -> dict:
    """One reward offered to the customer now (NotFoundError otherwise).

    getReward is only "a specific reward" of the project: a real CareCloud may answer for a
    reward that is inactive, expired or meant for someone else. So the reward must first be among
    the customer's own valid rewards (getSubCustomerRewards, every page; it has no reward_id
    filter); getReward then gives its full record (with the stores)."""
    return _offered_reward(customer_auth(session), reward_id)


def _offered_reward(auth: dict, reward_id: str) -> dict:
    """reward_detail with plain values (``token``, ``customer_id``), so it can run beside other reads."""
    offered = resources.customer_rewards_every(**auth, is_valid=True)
    if not any(isinstance(r, dict) and str(r.get("reward_id") or "") == reward_id for r in offered):
        raise cc.NotFoundError(404, title="Reward not offered to this customer")
    record = resources.reward_get(token=auth["token"], reward_id=reward_id)
    if not isinstance(record, dict) or not record or str(record.get("reward_id") or reward_id) != reward_id:
        raise cc.NotFoundError(404, title="Reward without data")
    return shape_reward({**record, "reward_id": reward_id})


class OfferState:
    """What the customer can do with a reward offered to them (the redeem confirmation's states)."""

    READY = "ready"  # redeemable and the balance covers its cost
    NOT_ENOUGH = "not_enough"  # the balance is lower than its cost
    BALANCE_UNKNOWN = "balance_unknown"  # redeemable, but the balance could not be read: CareCloud decides
    NOT_REDEEMABLE = "not_redeemable"  # not a reward for points (applied at the till, a gift, ...)


def reward_offer(*, session: CustomerSession, reward_id: str) -> dict:
    """A reward offered to the customer (NotFoundError otherwise, as reward_detail) with what
    exchanging points for it would do: the balance now and after, the points still missing, and
    its :class:`OfferState`. The balance is read beside the reward; when it cannot be read the
    page still works and says so."""
    auth = customer_auth(session)
    reads = concurrently(
        reward=lambda: _offered_reward(auth, reward_id),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
    )
    return _offer(reads["reward"], to_number((reads["points"] or {}).get("available_points")))


def _offer(reward: dict, balance: int | float | None) -> dict:
    """The offer of a reward (as ``_reward`` shapes it) to a customer with ``balance`` points."""
    cost = reward["points_cost"]
    if not reward["redeem_url"]:
        state = OfferState.NOT_REDEEMABLE
    elif balance is None:
        state = OfferState.BALANCE_UNKNOWN
    elif balance < cost:
        state = OfferState.NOT_ENOUGH
    else:
        state = OfferState.READY
    return {
        "reward": reward,
        "cost": cost,
        "balance": balance,
        "balance_after": to_number(balance - cost) if balance is not None and cost else None,
        "missing": to_number(cost - balance) if state == OfferState.NOT_ENOUGH else None,
        "state": state,
    }


def voucher_detail(*, session: CustomerSession, voucher_id: str) -> dict:
    """One of the customer's own vouchers (getVoucher), with the balance now (NotFoundError for
    an unknown voucher or anyone else's: a real CareCloud may answer getVoucher for any voucher of
    the project, so its ``customer_id`` must be the session's). Its reward links to the reward's
    page only while the reward is offered to the customer."""
    auth = customer_auth(session)
    reads = concurrently(
        voucher=lambda: resources.voucher_get(token=auth["token"], voucher_id=voucher_id),
        points=lambda: optional("points overview", lambda: resources.wallet_points(**auth)),
        offered=lambda: optional("offered rewards", lambda: resources.customer_rewards_every(
            **auth, is_valid=True), []),
    )
    record = reads["voucher"]
    if (not isinstance(record, dict) or str(record.get("customer_id") or "") != str(auth["customer_id"])
            or str(record.get("voucher_id") or voucher_id) != voucher_id or record.get("state") == 0):
        raise cc.NotFoundError(404, title="Not a voucher of this customer")
    voucher = _voucher({**record, "voucher_id": voucher_id})
    offered = {str(r.get("reward_id")) for r in reads["offered"] if isinstance(r, dict) and r.get("reward_id")}
    if voucher["reward"] and voucher["reward"]["reward_id"] not in offered:
        voucher["reward"]["detail_url"] = ""
    return {
        "voucher": voucher,
        "points": to_number((reads["points"] or {}).get("available_points")),
    }
