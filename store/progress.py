"""Progress across sessions: one FSRS card per candidate and question, the review log, mastery
per topic, and which questions are due. Shared by the interview, Slack and the coach console.

The rating follows the score (on 0-5): under 2 Again, under 3.5 Hard, under 4.5 Good, else Easy;
a hint caps it at Hard and a revealed answer ("I don't know", "show the answer") is Again. A
question failed (Again) in an earlier session is due at the next interview whatever FSRS's
minute-scale learning step says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from groups.members import conversations_of, user_of
from store.models import (
    GroupAnswer,
    GroupMember,
    ProgressCard,
    ProgressReview,
    ScoreOverride,
    SessionComment,
    SessionReview,
    now,
)

_SCHEDULER = Scheduler(enable_fuzzing=False)  # deterministic schedules for tests and coaches
# Mastery: recency-weighted mean of score/5, shrunk toward PRIOR as if PRIOR_WEIGHT answers at
# PRIOR had been seen; each older answer counts DECAY times the next newer one.
PRIOR, PRIOR_WEIGHT, DECAY = 0.5, 1.0, 0.85


def rating_for(score: float, hinted: bool = False, revealed: bool = False) -> Rating:
    if revealed or score < 2.0:
        return Rating.Again
    rating = Rating.Hard if score < 3.5 else Rating.Good if score < 4.5 else Rating.Easy
    return min(rating, Rating.Hard) if hinted else rating


def mastery(scores_oldest_first: list[float]) -> float:
    """0-1: see the module's PRIOR, PRIOR_WEIGHT and DECAY."""
    weights = [DECAY ** (len(scores_oldest_first) - 1 - i) for i in range(len(scores_oldest_first))]
    total = sum(w * s / 5.0 for w, s in zip(weights, scores_oldest_first))
    return round((total + PRIOR * PRIOR_WEIGHT) / (sum(weights) + PRIOR_WEIGHT), 3)


def review(db: Session, candidate: str, session: str, question_id: str, track: str, topic: str,
           score: float, rating: Rating, answer_at: float = 0.0,
           at: datetime | None = None) -> ProgressCard:
    """Log one answer and reschedule its card, in the caller's transaction. `answer_at`: the
    answer's timestamp in the tracker store, which a coach's override names it by."""
    at = at or now()
    row = db.scalar(select(ProgressCard).where(ProgressCard.candidate == candidate,
                                               ProgressCard.question_id == question_id)
                    .with_for_update())
    card = Card.from_dict(json.loads(row.fsrs)) if row else Card()
    card, _ = _SCHEDULER.review_card(card, rating, at)
    if row is None:
        row = ProgressCard(candidate=candidate, question_id=question_id, track=track, topic=topic,
                           reps=0)
        db.add(row)
    row.fsrs, row.due, row.last_rating = json.dumps(card.to_dict()), card.due, int(rating)
    row.reps += 1
    db.add(ProgressReview(candidate=candidate, session=session, question_id=question_id,
                          track=track, topic=topic, score=score, rating=int(rating),
                          answer_at=answer_at, at=at))
    db.flush()
    return row


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def is_due(card: ProgressCard, at: datetime) -> bool:
    return card.last_rating == Rating.Again or _aware(card.due) <= at


def cards(db: Session, candidate: str, track: str | None = None) -> list[ProgressCard]:
    query = select(ProgressCard).where(ProgressCard.candidate == candidate)
    if track and track != "mixed":
        query = query.where(ProgressCard.track == track)
    return list(db.scalars(query))


def due_and_resting(db: Session, candidate: str, track: str,
                    at: datetime | None = None) -> tuple[list[str], set[str]]:
    """Question ids due for review, most overdue first (failed ones first of all), and the ids
    answered well enough that FSRS says not yet."""
    at = at or now()
    found = cards(db, candidate, track)
    due = sorted((c for c in found if is_due(c, at)),
                 key=lambda c: (c.last_rating != Rating.Again, _aware(c.due)))
    return [c.question_id for c in due], {c.question_id for c in found if not is_due(c, at)}


@dataclass
class TopicProgress:
    track: str
    topic: str
    answered: int
    mastery: float
    due: int

    def as_payload(self) -> dict:
        return {"track": self.track, "topic": self.topic, "answered": self.answered,
                "mastery": self.mastery, "due": self.due}


def topic_scores(db: Session, candidate: str, before_session: str | None = None) -> dict:
    """(track, topic) -> scores oldest first (a coach's override in place of the automatic
    score), optionally leaving out one session."""
    overrides = {}
    for row in db.scalars(select(ScoreOverride).where(ScoreOverride.sender_id == candidate)
                          .order_by(ScoreOverride.id)):
        overrides[(row.question_id, row.answer_at)] = row.score  # the newest wins; None: cleared
    query = select(ProgressReview).where(ProgressReview.candidate == candidate)
    if before_session is not None:
        query = query.where(ProgressReview.session != before_session)
    out: dict[tuple[str, str], list[float]] = {}
    for r in db.scalars(query.order_by(ProgressReview.at, ProgressReview.id)):
        coached = overrides.get((r.question_id, r.answer_at))
        out.setdefault((r.track, r.topic), []).append(r.score if coached is None else coached)
    return out


def progress(db: Session, candidate: str, at: datetime | None = None) -> dict:
    """The `progress` payload: sessions, streak, and per topic answered / mastery / due."""
    at = at or now()
    due_by_topic: dict[tuple[str, str], int] = {}
    for card in cards(db, candidate):
        if is_due(card, at):
            due_by_topic[(card.track, card.topic)] = due_by_topic.get((card.track, card.topic), 0) + 1
    topics = [TopicProgress(track, topic, len(scores), mastery(scores), due_by_topic.get((track, topic), 0))
              for (track, topic), scores in sorted(topic_scores(db, candidate).items())]
    sessions = db.scalar(select(func.count(func.distinct(ProgressReview.session)))
                         .where(ProgressReview.candidate == candidate)) or 0
    days = {_aware(a).date() for a in db.scalars(select(ProgressReview.at)
                                                 .where(ProgressReview.candidate == candidate))}
    return {"type": "progress", "sessions": sessions, "streak_days": streak(days, at.date()),
            "topics": [t.as_payload() for t in topics]}


def streak(days: set[date], today: date) -> int:
    """Consecutive days with an answer, ending today (or yesterday: today is not over)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count, day = count + 1, day - timedelta(days=1)
    return count


def forget(db: Session, candidate: str) -> dict[str, int]:
    """Delete a candidate's progress and coach marks; returns what was deleted, per table. A
    Slack member (`slack:<user>`) is also every conversation of theirs (`slack:<user>:...`),
    with their question-of-the-day answers and memberships."""
    deleted = {}
    for model, column in [(ProgressReview, ProgressReview.candidate),
                          (ProgressCard, ProgressCard.candidate),
                          (ScoreOverride, ScoreOverride.sender_id),
                          (SessionReview, SessionReview.sender_id),
                          (SessionComment, SessionComment.sender_id)]:
        deleted[model.__tablename__] = db.execute(
            delete(model).where(or_(column == candidate, column.like(conversations_of(candidate))))).rowcount
    member = user_of(candidate)
    if member:
        for model in (GroupAnswer, GroupMember):
            deleted[model.__tablename__] = db.execute(delete(model).where(model.member == member)).rowcount
    return deleted
