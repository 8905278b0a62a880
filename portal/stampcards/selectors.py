"""Reads for the stamp cards page: every stamper campaign running now, each with the customer's
card in it (stamps N of M), what a full card gives, the bonuses on the way and when it ends.

Two reads at once: the running campaigns (getStamperCampaigns, ``is_valid``) and the customer's
stamper cards (getStamperCards). A campaign where the customer has no stamp yet has no card
(CareCloud creates it at the first stamp): it is shown as an empty card. A campaign may be
repeated (``count_of_campaign_repetitions`` cards to fill): the card shown is the latest one; when
it is full, the next stamp starts a new card, if the campaign allows another.

:func:`closest_to_full` picks the card nearest its reward, for a panel elsewhere (the overview).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

from portal.accounts.session import CustomerSession, customer_auth
from portal.carecloud import resources
from portal.carecloud.reads import concurrently
from portal.core.shaping import to_datetime, to_number

ACTIVE = 1  # a campaign's, card's and stamp's state: 0 deleted (or blocked), 1 active


@dataclass(frozen=True)
class Checkpoint:
    """A bonus along the way: what the ``stamp_number``-th stamp gives."""

    stamp_number: int
    description: str


@dataclass(frozen=True)
class Slot:
    """One place on the card, for drawing it: its number, whether it holds a stamp, and the bonus
    it unlocks (if any)."""

    number: int
    stamped: bool
    bonus: str


@dataclass(frozen=True)
class StampCard:
    campaign_id: str
    name: str
    description: str
    conditions: tuple[str, ...]  # how a stamp is earned
    stamp_count: int  # M: the stamps a full card holds
    stamps: int  # N: the stamps on the customer's current card (0 without a card)
    is_full: bool
    full_card_gives: str  # the bonus of the last stamp ('' when CareCloud names none)
    checkpoints: tuple[Checkpoint, ...]  # the bonuses before the last stamp
    ends: datetime | None
    cards_filled: int  # the customer's full cards in this campaign (the current one included)
    repetitions: int | None  # how many cards the campaign lets a customer fill

    @property
    def remaining(self) -> int:
        return max(0, self.stamp_count - self.stamps)

    @property
    def has_next_card(self) -> bool:
        """A full card whose campaign lets the customer fill another: the next stamp starts it."""
        return self.is_full and (self.repetitions is None or self.cards_filled < self.repetitions)

    @property
    def slots(self) -> list[Slot]:
        bonuses = {c.stamp_number: c.description for c in self.checkpoints}
        if self.full_card_gives:
            bonuses[self.stamp_count] = self.full_card_gives
        return [Slot(number, number <= self.stamps, bonuses.get(number, ""))
                for number in range(1, self.stamp_count + 1)]


def _count(value) -> int | None:
    number = to_number(value)
    return int(number) if isinstance(number, int) and number >= 0 else None


def _running(campaign: dict, now: datetime) -> bool:
    """Active, within its validity now (the read asks for those; an upstream that ignored the
    filter must not show an ended campaign), and with a card of at least one stamp."""
    if campaign.get("state", ACTIVE) != ACTIVE or not (_count(campaign.get("stamp_count")) or 0):
        return False
    starts, ends = to_datetime(campaign.get("valid_from")), to_datetime(campaign.get("valid_to"))
    return (starts is None or starts <= now) and (ends is None or now <= ends)


def _active_stamps(card: dict) -> int:
    return sum(1 for stamp in card.get("stamps") or []
               if isinstance(stamp, dict) and stamp.get("state", ACTIVE) == ACTIVE)


def _is_full(card: dict, stamp_count: int) -> bool:
    return card.get("is_filled_up") is True or _active_stamps(card) >= stamp_count


def _card_order(card: dict) -> tuple:
    return (_count(card.get("stamper_card_order")) or 0, str(card.get("created_at") or ""))


def stamp_card(campaign: dict, cards: list[dict]) -> StampCard:
    """One campaign with the customer's cards in it, shaped for the page."""
    stamp_count = _count(campaign.get("stamp_count")) or 0
    checkpoints, full_card_gives = [], ""
    for checkpoint in campaign.get("stamper_bonus_checkpoints") or []:
        number = _count(checkpoint.get("stamp_number")) if isinstance(checkpoint, dict) else None
        text = str(checkpoint.get("description") or "").strip() if isinstance(checkpoint, dict) else ""
        if not number or not text:
            continue
        if number >= stamp_count:
            full_card_gives = text
        else:
            checkpoints.append(Checkpoint(number, text))
    current = max(cards, key=_card_order) if cards else None
    stamps = min(_active_stamps(current), stamp_count) if current else 0
    return StampCard(
        campaign_id=str(campaign.get("stamper_campaign_id") or ""),
        name=str(campaign.get("name") or ""),
        description=str(campaign.get("description") or ""),
        conditions=tuple(str(c.get("description")).strip() for c in campaign.get("stamper_conditions") or []
                         if isinstance(c, dict) and str(c.get("description") or "").strip()),
        stamp_count=stamp_count,
        stamps=stamps,
        is_full=bool(current) and _is_full(current, stamp_count),
        full_card_gives=full_card_gives,
        checkpoints=tuple(sorted(checkpoints, key=lambda c: c.stamp_number)),
        ends=to_datetime(campaign.get("valid_to")),
        cards_filled=sum(1 for card in cards if _is_full(card, stamp_count)),
        repetitions=_count(campaign.get("count_of_campaign_repetitions")) or None,
    )


def stamp_cards_for_customer(*, session: CustomerSession) -> list[StampCard]:
    """Every running stamper campaign with the customer's card in it, the soonest to end first."""
    return stamp_cards_for_auth(auth=customer_auth(session))


def stamp_cards_for_auth(*, auth: dict) -> list[StampCard]:
    """:func:`stamp_cards_for_customer` from ``auth``'s plain values (to run beside other reads)."""
    reads = concurrently(
        campaigns=lambda: resources.stamper_campaigns_every(token=auth["token"], is_valid=True),
        cards=lambda: resources.stamper_cards_every(**auth),
    )
    now = timezone.now()
    by_campaign: dict[str, list[dict]] = {}
    for card in reads["cards"]:
        if isinstance(card, dict) and card.get("state", ACTIVE) == ACTIVE:
            by_campaign.setdefault(str(card.get("stamper_campaign_id") or ""), []).append(card)
    shaped = [stamp_card(campaign, by_campaign.get(str(campaign.get("stamper_campaign_id") or ""), []))
              for campaign in reads["campaigns"] if isinstance(campaign, dict) and _running(campaign, now)]
    return sorted(shaped, key=lambda card: (card.ends is None, card.ends or now, card.name))


def closest_to_full(cards: Iterable[StampCard]) -> StampCard | None:
    """The card nearest its reward: of the cards that are not full and hold a stamp, the one with
    the largest share of its stamps, then the fewest stamps to go, then the soonest to end. None
    when no card qualifies (nothing started, or every card full)."""
    started = [card for card in cards if not card.is_full and card.stamps > 0]
    if not started:
        return None
    return min(started, key=lambda card: (-card.stamps / card.stamp_count, card.remaining,
                                          card.ends is None, card.ends or datetime.max.replace(tzinfo=UTC)))


def closest_stamp_card(*, session: CustomerSession) -> StampCard | None:
    """The customer's stamp card nearest its reward (see :func:`closest_to_full`), for the overview."""
    return closest_to_full(stamp_cards_for_customer(session=session))
