"""The study groups' state and rules, over the app database (store/): schedules, the daily post,
answers with their points and streaks, the reveal, the weekly leaderboard.

Every step that posts to Slack first claims a unique row (a day's post, a week's leaderboard),
so two servers ticking at once, or a server caught up after downtime, post once.
`tick(now)` takes the time as an argument: the tests inject it, the action server passes the
clock every half minute.
"""

from __future__ import annotations

import json
import logging
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

import store
from groups import blocks
from groups import schedule as schedules
from groups.slack_api import SlackApi
from questionbank import Question
from store.models import GroupAnswer, GroupLeaderboard, GroupMember, GroupPost, GroupSchedule, SlackEvent

_LOG = logging.getLogger(__name__)
STREAK_BONUS_FROM = 3  # days in a row
EVENT_MEMORY = timedelta(days=2)  # Slack retries within minutes; keys older than this are pruned

Score = Callable[[str, str], Awaitable[tuple[float, list[int], dict, list[str]]]]
"""(question id, answer) -> (score 0-5, covered key-point indices, feedback payload, notes)."""


def save_schedule(sessions: sessionmaker[Session], plan: schedules.Schedule, member: str) -> GroupSchedule:
    """Set (or replace) the channel's schedule."""
    with store.transaction(sessions) as db:
        row = db.scalar(select(GroupSchedule).where(GroupSchedule.channel == plan.channel))
        if row is None:
            row = GroupSchedule(channel=plan.channel)
            db.add(row)
        row.post_at, row.reveal_at, row.timezone = plan.post_at, plan.reveal_at, plan.timezone
        row.tracks, row.level, row.created_by = ",".join(plan.tracks), plan.level, member
        db.flush()
        return row


def drop_schedule(sessions: sessionmaker[Session], channel: str) -> bool:
    with store.transaction(sessions) as db:
        return db.execute(delete(GroupSchedule).where(GroupSchedule.channel == channel)).rowcount > 0


def schedule_of(sessions: sessionmaker[Session], channel: str) -> GroupSchedule | None:
    with sessions() as db:
        return db.scalar(select(GroupSchedule).where(GroupSchedule.channel == channel))


def claim_events(sessions: sessionmaker[Session], keys: list[str], now: datetime | None = None) -> bool:
    """True when none of `keys` (event id, channel+ts) was seen before; records them all."""
    now = now or datetime.now(timezone.utc)
    fresh = True
    with store.transaction(sessions) as db:
        db.execute(delete(SlackEvent).where(SlackEvent.at < now - EVENT_MEMORY))
        for key in dict.fromkeys(keys):
            if db.get(SlackEvent, key) is not None:
                fresh = False
            else:
                db.add(SlackEvent(key=key, at=now))
    return fresh


def pick_question(bank: dict[str, Question], plan: GroupSchedule, day: str, asked: set[str]) -> Question:
    """A question from the schedule's tracks and level, not asked in this channel before while
    others are left; the same one for the same channel and day."""
    tracks = plan.tracks.split(",")
    pool = [q for q in bank.values() if q.track in tracks and (not plan.level or q.difficulty == plan.level)]
    pool = pool or [q for q in bank.values() if q.track in tracks]
    fresh = [q for q in pool if q.id not in asked] or pool
    return random.Random(f"{plan.channel}:{day}").choice(sorted(fresh, key=lambda q: q.id))


def _question_dict(question: Question) -> dict:
    return {"id": question.id, "question": question.question, "track": question.track,
            "topic": question.topic, "difficulty": question.difficulty}


def _reveal_words(post: GroupPost, plan: GroupSchedule) -> str:
    local = post.reveal_due.astimezone(schedules.ZoneInfo(plan.timezone))
    when = "tomorrow" if local.date().isoformat() != post.day else "today"
    return f"{when} at {plan.reveal_at} ({plan.timezone})"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite drops the zone


def _utc(moment: datetime) -> datetime:
    """What is stored: SQLite keeps the wall time and drops the zone, so always UTC's."""
    return moment.astimezone(timezone.utc)


async def tick(sessions: sessionmaker[Session], slack: SlackApi, bank: dict[str, Question],
               now: datetime) -> list[str]:
    """Everything due at `now`, in order: reveals, Monday's leaderboard, today's question.
    Returns what was done, one line each."""
    done = []
    with sessions() as db:
        plans = db.scalars(select(GroupSchedule)).all()
    for plan in plans:
        for line in (*await _reveal_due(sessions, slack, bank, plan, now),
                     *await _leaderboard_due(sessions, slack, plan, now),
                     *await _post_due(sessions, slack, bank, plan, now)):
            done.append(line)
            _LOG.info("study group %s: %s", plan.channel, line)
    return done


async def _post_due(sessions, slack: SlackApi, bank, plan: GroupSchedule, now: datetime) -> list[str]:
    day = schedules.local_day(now, plan.timezone)
    if now < schedules.post_time(day, plan.post_at, plan.timezone):
        return []
    with store.transaction(sessions) as db:
        post = db.scalar(select(GroupPost).where(GroupPost.schedule_id == plan.id,
                                                 GroupPost.day == day.isoformat()))
        if post is not None and post.ts is not None:
            return []
        if post is None:  # the claim: a second server (or tick) finds this row and stops
            asked = set(db.scalars(select(GroupPost.question_id).where(GroupPost.channel == plan.channel)))
            question = pick_question(bank, plan, day.isoformat(), asked)
            reveal = schedules.reveal_time(day, plan.post_at, plan.reveal_at, plan.timezone)
            post = GroupPost(schedule_id=plan.id, day=day.isoformat(), channel=plan.channel,
                             question_id=question.id, posted_at=_utc(now), reveal_due=_utc(reveal))
            db.add(post)
            try:
                db.flush()
            except IntegrityError:
                return []
    question = bank[post.question_id]
    message = blocks.qotd_question(_question_dict(question), _reveal_words(post, plan))
    ts = await slack.post(plan.channel, message)
    with store.transaction(sessions) as db:
        db.get(GroupPost, post.id).ts = ts
    return [f"posted {question.id} for {day.isoformat()} (thread {ts})"]


async def _reveal_due(sessions, slack: SlackApi, bank, plan: GroupSchedule, now: datetime) -> list[str]:
    with sessions() as db:
        posts = db.scalars(select(GroupPost).where(GroupPost.schedule_id == plan.id,
                                                   GroupPost.revealed_at.is_(None),
                                                   GroupPost.ts.is_not(None))).all()
    done = []
    for post in posts:
        if _aware(post.reveal_due) > now:
            continue
        with store.transaction(sessions) as db:  # claim the reveal before posting it
            row = db.get(GroupPost, post.id)
            if row.revealed_at is not None:
                continue
            row.revealed_at = _utc(now)
            answers = db.scalars(select(GroupAnswer).where(GroupAnswer.post_id == post.id)).all()
        question = bank.get(post.question_id)
        if question is None:
            continue
        ranking = [{"member": a.member, "score": a.score}
                   for a in sorted(answers, key=lambda a: (-a.score, _aware(a.answered_at)))]
        counts = defaultdict(int)
        for answer in answers:
            for index in json.loads(answer.covered):
                counts[index] += 1
        shares = [counts[i] / len(answers) if answers else 0.0 for i in range(len(question.key_points))]
        try:
            await slack.post(post.channel, blocks.qotd_reveal(
                _question_dict(question), question.reference_answers[0],
                [k.text for k in question.key_points], ranking, shares), thread_ts=post.ts)
        except Exception:
            with store.transaction(sessions) as db:  # give the claim back: the next tick retries
                db.get(GroupPost, post.id).revealed_at = None
            raise
        done.append(f"revealed {post.question_id} of {post.day}: {len(answers)} answer(s)")
    return done


def week_rows(sessions: sessionmaker[Session], plan: GroupSchedule, day) -> tuple[str, list[dict]]:
    """The leaderboard of `day`'s ISO week: points, answers and streak per member, best first."""
    monday, sunday = schedules.week_days(day)
    with sessions() as db:
        rows = db.execute(select(GroupAnswer, GroupPost.day)
                          .join(GroupPost, GroupAnswer.post_id == GroupPost.id)
                          .where(GroupPost.schedule_id == plan.id, GroupPost.day >= monday.isoformat(),
                                 GroupPost.day <= sunday.isoformat())).all()
        days = list(db.scalars(select(GroupPost.day).where(GroupPost.schedule_id == plan.id,
                                                            GroupPost.day <= sunday.isoformat())
                               .order_by(GroupPost.day.desc())))
        answered = defaultdict(set)
        for member, post_day in db.execute(select(GroupAnswer.member, GroupPost.day)
                                           .join(GroupPost, GroupAnswer.post_id == GroupPost.id)
                                           .where(GroupPost.schedule_id == plan.id)):
            answered[member].add(post_day)
    totals: dict[str, dict] = {}
    for answer, _ in rows:
        entry = totals.setdefault(answer.member, {"member": answer.member, "points": 0.0, "answers": 0,
                                                  "first": _aware(answer.answered_at)})
        entry["points"] = round(entry["points"] + answer.points, 1)
        entry["answers"] += 1
        entry["first"] = min(entry["first"], _aware(answer.answered_at))
    for entry in totals.values():
        entry["streak"] = _streak(days, answered[entry["member"]])
    ranked = sorted(totals.values(), key=lambda e: (-e["points"], -e["answers"], e["first"]))
    return schedules.iso_week(day), [{k: v for k, v in e.items() if k != "first"} for e in ranked]


def _streak(days_newest_first: list[str], answered: set[str]) -> int:
    """Posts answered in a row, counting back from the newest (which, unanswered, may still be
    open today and does not break the streak)."""
    days = days_newest_first[1:] if days_newest_first and days_newest_first[0] not in answered \
        else days_newest_first
    streak = 0
    for day in days:
        if day not in answered:
            break
        streak += 1
    return streak


async def _leaderboard_due(sessions, slack: SlackApi, plan: GroupSchedule, now: datetime) -> list[str]:
    """On Monday at the posting time (or the first tick after it that week): last week's board."""
    today = schedules.local_day(now, plan.timezone)
    monday = today - timedelta(days=today.weekday())
    if now < schedules.post_time(monday, plan.post_at, plan.timezone):
        return []
    last_week_day = monday - timedelta(days=1)
    week, rows = week_rows(sessions, plan, last_week_day)
    with sessions() as db:
        had_posts = db.scalar(select(GroupPost.id).where(
            GroupPost.schedule_id == plan.id, GroupPost.day >= (monday - timedelta(days=7)).isoformat(),
            GroupPost.day < monday.isoformat()).limit(1))
    if had_posts is None:
        return []
    with store.transaction(sessions) as db:
        if db.scalar(select(GroupLeaderboard).where(GroupLeaderboard.schedule_id == plan.id,
                                                    GroupLeaderboard.week == week)):
            return []
        db.add(GroupLeaderboard(schedule_id=plan.id, week=week, posted_at=_utc(now)))
        try:
            db.flush()
        except IntegrityError:
            return []
    await slack.post(plan.channel, blocks.leaderboard(week, rows))
    return [f"posted the leaderboard of {week}: {len(rows)} member(s)"]


async def answer(sessions: sessionmaker[Session], slack: SlackApi, bank: dict[str, Question], score: Score,
                 channel: str, thread_ts: str, member: str, text: str, now: datetime) -> bool:
    """A reply in a question-of-the-day thread: score it, keep the first one, and send the
    member's feedback to that member alone. False when the thread is no question of the day."""
    with sessions() as db:
        post = db.scalar(select(GroupPost).where(GroupPost.channel == channel, GroupPost.ts == thread_ts))
        if post is None:
            return False
        earlier = db.scalar(select(GroupAnswer).where(GroupAnswer.post_id == post.id,
                                                      GroupAnswer.member == member))
    if post.revealed_at is not None:
        await slack.post_private(channel, member, blocks.text_only(
            "This question of the day is already revealed; the next one comes at the usual time."),
            thread_ts=thread_ts)
        return True
    if earlier is not None:
        await slack.post_private(channel, member, blocks.text_only(
            f"You already answered this one ({earlier.score:.1f} / 5); your first answer counts."),
            thread_ts=thread_ts)
        return True
    question = bank[post.question_id]
    value, covered, payload, notes = await score(question.id, text)
    with store.transaction(sessions) as db:
        days = list(db.scalars(select(GroupPost.day).where(GroupPost.schedule_id == post.schedule_id,
                                                            GroupPost.day < post.day)
                               .order_by(GroupPost.day.desc())))
        answered = set(db.scalars(select(GroupPost.day).join(GroupAnswer, GroupAnswer.post_id == GroupPost.id)
                                  .where(GroupPost.schedule_id == post.schedule_id,
                                         GroupAnswer.member == member)))
        streak = _streak([post.day, *days], answered | {post.day})
        points = round(value + (1 if streak >= STREAK_BONUS_FROM else 0), 1)
        db.add(GroupAnswer(post_id=post.id, member=member, text=text, score=round(value, 2),
                           covered=json.dumps(covered), points=points, answered_at=_utc(now)))
        if db.scalar(select(GroupMember).where(GroupMember.channel == channel,
                                               GroupMember.member == member)) is None:
            db.add(GroupMember(channel=channel, member=member, joined_at=_utc(now)))
        try:
            db.flush()
        except IntegrityError:  # the same member's second reply, scored at the same moment
            return True
    message = blocks.qotd_feedback(payload, notes)
    if streak >= 2:
        message["blocks"].append(blocks.context(f"🔥 {streak} days in a row: {points:.1f} point(s) today."))
    await slack.post_private(channel, member, message, thread_ts=thread_ts)
    return True
