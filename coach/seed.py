"""Seed a tracker store shaped as Rasa writes it (its `events` table), for `make coach-bench`:
N sessions of five scored answers over a few hundred candidates."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

EVENTS_TABLE = """CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255)
  NOT NULL, type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
  action_name VARCHAR(255), data TEXT)"""


def _user(sender: str, at: float, text: str, intent: str) -> tuple:
    return (sender, "user", at, intent, None,
            json.dumps({"event": "user", "timestamp": at, "text": text, "input_channel": "rest",
                        "parse_data": {"intent": {"name": intent}}}))


def _bot(sender: str, at: float, text: str, custom: dict) -> tuple:
    return (sender, "bot", at, None, None,
            json.dumps({"event": "bot", "timestamp": at, "text": text, "data": {"custom": custom}}))


def _question(sender: str, at: float, question: dict, level: str, number: int, total: int) -> tuple:
    return _bot(sender, at, question["id"], {
        "type": "question", "question_id": question["id"], "track": question["track"],
        "topic": question["topic"], "difficulty": level, "number": number, "total": total,
        "follow_up": False})


def seed(path: Path, sessions: int, questions: list[dict], rng: random.Random,
         per_session: int = 5) -> None:
    """`questions`: dicts with id, track, topic and key_points (texts)."""
    rows, clock = [], 1_790_000_000.0
    candidates = max(1, sessions // 4)
    for n in range(sessions):
        sender = f"seed-{n % candidates:04d}"
        chosen = rng.sample(questions, per_session)
        level = rng.choice(["junior", "mid", "senior"])
        clock += rng.uniform(60, 3600)
        rows += [_user(sender, clock, "/start_interview", "start_interview"),
                 _question(sender, clock, chosen[0], level, 1, per_session)]
        for i, q in enumerate(chosen):
            clock += rng.uniform(20, 200)
            covered = [p for p in q["key_points"] if rng.random() < 0.6]
            score = round(5 * len(covered) / max(1, len(q["key_points"])), 1)
            rows.append(_user(sender, clock, f"seeded answer {n}-{i} about {q['topic']}", "answer"))
            rows.append(_bot(sender, clock, f"Score: {score}", {
                "type": "feedback", "question_id": q["id"], "score": score, "max_score": 5.0,
                "covered": covered, "evidence": [None] * len(covered),
                "missed": [p for p in q["key_points"] if p not in covered], "contradicted": [],
                "model_answer": "", "flags": {"too_short": rng.random() < 0.05}}))
            if i + 1 < per_session:
                rows.append(_question(sender, clock, chosen[i + 1], level, i + 2, per_session))
    with sqlite3.connect(path) as connection:
        connection.execute(EVENTS_TABLE)
        connection.executemany("INSERT INTO events (sender_id, type_name, timestamp, intent_name, "
                               "action_name, data) VALUES (?, ?, ?, ?, ?, ?)", rows)
