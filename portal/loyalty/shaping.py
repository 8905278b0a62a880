"""CareCloud's records shaped for templates: the small pure functions the loyalty pages share
with the campaign pages, the purchases and the data export (numbers, dates, safe URLs, paging,
rewards). No CareCloud calls here: selectors read, this module shapes what they read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

GENDERS = {
    1: _("Male"),
    2: _("Female"),
    3: _("Miss"),
    4: _("Prefer not to say"),
    5: _("Other"),
}
CONSENT_VALUES = {
    1: _("Given"),
    0: _("Withdrawn"),
    2: _("Not set"),
}
REWARD_GROUPS = {
    0: _("At the till"),
    1: _("Catalogue reward"),
    2: _("Campaign reward"),
    4: _("Personal reward"),
    5: _("Gift reward"),
}


def page_number(value: Any) -> int:
    """``?page=`` as a positive integer; anything else is page 1."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 10_000 else 1


@dataclass(frozen=True)


class Pagination:
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def is_paginated(self) -> bool:
        return self.pages > 1 or self.number > 1


def to_datetime(value: Any) -> datetime | None:
    """A CareCloud timestamp (``YYYY-MM-DD HH:MM:SS`` or ISO-8601, local time) as a datetime."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)  # CareCloud's times are in the project's local zone
    return parsed


def to_date(value: Any) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return parse_date(value.strip()[:10])
    except ValueError:
        return None


def to_number(value: Any) -> int | float | None:
    """A CareCloud number (points are floats there); whole ones as int, so that plural forms
    ("1 bod", "3 body", "5 bodů") are chosen for an integer and "1,5 bodu" stays fractional."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


def https_url(url: Any) -> str:
    """A URL from CareCloud to put in ``src``/``href``: only http(s), never ``javascript:`` etc."""
    url = url.strip() if isinstance(url, str) else ""
    return url if url.lower().startswith(("https://", "http://")) else ""


URL_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")  # loyalty.urls.CareCloudIdConverter


def reward_page_url(reward_id: Any, name: str = "loyalty:reward-detail") -> str:
    """The portal's page of a reward, or "" for an id the URL cannot carry (missing, or with other
    characters: the spec makes ``reward_id`` optional and says nothing of its alphabet)."""
    if not isinstance(reward_id, str) or not URL_ID.fullmatch(reward_id):
        return ""
    return reverse(name, kwargs={"reward_id": reward_id})


def voucher_page_url(voucher_id: Any) -> str:
    """The portal's page of one of the customer's vouchers ("" for an id a URL cannot carry)."""
    if not isinstance(voucher_id, str) or not URL_ID.fullmatch(voucher_id):
        return ""
    return reverse("loyalty:voucher-detail", kwargs={"voucher_id": voucher_id})


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
        "redeem_url": (reward_page_url(reward.get("reward_id"), "loyalty:reward-redeem")
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


def address_lines(address: dict) -> list[str]:
    street = " ".join(str(address.get(k) or "") for k in ("address1",) if address.get(k))
    numbers = "/".join(str(address.get(k)) for k in ("address2", "address3") if address.get(k))
    lines = [" ".join(part for part in (street, numbers) if part)]
    lines += [str(address.get(k)) for k in ("address4", "address5", "address6", "address7") if address.get(k)]
    lines.append(" ".join(str(address.get(k)) for k in ("zip", "city") if address.get(k)))
    return [line for line in lines if line.strip()]
