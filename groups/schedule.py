"""The question-of-the-day schedule: reading `/mlinterview qotd ...` and the times it implies.

    qotd #channel 09:00 Europe/Berlin tracks=statistics,deployment level=mid reveal=18:00
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from questionbank import DIFFICULTIES as LEVELS
from questionbank import TRACKS

USAGE = ("Usage: `/mlinterview qotd #channel 09:00 Europe/Berlin tracks=statistics,deployment "
         "level=mid reveal=09:00` (tracks, level and reveal are optional; the reveal defaults to "
         "the next morning at the posting time). `/mlinterview qotd off #channel` stops it.")
_CHANNEL = re.compile(r"^<#(?P<id>[CG][A-Z0-9]+)(?:\|[^>]*)?>$|^(?P<raw>[CG][A-Z0-9]{5,})$")
_TIME = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)$")


class ScheduleError(ValueError):
    """A qotd command that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class Schedule:
    channel: str
    post_at: str
    reveal_at: str
    timezone: str
    tracks: tuple[str, ...]
    level: str | None


def _clock(value: str, what: str) -> str:
    match = _TIME.match(value)
    if not match:
        raise ScheduleError(f"{what} {value!r} is not a time like 09:00. {USAGE}")
    return f"{int(match['h']):02d}:{match['m']}"


def channel_id(word: str, here: str) -> str:
    """`<#C123|name>` (how Slack escapes a channel), a bare id, or `here`."""
    if word in ("here", "this"):
        return here
    match = _CHANNEL.match(word)
    if not match:
        raise ScheduleError(f"{word!r} is not a channel: pick it with # so that Slack links it, "
                            f"or write `here`. {USAGE}")
    return match["id"] or match["raw"]


def parse(words: list[str], here: str) -> Schedule:
    """`words`: what follows `qotd`; `here`: the channel the command was typed in."""
    if len(words) < 3:
        raise ScheduleError(f"A schedule needs a channel, a time and a time zone. {USAGE}")
    channel = channel_id(words[0], here)
    post_at = _clock(words[1], "The time")
    try:
        ZoneInfo(words[2])
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"{words[2]!r} is not a time zone; use an IANA name such as "
                            f"Europe/Berlin or America/New_York. {USAGE}") from None
    options = {"tracks": ",".join(TRACKS), "level": None, "reveal": post_at}
    for word in words[3:]:
        key, _, value = word.partition("=")
        if key not in options or not value:
            raise ScheduleError(f"I don't know the option {word!r}. {USAGE}")
        options[key] = value.lower() if key != "reveal" else value
    tracks = tuple(t.strip() for t in options["tracks"].split(",") if t.strip())
    unknown = [t for t in tracks if t not in TRACKS]
    if unknown or not tracks:
        raise ScheduleError(f"Unknown track(s) {', '.join(unknown) or '(none)'}: choose from "
                            f"{', '.join(TRACKS)}.")
    if options["level"] is not None and options["level"] not in LEVELS:
        raise ScheduleError(f"Unknown level {options['level']!r}: choose from {', '.join(LEVELS)}.")
    return Schedule(channel, post_at, _clock(options["reveal"], "The reveal time"), words[2],
                    tracks, options["level"])


def _at(day: date, clock: str, zone: str) -> datetime:
    hours, minutes = map(int, clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(zone))


def local_day(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def post_time(day: date, post_at: str, zone: str) -> datetime:
    return _at(day, post_at, zone)


def reveal_time(day: date, post_at: str, reveal_at: str, zone: str) -> datetime:
    """The same day when the reveal comes later than the post, else the next day."""
    return _at(day if reveal_at > post_at else day + timedelta(days=1), reveal_at, zone)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_days(day: date) -> tuple[date, date]:
    """Monday and Sunday of `day`'s ISO week."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def describe(schedule) -> str:
    """One line for the channel: when it posts, reveals, and what it asks."""
    reveal = ("the next day at " if schedule.reveal_at <= schedule.post_at else "at ") + schedule.reveal_at
    tracks = schedule.tracks if isinstance(schedule.tracks, str) else ",".join(schedule.tracks)
    level = f", {schedule.level} level" if schedule.level else ""
    return (f"a question of the day in <#{schedule.channel}> at {schedule.post_at} "
            f"({schedule.timezone}), revealed {reveal}; tracks {tracks.replace(',', ', ')}{level}. "
            "The weekly leaderboard is posted on Mondays.")
