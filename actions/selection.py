"""Choosing an interview's questions from the bank."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable

from questionbank import DIFFICULTIES as LEVELS
from questionbank import TRACKS, Question
from store.progress import PRIOR


def pick_questions(bank: Iterable[Question], track: str, level: str, count: int,
                   rng: random.Random, exclude: set[str] = frozenset(),
                   mastery: dict[tuple[str, str], float] | None = None) -> list[str]:
    """`count` question ids of `level` (topping up from the nearest levels when short), spread
    over topics, the candidate's weakest first (`mastery`; an unpractised topic counts as the
    prior); a mixed interview takes the tracks in turn."""
    pool = [q for q in bank if q.id not in exclude]
    tracks = TRACKS if track == "mixed" else (track,)
    per_track = {t: _ordered_for_level([q for q in pool if q.track == t], level, rng, mastery or {})
                 for t in tracks}
    picked: list[str] = []
    while len(picked) < count and any(per_track.values()):
        for t in tracks:
            if per_track[t] and len(picked) < count:
                picked.append(per_track[t].pop(0).id)
    return picked


def _ordered_for_level(questions: list[Question], level: str, rng: random.Random,
                       mastery: dict[tuple[str, str], float]) -> list[Question]:
    """Questions of the asked level first, then neighbouring levels; topics interleaved."""
    target = LEVELS.index(level)
    by_distance: dict[int, list[Question]] = {}
    for question in questions:
        by_distance.setdefault(abs(LEVELS.index(question.difficulty) - target), []).append(question)
    ordered: list[Question] = []
    for distance in sorted(by_distance):
        ordered += _interleave_topics(by_distance[distance], rng, mastery)
    return ordered


def _interleave_topics(questions: list[Question], rng: random.Random,
                       mastery: dict[tuple[str, str], float]) -> list[Question]:
    topics: dict[str, list[Question]] = {}
    for question in questions:
        topics.setdefault(question.topic, []).append(question)
    for group in topics.values():
        rng.shuffle(group)
    order = list(topics)
    rng.shuffle(order)  # ties (unpractised topics) stay in a seeded random order
    track = questions[0].track if questions else ""
    order.sort(key=lambda topic: mastery.get((track, topic), PRIOR))
    out: list[Question] = []
    while any(topics.values()):
        for topic in order:
            if topics[topic]:
                out.append(topics[topic].pop())
    return out


def nearest_topics(bank: Iterable[Question], topic: str) -> list[str]:
    """The other topics, the same track's first, each group by how much its questions' words
    overlap this topic's (cosine of word counts): where a topic with too few questions left is
    topped up from."""
    words: dict[str, Counter] = {}
    tracks: dict[str, str] = {}
    for question in bank:
        text = " ".join([question.question, *(k.text for k in question.key_points)]).lower()
        words.setdefault(question.topic, Counter()).update(w for w in re.findall(r"[a-z]{4,}", text))
        tracks[question.topic] = question.track
    if topic not in words:
        return []

    def cosine(a: Counter, b: Counter) -> float:
        dot = sum(a[w] * b[w] for w in a.keys() & b.keys())
        norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0

    others = [t for t in words if t != topic]
    return sorted(others, key=lambda t: (tracks[t] != tracks[topic], -cosine(words[topic], words[t]), t))
