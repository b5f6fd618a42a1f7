"""Reading `/mlinterview qotd ...`, and the times a schedule implies."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from groups import schedule


def test_a_full_command_is_read():
    plan = schedule.parse("<#C0123ABC|study> 9:00 Europe/Berlin tracks=statistics,deployment "
                          "level=mid reveal=18:30".split(), here="CHERE")
    assert plan == schedule.Schedule("C0123ABC", "09:00", "18:30", "Europe/Berlin",
                                     ("statistics", "deployment"), "mid")


def test_defaults_all_tracks_any_level_and_the_next_morning():
    plan = schedule.parse(["here", "07:15", "America/New_York"], here="CHERE")
    assert plan.channel == "CHERE" and plan.tracks == schedule.TRACKS and plan.level is None
    assert plan.reveal_at == "07:15"


@pytest.mark.parametrize("words, message", [
    (["here", "09:00"], "needs a channel, a time and a time zone"),
    (["#study", "09:00", "Europe/Berlin"], "is not a channel"),
    (["here", "25:00", "Europe/Berlin"], "is not a time"),
    (["here", "09:00", "Mars/Olympus"], "is not a time zone"),
    (["here", "09:00", "UTC", "tracks=cooking"], "Unknown track"),
    (["here", "09:00", "UTC", "level=guru"], "Unknown level"),
    (["here", "09:00", "UTC", "colour=blue"], "don't know the option"),
])
def test_a_bad_command_says_what_to_write(words, message):
    with pytest.raises(schedule.ScheduleError, match=message):
        schedule.parse(words, here="CHERE")


def test_the_reveal_is_the_same_day_when_later_else_the_next_day():
    berlin = ZoneInfo("Europe/Berlin")
    day = date(2026, 3, 28)  # the night before summer time starts
    same = schedule.reveal_time(day, "09:00", "18:00", "Europe/Berlin")
    assert same == datetime(2026, 3, 28, 18, tzinfo=berlin)
    nxt = schedule.reveal_time(day, "09:00", "09:00", "Europe/Berlin")
    assert nxt == datetime(2026, 3, 29, 9, tzinfo=berlin) and nxt.utcoffset().total_seconds() == 7200


def test_iso_weeks():
    assert schedule.iso_week(date(2026, 11, 30)) == "2026-W49"
    assert schedule.week_days(date(2026, 12, 3)) == (date(2026, 11, 30), date(2026, 12, 6))
