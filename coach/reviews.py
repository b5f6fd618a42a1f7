"""What coaches write, in the app database: accounts, score overrides and their history, session
reviews, tags and comments. Each function takes a SQLAlchemy session; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import Coach, ScoreOverride, SessionComment, SessionReview, now

_HASHER = PasswordHasher()
MIN_PASSWORD = 8


class ReviewError(ValueError):
    """A coach's input that cannot be stored, with what to do instead."""


def set_coach(db: Session, name: str, password: str) -> Coach:
    name = name.strip()
    if not name or len(name) > 80:
        raise ReviewError("a coach name is 1-80 characters")
    if len(password) < MIN_PASSWORD:
        raise ReviewError(f"a password has at least {MIN_PASSWORD} characters")
    coach = db.scalar(select(Coach).where(Coach.name == name))
    if coach is None:
        coach = Coach(name=name, password_hash=_HASHER.hash(password), created_at=now())
        db.add(coach)
    else:
        coach.password_hash = _HASHER.hash(password)
    db.flush()
    return coach


def check_login(db: Session, name: str, password: str) -> Coach | None:
    coach = db.scalar(select(Coach).where(Coach.name == name.strip()))
    if coach is None:
        _HASHER.hash(password)  # the same work either way: no timing hint that a name exists
        return None
    try:
        _HASHER.verify(coach.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    return coach


def parse_score(raw: str) -> float:
    try:
        score = float(raw)
    except (TypeError, ValueError):
        raise ReviewError(f"{raw!r} is not a score: give 0 to 5 in half points") from None
    if not 0 <= score <= 5 or score * 2 != int(score * 2):
        raise ReviewError(f"{raw} is not 0 to 5 in half points")
    return score


def override(db: Session, coach: Coach, sender: str, answer_at: float, question_id: str,
             automatic: float, score: float | None, comment: str) -> ScoreOverride:
    """Record a coach score (None clears it); earlier rows stay as the answer's history."""
    row = ScoreOverride(sender_id=sender, answer_at=answer_at, question_id=question_id,
                        automatic_score=automatic, score=score, comment=comment.strip()[:2000],
                        coach_id=coach.id, at=now())
    db.add(row)
    db.flush()
    return row


@dataclass
class Change:
    coach: str
    at: str
    old: float | None
    new: float | None
    comment: str


def histories(db: Session, sender: str | None = None) -> dict[tuple[str, float], list[Change]]:
    """Per answer (sender, answer_at): its overrides, oldest first, each with the score it replaced."""
    query = select(ScoreOverride, Coach.name).join(Coach, Coach.id == ScoreOverride.coach_id)
    if sender is not None:
        query = query.where(ScoreOverride.sender_id == sender)
    out: dict[tuple[str, float], list[Change]] = {}
    for row, coach in db.execute(query.order_by(ScoreOverride.id)):
        changes = out.setdefault((row.sender_id, row.answer_at), [])
        old = changes[-1].new if changes else None
        changes.append(Change(coach, row.at.strftime("%Y-%m-%d %H:%M"), old, row.score, row.comment))
    return out


def coach_scores(db: Session, sender: str | None = None) -> dict[tuple[str, float], tuple[float, str]]:
    """The current coach score and its coach, per overridden answer (cleared ones left out)."""
    return current_scores(histories(db, sender))


def current_scores(history: dict[tuple[str, float], list[Change]]) -> dict:
    """(sender, answer_at) -> (coach score, coach) from `histories()`, cleared ones left out."""
    return {key: (changes[-1].new, changes[-1].coach) for key, changes in history.items()
            if changes[-1].new is not None}


def review(db: Session, sender: str, session_at: float) -> SessionReview:
    row = db.scalar(select(SessionReview).where(SessionReview.sender_id == sender,
                                                SessionReview.session_at == session_at))
    if row is None:
        row = SessionReview(sender_id=sender, session_at=session_at, tags="")
        db.add(row)
        db.flush()
    return row


def reviews(db: Session) -> dict[tuple[str, float], SessionReview]:
    return {(r.sender_id, r.session_at): r for r in db.scalars(select(SessionReview))}


def set_tags(db: Session, sender: str, session_at: float, raw: str) -> None:
    tags = sorted({t.strip().lower()[:40] for t in raw.split(",") if t.strip()})
    review(db, sender, session_at).tags = ",".join(tags)


def mark_reviewed(db: Session, coach: Coach, sender: str, session_at: float, reviewed: bool) -> None:
    row = review(db, sender, session_at)
    row.reviewed_by, row.reviewed_at = (coach.id, now()) if reviewed else (None, None)


def add_comment(db: Session, coach: Coach, sender: str, session_at: float, body: str) -> None:
    body = body.strip()
    if not body:
        raise ReviewError("the comment is empty")
    db.add(SessionComment(sender_id=sender, session_at=session_at, coach_id=coach.id,
                          text=body[:4000], at=now()))


def comments(db: Session, sender: str, session_at: float) -> list[tuple[str, str, str]]:
    query = (select(SessionComment, Coach.name).join(Coach, Coach.id == SessionComment.coach_id)
             .where(SessionComment.sender_id == sender, SessionComment.session_at == session_at)
             .order_by(SessionComment.id))
    return [(name, c.at.strftime("%Y-%m-%d %H:%M"), c.text) for c, name in db.execute(query)]
