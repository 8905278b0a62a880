"""A reward shaped for templates, as the rewards pages, the overview and the campaign pages show
it, and the portal's pages of a reward and a voucher. No CareCloud calls here: selectors read,
this module shapes what they read (the generic helpers: portal/core/shaping.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.shaping import URL_ID, https_url, to_number

REWARD_GROUPS = {
    0: _("At the till"),
    1: _("Catalogue reward"),
    2: _("Campaign reward"),
    4: _("Personal reward"),
    5: _("Gift reward"),
}


def reward_page_url(reward_id: Any, name: str = "rewards:reward-detail") -> str:
    """The portal's page of a reward, or "" for an id the URL cannot carry (missing, or with other
    characters: the spec makes ``reward_id`` optional and says nothing of its alphabet)."""
    if not isinstance(reward_id, str) or not URL_ID.fullmatch(reward_id):
        return ""
    return reverse(name, kwargs={"reward_id": reward_id})


def voucher_page_url(voucher_id: Any) -> str:
    """The portal's page of one of the customer's vouchers ("" for an id a URL cannot carry)."""
    if not isinstance(voucher_id, str) or not URL_ID.fullmatch(voucher_id):
        return ""
    return reverse("rewards:voucher-detail", kwargs={"voucher_id": voucher_id})


# "Only Coupons & Catalogue reward or Simple reward can be used here." (postRewardCreateVoucher)
REDEEMABLE_GROUPS = (1, 4)


def is_redeemable(reward: dict) -> bool:
    """Whether the customer can exchange points for a voucher of this reward in the portal: it
    costs points, it is of a group postRewardCreateVoucher takes (or the project does not say),
    and it is not one the till applies by itself. CareCloud still decides when asked."""
    cost = to_number(reward.get("points_cost"))
    group = reward.get("reward_group")
    return (bool(cost) and cost > 0 and (group is None or group in REDEEMABLE_GROUPS)
            and not reward.get("is_automated"))


def voucher_value_unit(reward: Any) -> str:
    """What the value of a voucher of ``reward`` counts: "percent" where the reward's type is one
    the project names in PORTAL_PERCENT_REWARD_TYPES (CareCloud's vouchers carry no unit; their
    reward's ``reward_type_id`` says what kind of discount it is), otherwise "money", in
    PORTAL_CURRENCY (also for a voucher without its reward or a reward without a type)."""
    type_id = reward.get("reward_type_id") if isinstance(reward, dict) else None
    percent_types = {str(t).strip() for t in settings.PORTAL_PERCENT_REWARD_TYPES}
    return "percent" if isinstance(type_id, str) and type_id in percent_types else "money"


def shape_reward(reward: dict | None) -> dict | None:
    if not isinstance(reward, dict) or not reward:
        return None
    images = [url for url in map(https_url, reward.get("image_urls") or []) if url]
    group = reward.get("reward_group")
    return {
        "reward_id": reward.get("reward_id") or "",
        "detail_url": reward_page_url(reward.get("reward_id")),
        "code": reward.get("code") or "",
        "name": reward.get("name") or reward.get("code") or "",
        "subtitle": reward.get("subtitle") or "",
        "note": reward.get("note") or "",
        "points_cost": to_number(reward.get("points_cost")),
        "image_url": images[0] if images else "",
        "image_urls": images,
        "group_label": REWARD_GROUPS.get(group, "") if isinstance(group, int) else "",
        "valid_time_from": (reward.get("valid_time_from") or "")[:5],
        "valid_time_to": (reward.get("valid_time_to") or "")[:5],
        "is_automated": bool(reward.get("is_automated")),
        "external_url": https_url(reward.get("reward_external_url")),
        "tags": [tag.get("name") for tag in (reward.get("tags") or []) if isinstance(tag, dict) and tag.get("name")],
        "stores": [store.get("name") for store in (reward.get("store_list") or [])
                   if isinstance(store, dict) and store.get("name")],
        "redeem_url": (reward_page_url(reward.get("reward_id"), "rewards:reward-redeem")
                       if is_redeemable(reward) else ""),
    }


def with_progress(reward: dict | None, balance: float | None) -> dict | None:
    if reward is None:
        return None
    cost = reward["points_cost"]
    if cost and balance is not None:
        reward["affordable"] = balance >= cost
        reward["missing_points"] = max(cost - balance, 0)
        reward["progress"] = min(100, round(balance / cost * 100)) if cost > 0 else 100
    return reward
