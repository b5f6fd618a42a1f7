"""What the console's pages show, computed from the tracker store and the coaches' marks.
Pure functions of the reader's objects: no HTTP, no database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape

from coach.reader import Answer, Candidate, Session


@dataclass
class Filters:
    track: str = ""
    level: str = ""
    since: date | None = None
    until: date | None = None
    score_min: float | None = None
    score_max: float | None = None
    flagged: bool = False
    unreviewed: bool = False
    search: str = ""

    @property
    def active(self) -> bool:
        return any([self.track, self.level, self.since, self.until, self.score_min is not None,
                    self.score_max is not None, self.flagged, self.unreviewed, self.search])


def scored(session: Session, coach_scores: dict) -> list[tuple[Answer, float]]:
    """Each answer with its final score: the coach's where one is set, else the automatic one."""
    return [(a, coach_scores.get((session.sender_id, a.message.at), (a.score,))[0])
            for a in session.answers]


def out_of_five(pairs: list[tuple[float, float]]) -> float | None:
    """Sum of scores over sum of maxima, on 0-5."""
    total = sum(m for _, m in pairs)
    return round(5 * sum(s for s, _ in pairs) / total, 2) if total else None


def session_score(session: Session, coach_scores: dict) -> float | None:
    return out_of_five([(s, a.max_score) for a, s in scored(session, coach_scores)])


def keeps(session: Session, filters: Filters, coach_scores: dict, reviewed: set) -> bool:
    if filters.track and not any(a.question.get("track") == filters.track for a in session.answers) \
            and session.track != filters.track:
        return False
    if filters.level and session.level != filters.level:
        return False
    day = session.started.date()
    if (filters.since and day < filters.since) or (filters.until and day > filters.until):
        return False
    score = session_score(session, coach_scores)
    if filters.score_min is not None and (score is None or score < filters.score_min):
        return False
    if filters.score_max is not None and (score is None or score > filters.score_max):
        return False
    if filters.flagged and not any(a.flags for a in session.answers):
        return False
    if filters.unreviewed and (session.sender_id, session.at) in reviewed:
        return False
    if filters.search and not any(filters.search.lower() in a.message.text.lower()
                                  for a in session.answers):
        return False
    return True


@dataclass
class CohortRow:
    candidate: Candidate
    sessions: list[Session]
    per_track: dict[str, float]
    trend: list[float]  # per session, oldest first, 0-5
    flagged: int
    unreviewed: int


def cohort(candidates: dict[str, Candidate], filters: Filters, coach_scores: dict,
           reviewed: set) -> list[CohortRow]:
    rows = []
    for candidate in candidates.values():
        sessions = [s for s in candidate.sessions if keeps(s, filters, coach_scores, reviewed)]
        if not sessions:
            continue
        by_track = defaultdict(list)
        for session in sessions:
            for answer, score in scored(session, coach_scores):
                by_track[answer.question.get("track", "")].append((score, answer.max_score))
        trend = [x for x in (session_score(s, coach_scores) for s in sessions) if x is not None]
        rows.append(CohortRow(candidate, sessions,
                              {t: out_of_five(p) for t, p in sorted(by_track.items())}, trend,
                              sum(1 for s in sessions for a in s.answers if a.flags),
                              sum(1 for s in sessions if (s.sender_id, s.at) not in reviewed)))
    return rows


@dataclass
class TopicView:
    topic: str
    track: str
    points: list[tuple[float, float]] = field(default_factory=list)  # (time, 0-5) per session
    missed: dict[str, int] = field(default_factory=dict)  # key point -> times missed

    @property
    def mastery(self) -> float:
        return self.points[-1][1] if self.points else 0.0


def topics(candidate: Candidate, coach_scores: dict) -> list[TopicView]:
    """Mastery per topic over time (each session's score on it), weakest first."""
    found: dict[str, TopicView] = {}
    for session in candidate.sessions:
        per_topic = defaultdict(list)
        for answer, score in scored(session, coach_scores):
            topic = answer.question.get("topic", "")
            view = found.setdefault(topic, TopicView(topic, answer.question.get("track", "")))
            per_topic[topic].append((score, answer.max_score))
            for point in answer.feedback.get("missed", []):
                view.missed[point] = view.missed.get(point, 0) + 1
        for topic, pairs in per_topic.items():
            found[topic].points.append((session.at, out_of_five(pairs) or 0.0))
    return sorted(found.values(), key=lambda t: t.mastery)


def highlighted(answer_text: str, evidence: list[str | None]) -> Markup:
    """The answer, escaped, with each covered key point's evidence sentence marked."""
    spans = []
    for sentence in evidence:
        if sentence is None:  # a one-sentence answer is its own evidence
            spans.append((0, len(answer_text)))
            continue
        start = answer_text.find(sentence)
        if start >= 0:
            spans.append((start, start + len(sentence)))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [escape(answer_text[at:start]), Markup("<mark>"), escape(answer_text[start:end]),
                Markup("</mark>")]
        at = end
    out.append(escape(answer_text[at:]))
    return Markup("").join(out)
