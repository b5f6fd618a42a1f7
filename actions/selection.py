"""Choosing an interview's questions from the bank."""

from __future__ import annotations

import random
from collections.abc import Iterable

from questionbank import DIFFICULTIES as LEVELS
from questionbank import TRACKS, Question


def pick_questions(bank: Iterable[Question], track: str, level: str, count: int,
                   rng: random.Random, exclude: set[str] = frozenset()) -> list[str]:
    """`count` question ids of `level` (topping up from the nearest levels when short), spread
    over topics; a mixed interview takes the tracks in turn."""
    pool = [q for q in bank if q.id not in exclude]
    tracks = TRACKS if track == "mixed" else (track,)
    per_track = {t: _ordered_for_level([q for q in pool if q.track == t], level, rng) for t in tracks}
    picked: list[str] = []
    while len(picked) < count and any(per_track.values()):
        for t in tracks:
            if per_track[t] and len(picked) < count:
                picked.append(per_track[t].pop(0).id)
    return picked


def _ordered_for_level(questions: list[Question], level: str, rng: random.Random) -> list[Question]:
    """Questions of the asked level first, then neighbouring levels; topics interleaved."""
    target = LEVELS.index(level)
    by_distance: dict[int, list[Question]] = {}
    for question in questions:
        by_distance.setdefault(abs(LEVELS.index(question.difficulty) - target), []).append(question)
    ordered: list[Question] = []
    for distance in sorted(by_distance):
        ordered += _interleave_topics(by_distance[distance], rng)
    return ordered


def _interleave_topics(questions: list[Question], rng: random.Random) -> list[Question]:
    topics: dict[str, list[Question]] = {}
    for question in questions:
        topics.setdefault(question.topic, []).append(question)
    for group in topics.values():
        rng.shuffle(group)
    order = list(topics)
    rng.shuffle(order)
    out: list[Question] = []
    while any(topics.values()):
        for topic in order:
            if topics[topic]:
                out.append(topics[topic].pop())
    return out
