"""The study-group service on the action server, which holds the scorer and reaches the app
database. Rasa's Slack connector (bot/slack.py) calls these routes on loopback, behind the
action server's token like every other call:

    POST /groups/claim    {"keys": [...]}                     -> {"fresh": bool}
    POST /groups/thread   {"channel", "thread_ts", "user", "text"} -> {"handled": bool}
    POST /groups/command  {"channel", "user", "text"}         -> a slash-command response
    POST /groups/tick     {"now": ISO time, optional}         -> {"done": [...]}

With SLACK_BOT_TOKEN set, the server also ticks every GROUPS_TICK_SECONDS (30): posts, reveals
and leaderboards fall due by the clock. 0 stops the clock: the tests post /groups/tick with the
time they inject (a cron job could too).
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import datetime, timedelta, timezone

from sanic import Sanic, response
from sanic.request import Request

import store
from actions import grading, questions
from actions.render import feedback_message, progress_message
from groups import blocks, service
from groups import schedule as schedules
from groups.members import member_id
from groups.slack_api import SlackApi, SlackError
from retrieval.scoring import MAX_SCORE
from store import progress

_LOG = logging.getLogger(__name__)


async def _score(question_id: str, text: str):
    question = questions.question(question_id)
    result = await grading.score(question_id, text)
    feedback, payload = feedback_message(question, result, result.score, MAX_SCORE,
                                         question.reference_answers[0])
    covered = [i for i, k in enumerate(question.key_points) if any(m.text == k.text for m in result.covered)]
    return result.score, covered, payload, blocks.feedback_notes(feedback)


def _ephemeral(message: dict, in_channel: bool = False) -> dict:
    return {"response_type": "in_channel" if in_channel else "ephemeral", **message}


def command(sessions, channel: str, user: str, text: str, now: datetime) -> dict:
    """`/mlinterview qotd|leaderboard|progress ...` (the connector answers start and help)."""
    words = text.split()
    verb, rest = (words[0].lower(), words[1:]) if words else ("help", [])
    if verb == "qotd":
        if not rest:
            plan = service.schedule_of(sessions, channel)
            return _ephemeral(blocks.text_only(
                f"This channel has {schedules.describe(plan)}" if plan else
                f"No question of the day in this channel. {schedules.USAGE}"))
        if rest[0] in ("off", "stop"):
            target = schedules.channel_id(rest[1], channel) if len(rest) > 1 else channel
            dropped = service.drop_schedule(sessions, target)
            return _ephemeral(blocks.text_only(
                f"The question of the day in <#{target}> is off." if dropped else
                f"<#{target}> had no question of the day."), in_channel=dropped)
        plan = schedules.parse(rest, here=channel)
        service.save_schedule(sessions, plan, user)
        return _ephemeral(blocks.text_only(f"<@{user}> set {schedules.describe(plan)} Invite me to "
                                           f"<#{plan.channel}> if I'm not in it yet."), in_channel=True)
    if verb == "leaderboard":
        plan = service.schedule_of(sessions, channel)
        if plan is None:
            return _ephemeral(blocks.text_only(
                f"No question of the day in this channel, so no leaderboard. {schedules.USAGE}"))
        today = schedules.local_day(now, plan.timezone)
        week, rows = service.week_rows(sessions, plan, today)
        if not rows:  # Monday morning: this week is empty, last week's board is the news
            last_week, last_rows = service.week_rows(sessions, plan, today - timedelta(days=7))
            if last_rows:
                return _ephemeral(blocks.leaderboard(last_week, last_rows, f"No answers in {week} yet."))
        return _ephemeral(blocks.leaderboard(week, rows))
    if verb == "progress":
        with sessions() as db:
            text, payload, _ = progress_message(progress.progress(db, member_id(user)))
        return _ephemeral(blocks.bot_message(text, payload))
    raise schedules.ScheduleError(f"I don't know `{verb}`.")


def _now(body: dict) -> datetime:
    if body.get("now"):
        moment = datetime.fromisoformat(body["now"])
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def register(app: Sanic) -> None:
    slack = SlackApi()

    def bank():
        return questions.by_id()

    @app.post("/groups/claim")
    async def claim(request: Request):
        keys = [str(k)[:120] for k in (request.json or {}).get("keys", []) if k]
        return response.json({"fresh": service.claim_events(store.sessions(), keys)})

    @app.post("/groups/thread")
    async def thread(request: Request):
        body = request.json or {}
        try:
            handled = await service.answer(store.sessions(), slack, bank(), _score, body["channel"],
                                           body["thread_ts"], body["user"], body.get("text", ""), _now(body))
        except (grading.ScorerUnavailable, SlackError) as error:
            _LOG.error("question of the day: %s", error)
            return response.json({"handled": True, "error": str(error)}, status=503)
        return response.json({"handled": handled})

    @app.post("/groups/command")
    async def slash(request: Request):
        body = request.json or {}
        try:
            reply = command(store.sessions(), body.get("channel", ""), body.get("user", ""),
                            body.get("text", ""), _now(body))
        except schedules.ScheduleError as error:
            reply = _ephemeral(blocks.text_only(str(error)))
        return response.json(reply)

    @app.post("/groups/tick")
    async def tick(request: Request):
        try:
            done = await service.tick(store.sessions(), slack, bank(), _now(request.json or {}))
        except SlackError as error:
            return response.json({"error": str(error)}, status=502)
        return response.json({"done": done})

    seconds = float(os.environ.get("GROUPS_TICK_SECONDS", "30"))
    if slack.configured and seconds > 0:

        async def ticking(_app: Sanic) -> None:
            while True:
                try:
                    await service.tick(store.sessions(), slack, bank(), datetime.now(timezone.utc))
                except Exception as error:  # noqa: BLE001 - a failed tick is retried on the next one
                    _LOG.error("study groups: the scheduled tick failed: %s", error)
                await asyncio.sleep(seconds)

        app.add_task(ticking)
