"""The app database's tables. An answer is named by its conversation (Rasa's sender id) and the
timestamp of the candidate's message in the tracker store, which never changes."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Coach(Base):
    __tablename__ = "coaches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ScoreOverride(Base):
    """One change to an answer's coach score. The newest row per answer is its coach score
    (`score` None: the override was cleared); the automatic score lives in the tracker, untouched."""

    __tablename__ = "score_overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    answer_at: Mapped[float] = mapped_column(Float)  # the candidate message's tracker timestamp
    question_id: Mapped[str] = mapped_column(String(80))
    automatic_score: Mapped[float] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class SessionReview(Base):
    """A coach's marks on one interview session: reviewed or not, tags, a comment thread."""

    __tablename__ = "session_reviews"
    __table_args__ = (UniqueConstraint("sender_id", "session_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    session_at: Mapped[float] = mapped_column(Float)  # timestamp of the session's first question
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("coaches.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    tags: Mapped[str] = mapped_column(Text, default="")  # comma-separated


class SessionComment(Base):
    __tablename__ = "session_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    session_at: Mapped[float] = mapped_column(Float)
    coach_id: Mapped[int] = mapped_column(ForeignKey("coaches.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ProgressCard(Base):
    """One candidate's spaced-repetition card for one question (FSRS state as JSON)."""

    __tablename__ = "progress_cards"
    __table_args__ = (UniqueConstraint("candidate", "question_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate: Mapped[str] = mapped_column(String(255), index=True)  # the conversation's sender id
    question_id: Mapped[str] = mapped_column(String(80))
    track: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str] = mapped_column(String(80))
    fsrs: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_rating: Mapped[int] = mapped_column(Integer)  # fsrs.Rating: 1 Again ... 4 Easy
    reps: Mapped[int] = mapped_column(Integer, default=0)


class ProgressReview(Base):
    """Every scored answer, the review log behind mastery, streaks and session counts."""

    __tablename__ = "progress_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate: Mapped[str] = mapped_column(String(255), index=True)
    session: Mapped[str] = mapped_column(String(40))  # the interview it was asked in
    question_id: Mapped[str] = mapped_column(String(80))
    track: Mapped[str] = mapped_column(String(40))
    topic: Mapped[str] = mapped_column(String(80))
    score: Mapped[float] = mapped_column(Float)  # on 0-5, the question's own scale
    rating: Mapped[int] = mapped_column(Integer)
    answer_at: Mapped[float] = mapped_column(Float)  # the answer's tracker timestamp
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
