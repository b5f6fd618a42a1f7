"""The study groups' rules over a real app database, with Slack and the scorer replaced by
recorders: one post per day however often it ticks, first answers count, streaks, the reveal's
ranking, the weekly leaderboard, and deliveries claimed once."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import store
from groups import schedule, service
from groups.slack_api import SlackError
from questionbank import load_bank
from tests.conftest import DATA

UTC = timezone.utc


class Recorder:
    def __init__(self):
        self.posts, self.private = [], []

    async def post(self, channel, message, thread_ts=None):
        self.posts.append((channel, message, thread_ts))
        return f"{1000 + len(self.posts)}.0001"

    async def post_private(self, channel, user, message, thread_ts=None):
        self.private.append((channel, user, message, thread_ts))


async def score(question_id, text):
    value = {"good": 5.0, "half": 2.5}.get(text, 0.0)
    return value, [0] if value else [], {"score": value, "max_score": 5.0, "covered": [], "missed": []}, []


@pytest.fixture
def world(tmp_path):
    sessions = store.connect(f"sqlite:///{tmp_path}/app.db")
    bank = {q.id: q for q in load_bank(DATA / "bank")}
    track = next(iter(bank.values())).track
    plan = schedule.parse(["here", "09:00", "UTC", f"tracks={track}"], here="C1")
    service.save_schedule(sessions, plan, "UADMIN")
    return sessions, bank, Recorder()


def run(coroutine):
    return asyncio.run(coroutine)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


MONDAY = date(2026, 11, 23)


def test_one_post_a_day_however_often_or_late_it_ticks(world):
    sessions, bank, slack = world
    assert run(service.tick(sessions, slack, bank, at(MONDAY, 8, 59))) == []
    assert len(run(service.tick(sessions, slack, bank, at(MONDAY, 15)))) == 1  # caught up late
    assert run(service.tick(sessions, slack, bank, at(MONDAY, 16))) == []
    assert len(slack.posts) == 1 and slack.posts[0][1]["text"].startswith("Question of the day")


def test_two_servers_ticking_at_once_post_once(world):
    sessions, bank, slack = world

    async def both():
        return await asyncio.gather(service.tick(sessions, slack, bank, at(MONDAY, 9)),
                                    service.tick(sessions, slack, bank, at(MONDAY, 9)))

    run(both())
    assert len(slack.posts) == 1


def _answer(world, member, text, day, thread):
    sessions, bank, slack = world
    return run(service.answer(sessions, slack, bank, score, "C1", thread, member, text, at(day, 10)))


def test_answers_reveal_streaks_and_the_weekly_leaderboard(world):
    sessions, bank, slack = world
    threads = []
    for offset in range(3):  # Monday to Wednesday: U1 answers every day, U2 on Wednesday
        day = MONDAY + timedelta(days=offset)
        run(service.tick(sessions, slack, bank, at(day, 9)))
        threads.append(slack.posts[-1][2] or f"{1000 + len(slack.posts)}.0001")
        assert _answer(world, "U1", "half", day, threads[-1])
    assert _answer(world, "U2", "good", MONDAY + timedelta(days=2), threads[-1])
    assert _answer(world, "U1", "good", MONDAY + timedelta(days=2), threads[-1])  # a second try
    assert "first answer counts" in slack.private[-1][2]["text"]
    assert not _answer(world, "U1", "good", MONDAY, "999.9")  # not a question-of-the-day thread
    assert all(p[3] in threads for p in slack.private), "feedback goes to the member, in the thread"

    done = run(service.tick(sessions, slack, bank, at(MONDAY + timedelta(days=3), 9)))
    assert [d.split()[0] for d in done] == ["revealed", "posted"]
    reveal = slack.posts[-2]
    assert reveal[2] == threads[-1]
    ranking = [line for line in reveal[1]["blocks"][-1]["text"]["text"].splitlines() if "<@" in line]
    assert "<@U2>" in ranking[0] and "<@U1>" in ranking[1], "by score, then by time"

    week, rows = service.week_rows(sessions, service.schedule_of(sessions, "C1"), MONDAY)
    assert week == "2026-W48"
    by_member = {r["member"]: r for r in rows}
    assert by_member["U1"]["answers"] == 3 and by_member["U1"]["streak"] == 3
    assert by_member["U1"]["points"] == 2.5 * 3 + 1, "a bonus point from the third day in a row"
    assert by_member["U2"]["points"] == 5.0

    next_monday = MONDAY + timedelta(days=7)
    done = run(service.tick(sessions, slack, bank, at(next_monday, 9)))
    assert any(d.startswith("posted the leaderboard of 2026-W48") for d in done)
    assert run(service.tick(sessions, slack, bank, at(next_monday, 12))) == []


def test_a_delivery_is_claimed_once_by_any_of_its_keys(world):
    sessions = world[0]
    assert service.claim_events(sessions, ["event:Ev1", "msg:C1:1.0"])
    assert not service.claim_events(sessions, ["event:Ev2", "msg:C1:1.0"]), "same message, other event"
    assert not service.claim_events(sessions, ["event:Ev1"]), "a retry"
    later = datetime.now(UTC) + service.EVENT_MEMORY + timedelta(hours=1)
    assert service.claim_events(sessions, ["event:Ev1"], now=later), "old keys are forgotten"


def test_the_time_zone_decides_the_day(world):
    sessions, bank, slack = world
    assert service.drop_schedule(sessions, "C1")
    plan = schedule.parse(["here", "09:00", "Asia/Tokyo"], here="C2")
    service.save_schedule(sessions, plan, "UADMIN")
    tokyo_nine = datetime(2026, 11, 24, 9, tzinfo=ZoneInfo("Asia/Tokyo"))  # 00:00 UTC
    done = run(service.tick(sessions, slack, bank, tokyo_nine))
    assert any("2026-11-24" in d for d in done)
    tokyo = ZoneInfo("Asia/Tokyo")
    assert run(service.tick(sessions, slack, bank, datetime(2026, 11, 25, 8, 59, tzinfo=tokyo))) == []
    done = run(service.tick(sessions, slack, bank, datetime(2026, 11, 25, 9, 0, tzinfo=tokyo)))
    assert [d.split()[0] for d in done] == ["revealed", "posted"]


def test_a_reveal_that_slack_refused_is_tried_again_at_the_next_tick(world):
    sessions, bank, slack = world
    run(service.tick(sessions, slack, bank, at(MONDAY, 9)))

    async def refuse(channel, message, thread_ts=None):
        raise SlackError("Slack chat.postMessage: ratelimited")

    working = slack.post
    slack.post = refuse
    with pytest.raises(SlackError):
        run(service.tick(sessions, slack, bank, at(MONDAY + timedelta(days=1), 9)))
    slack.post = working
    done = run(service.tick(sessions, slack, bank, at(MONDAY + timedelta(days=1), 9, 1)))
    assert [d.split()[0] for d in done] == ["revealed", "posted"]
