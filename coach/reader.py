"""Reads Rasa's tracker store, read-only, into candidates, sessions and scored answers.

Rasa's SQL tracker store keeps one row per event (`events`: sender_id, type_name, timestamp,
data as JSON). The store is the source of truth: nothing here writes to it. SQLite by default
(TRACKER_DB, as endpoints.yml), any SQLAlchemy URL by TRACKER_DB_URL (PostgreSQL when Rasa's
tracker store is PostgreSQL).

A session is one interview: from the message that brought question 1 up to the next such
message. Messages before the first interview join the first session. A candidate is whose
practice it is: a Slack member's threads (groups/members.py) are sessions of one candidate.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

from groups.members import candidate_of

DEFAULT_TRACKER_DB = ".run/tracker.db"


def tracker_url() -> str:
    if os.environ.get("TRACKER_DB_URL"):
        return os.environ["TRACKER_DB_URL"]
    path = Path(os.environ.get("TRACKER_DB", DEFAULT_TRACKER_DB)).resolve()
    return f"sqlite:///file:{path}?mode=ro&uri=true"


@dataclass
class Message:
    """One candidate message and the bot's replies to it."""

    at: float
    text: str
    intent: str
    channel: str
    replies: list[dict] = field(default_factory=list)  # bot events' text and custom payload

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.at, timezone.utc)

    def custom(self, kind: str) -> list[dict]:
        return [r["custom"] for r in self.replies if (r.get("custom") or {}).get("type") == kind]


@dataclass
class Answer:
    """A scored answer: the candidate's message, the question it answered, the feedback."""

    message: Message
    question: dict  # the question payload (track, topic, difficulty, number, total, follow_up)
    feedback: dict
    hinted: bool

    @property
    def question_id(self) -> str:
        return self.feedback["question_id"]

    @property
    def score(self) -> float:
        return float(self.feedback.get("score", 0.0))

    @property
    def max_score(self) -> float:
        return float(self.feedback.get("max_score", 5.0))

    @property
    def flags(self) -> list[str]:
        return sorted(name for name, on in (self.feedback.get("flags") or {}).items() if on)


@dataclass
class Session:
    sender_id: str
    messages: list[Message]
    answers: list[Answer]
    at: float  # the first message's timestamp: the session's name in URLs and the app database
    track: str
    level: str

    @property
    def started(self) -> datetime:
        return datetime.fromtimestamp(self.at, timezone.utc)

    @property
    def last_activity(self) -> datetime:
        return datetime.fromtimestamp(self.messages[-1].at, timezone.utc)

    @property
    def channel(self) -> str:
        return self.messages[0].channel if self.messages else ""

    @property
    def candidate(self) -> str:
        return candidate_of(self.sender_id)


@dataclass
class Candidate:
    sender_id: str
    sessions: list[Session]

    @property
    def last_activity(self) -> datetime:
        return max(s.last_activity for s in self.sessions)


def read_events(url: str | None = None) -> list[tuple[str, str, float, dict]]:
    """(sender, event type, timestamp, event) for every user and bot event, in store order."""
    with _engine(url or tracker_url()).connect() as connection:
        rows = connection.execute(text(
            "SELECT sender_id, type_name, timestamp, data FROM events "
            "WHERE type_name IN ('user', 'bot') ORDER BY id")).all()
    return [(s, kind, float(t), json.loads(d or "{}")) for s, kind, t, d in rows]


def _messages(events: list[tuple[str, str, float, dict]]) -> dict[str, list[Message]]:
    by_sender: dict[str, list[Message]] = {}
    for sender, kind, at, event in events:
        messages = by_sender.setdefault(sender, [])
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            messages.append(Message(at, event.get("text") or "", intent, event.get("input_channel") or ""))
        elif messages:  # a bot message before any candidate message (none today) is dropped
            data = event.get("data") or {}
            messages[-1].replies.append({"text": event.get("text") or "", "custom": data.get("custom"),
                                         "buttons": data.get("buttons")})
    return by_sender


def _sessions(sender: str, messages: list[Message]) -> list[Session]:
    # An interview starts where question 1 is asked, unless it is question 1 asked again
    # ("repeat the question", progress shown mid-question).
    starts, last = [], None
    for i, message in enumerate(messages):
        for asked in message.custom("question"):
            same = last is not None and (last.get("question_id"), last.get("number")) == \
                (asked.get("question_id"), asked.get("number"))
            if asked.get("number") == 1 and not asked.get("follow_up") and not same:
                starts.append(i)
            last = asked
    starts = sorted(set(starts))
    if not starts:
        return []
    bounds = [0, *starts[1:], len(messages)]
    sessions = []
    for begin, end in zip(bounds, bounds[1:]):
        chunk = messages[begin:end]
        question: dict = {}
        answers, hinted = [], False
        for message in chunk:
            for feedback in message.custom("feedback"):
                if question:
                    answers.append(Answer(message, question, feedback, hinted))
                hinted = False
            if message.custom("hint"):
                hinted = True
            for asked in message.custom("question"):
                question, hinted = asked, False
        first = next((q for m in chunk for q in m.custom("question")), {})
        sessions.append(Session(sender, chunk, answers, chunk[0].at, first.get("track", ""),
                                first.get("difficulty", "")))
    return sessions


_ENGINES: dict[str, object] = {}
_CACHE: dict[str, tuple[tuple, dict]] = {}


def _engine(url: str):
    if url not in _ENGINES:
        _ENGINES[url] = create_engine(url)
    return _ENGINES[url]


def read_candidates(url: str | None = None) -> dict[str, Candidate]:
    """Every conversation with at least one interview, newest activity first. Parsed again only
    when the store gained or lost events (Rasa only appends)."""
    url = url or tracker_url()
    with _engine(url).connect() as connection:
        version = tuple(connection.execute(text("SELECT count(*), max(id) FROM events")).one())
    cached = _CACHE.get(url)
    if cached and cached[0] == version:
        return cached[1]
    candidates = _parse(read_events(url))
    _CACHE[url] = (version, candidates)
    return candidates


def _parse(events: list[tuple[str, str, float, dict]]) -> dict[str, Candidate]:
    candidates: dict[str, Candidate] = {}
    for sender, messages in _messages(events).items():
        sessions = _sessions(sender, messages)
        if sessions:
            candidate = candidates.setdefault(candidate_of(sender), Candidate(candidate_of(sender), []))
            candidate.sessions = sorted(candidate.sessions + sessions, key=lambda s: s.at)
    return dict(sorted(candidates.items(), key=lambda kv: kv[1].last_activity, reverse=True))
