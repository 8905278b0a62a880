"""Opening hours: CareCloud's ``opening`` (days of the week, each with time intervals in the
project's local time) as a week to show and what is true now ("open now, closes at 20:00").

Pure functions of the store's data and the moment, so that tests pin the clock. An interval whose
end is not after its start runs past midnight into the next day (``16:00``–``02:00``); ``23:59:59``
is the end of the day, and intervals that meet (a day's ``24:00`` and the next day's ``00:00``) are
one opening: a store open round the clock is "open 24 hours".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DAY_IDS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
DAY_NAMES = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))
# "opens on Monday at 8:00": the day as that sentence needs it (Czech inflects it: "v pondělí").
ON_DAY = (_("on Monday"), _("on Tuesday"), _("on Wednesday"), _("on Thursday"), _("on Friday"), _("on Saturday"),
          _("on Sunday"))
DAY = 24 * 60
WEEK = 7 * DAY

OPEN, OPEN_ALWAYS, CLOSED, CLOSED_TODAY, UNKNOWN = "open", "open-always", "closed", "closed-today", "unknown"


@dataclass(frozen=True)
class Day:
    name: str
    intervals: tuple[str, ...]  # "7:00–20:00", in the active locale's time format
    is_today: bool


@dataclass(frozen=True)
class Hours:
    state: str  # OPEN, OPEN_ALWAYS, CLOSED, CLOSED_TODAY or UNKNOWN
    summary: str  # "Open now, closes at 20:00"
    week: tuple[Day, ...]  # Monday to Sunday; empty when CareCloud gives no hours

    @property
    def is_open(self) -> bool:
        return self.state in (OPEN, OPEN_ALWAYS)


def _minutes(value) -> int | None:
    """``HH:MM[:SS]`` as minutes after midnight (``23:59:59`` and ``24:00`` are the day's end)."""
    if not isinstance(value, str):
        return None
    parts = value.strip().split(":")
    try:
        hours, minutes = int(parts[0]), int(parts[1]) if len(parts) > 1 else 0
        seconds = int(parts[2]) if len(parts) > 2 else 0
    except ValueError:
        return None
    if not (0 <= hours <= 24 and 0 <= minutes < 60 and 0 <= seconds < 60):
        return None
    total = hours * 60 + minutes
    return DAY if total >= DAY - 1 and (seconds or total == DAY) else total


def _clock(minutes: int) -> str:
    minutes %= DAY
    return formats.time_format(time(minutes // 60, minutes % 60), "TIME_FORMAT")


def segments(opening) -> list[tuple[int, int]]:
    """The week's openings as (start, end) minutes after Monday 00:00, merged where they meet; an
    end may pass the week's end (Sunday night into Monday)."""
    found = []
    for entry in opening or []:
        if not isinstance(entry, dict) or entry.get("day_id") not in DAY_IDS:
            continue
        base = DAY_IDS.index(entry["day_id"]) * DAY
        for interval in entry.get("time_intervals") or []:
            if not isinstance(interval, dict):
                continue
            start, end = _minutes(interval.get("from")), _minutes(interval.get("to"))
            if start is None or end is None or start >= DAY:
                continue
            if end <= start:  # past midnight
                end += DAY
            found.append((base + start, base + end))
    found.sort()
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    # Sunday night running into Monday morning's opening
    if len(merged) > 1 and merged[-1][1] >= WEEK + merged[0][0]:
        first = merged.pop(0)
        merged[-1][1] = max(merged[-1][1], WEEK + first[1])
    return [(start, end) for start, end in merged]


def _week(opening, today: int) -> tuple[Day, ...]:
    by_day: dict[int, list[str]] = {}
    for entry in opening or []:
        if not isinstance(entry, dict) or entry.get("day_id") not in DAY_IDS:
            continue
        day = DAY_IDS.index(entry["day_id"])
        for interval in entry.get("time_intervals") or []:
            if not isinstance(interval, dict):
                continue
            start, end = _minutes(interval.get("from")), _minutes(interval.get("to"))
            if start is None or end is None:
                continue
            text = gettext("open all day") if (start, end) == (0, DAY) else f"{_clock(start)}–{_clock(end)}"
            by_day.setdefault(day, []).append((start, text))
    return tuple(Day(name=str(DAY_NAMES[day]), intervals=tuple(text for _, text in sorted(by_day.get(day, []))),
                     is_today=day == today) for day in range(7))


def hours_at(opening, now: datetime) -> Hours:
    """The store's week and what holds at ``now`` (local time)."""
    today = now.weekday()
    found = segments(opening)
    if not found:
        return Hours(state=UNKNOWN, summary=gettext("Opening hours not given"), week=())
    week = _week(opening, today)
    moment = today * DAY + now.hour * 60 + now.minute
    if len(found) == 1 and found[0][1] - found[0][0] >= WEEK:
        return Hours(state=OPEN_ALWAYS, summary=gettext("Open 24 hours"), week=week)
    for start, end in found:
        if start <= moment < end or start <= moment + WEEK < end:
            return Hours(state=OPEN, summary=gettext("Open now, closes at %(time)s") % {"time": _clock(end)},
                         week=week)
    starts = sorted(((start - moment) % WEEK, start) for start, _end in found)
    wait, start = starts[0]
    days_ahead = ((moment + wait) // DAY) - (moment // DAY)
    opens_today = any(start_ // DAY == today for start_, _end in found)
    values = {"time": _clock(start), "on_day": str(ON_DAY[(start // DAY) % 7])}
    if days_ahead == 0:
        return Hours(state=CLOSED, summary=gettext("Closed now, opens at %(time)s") % values, week=week)
    if opens_today:
        text = (gettext("Closed now, opens tomorrow at %(time)s") if days_ahead == 1
                else gettext("Closed now, opens %(on_day)s at %(time)s"))
        return Hours(state=CLOSED, summary=text % values, week=week)
    text = (gettext("Closed today, opens tomorrow at %(time)s") if days_ahead == 1
            else gettext("Closed today, opens %(on_day)s at %(time)s"))
    return Hours(state=CLOSED_TODAY, summary=text % values, week=week)
