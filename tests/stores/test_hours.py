"""Opening hours at a pinned moment: open now with the closing time, a store closed today, one
open past midnight (still open in the small hours of the next day), open round the clock, and no
hours at all."""

from datetime import datetime

import pytest
from django.utils import translation

from portal.stores.hours import CLOSED, CLOSED_TODAY, OPEN, OPEN_ALWAYS, UNKNOWN, hours_at, segments

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI")
# Monday 7 December 2026 onwards
MON, TUE, WED, THU, FRI, SAT, SUN = (datetime(2026, 12, 7 + day) for day in range(7))


def day(day_id, *intervals):
    return {"day_id": day_id, "time_intervals": [{"from": start, "to": end} for start, end in intervals]}


CITY = [day(d, ("07:00:00", "20:00:00")) for d in WEEKDAYS] + [day("SAT", ("08:00:00", "12:00:00"))]
NIGHT = [day(d, ("16:00:00", "02:00:00")) for d in ("WED", "THU", "FRI", "SAT")] + [
    day("SUN", ("10:00:00", "22:00:00"))]
ALWAYS = [day(d, ("00:00:00", "23:59:59")) for d in (*WEEKDAYS, "SAT", "SUN")]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(moment, hour, minute=0):
    return moment.replace(hour=hour, minute=minute)


def test_open_now_says_when_it_closes():
    hours = hours_at(CITY, at(TUE, 12))
    assert (hours.state, hours.summary) == (OPEN, "Open now, closes at 20:00")
    assert hours.is_open


def test_closed_today():
    hours = hours_at(CITY, at(SUN, 12))
    assert (hours.state, hours.summary) == (CLOSED_TODAY, "Closed today, opens tomorrow at 07:00")
    today = [d for d in hours.week if d.is_today]
    assert [(d.name, d.intervals) for d in today] == [("Sunday", ())]


def test_closed_after_todays_hours_and_before_them():
    assert hours_at(CITY, at(TUE, 21)).summary == "Closed now, opens tomorrow at 07:00"
    assert hours_at(CITY, at(TUE, 6, 30)).summary == "Closed now, opens at 07:00"
    assert hours_at(CITY, at(SAT, 13)).summary == "Closed now, opens on Monday at 07:00"
    assert hours_at(CITY, at(SAT, 13)).state == CLOSED


def test_open_past_midnight():
    # Thursday 23:00 and Friday 01:30 (still Thursday's night), both until 2 a.m.
    assert hours_at(NIGHT, at(THU, 23)).summary == "Open now, closes at 02:00"
    assert hours_at(NIGHT, at(FRI, 1, 30)).state == OPEN
    # Sunday 01:30 is still Saturday's night, although Sunday's own hours start at 10
    assert hours_at(NIGHT, at(SUN, 1, 30)).summary == "Open now, closes at 02:00"
    assert hours_at(NIGHT, at(SUN, 2)).summary == "Closed now, opens at 10:00"
    # Monday: no hours of its own and Sunday's ended at 22:00
    assert hours_at(NIGHT, at(MON, 1)).summary == "Closed today, opens on Wednesday at 16:00"


def test_open_past_midnight_in_czech():
    with translation.override("cs"):
        assert hours_at(NIGHT, at(FRI, 1, 30)).summary == "Nyní otevřeno, zavírá v 2:00"
        assert hours_at(NIGHT, at(MON, 1)).summary == "Dnes zavřeno, otevírá ve středu v 16:00"


def test_open_round_the_clock():
    hours = hours_at(ALWAYS, at(WED, 3))
    assert (hours.state, hours.summary) == (OPEN_ALWAYS, "Open 24 hours")
    assert hours.week[0].intervals == ("open all day",)


def test_no_hours():
    hours = hours_at([], at(WED, 3))
    assert (hours.state, hours.week) == (UNKNOWN, ())
    assert hours_at([{"day_id": "XYZ"}, "junk", day("MON", ("bad", "20:00"))], at(WED, 3)).state == UNKNOWN


def test_meeting_intervals_are_one_opening_and_sunday_night_runs_into_monday():
    assert segments([day("MON", ("08:00", "12:00"), ("12:00", "18:00"))]) == [(480, 1080)]
    late_sunday = [day("SUN", ("20:00:00", "03:00:00"))]
    assert hours_at(late_sunday, at(MON, 2)).summary == "Open now, closes at 03:00"


def test_open_until_the_closing_minute():
    assert hours_at(CITY, at(TUE, 19, 59)).summary == "Open now, closes at 20:00"
    assert hours_at(CITY, at(TUE, 20)).summary == "Closed now, opens tomorrow at 07:00"


def test_junk_and_an_interval_starting_at_midnights_end_are_no_opening():
    assert segments([{"day_id": "MON", "time_intervals": ["junk", {"from": "08:00", "to": "12:00"}]}]) == [(480, 720)]
    assert segments([day("MON", ("24:00", "02:00")), day("TUE", ("23:59:59", "01:00"))]) == []


def test_sunday_night_joins_mondays_morning_opening():
    week = [day("MON", ("00:00:00", "08:00:00")), day("SUN", ("20:00:00", "03:00:00"))]
    assert segments(week) == [(6 * 24 * 60 + 20 * 60, 7 * 24 * 60 + 8 * 60)]
    assert hours_at(week, at(MON, 7)).summary == "Open now, closes at 08:00"
