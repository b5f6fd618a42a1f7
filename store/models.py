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


class GroupSchedule(Base):
    """A Slack channel's question of the day: when it is posted and revealed, and what it asks."""

    __tablename__ = "group_schedules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(40), unique=True)  # Slack channel id
    post_at: Mapped[str] = mapped_column(String(5))  # "HH:MM" in `timezone`
    reveal_at: Mapped[str] = mapped_column(String(5))  # "HH:MM"; at or before post_at: the next day
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name
    tracks: Mapped[str] = mapped_column(String(200))  # comma-separated
    level: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class GroupMember(Base):
    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("channel", "member"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    member: Mapped[str] = mapped_column(String(40))  # Slack user id
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class GroupPost(Base):
    """One day's question in one channel. The unique day makes a post happen once, however many
    servers tick or however late a missed schedule is caught up."""

    __tablename__ = "group_posts"
    __table_args__ = (UniqueConstraint("schedule_id", "day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("group_schedules.id", ondelete="CASCADE"))
    day: Mapped[str] = mapped_column(String(10))  # ISO date in the schedule's time zone
    channel: Mapped[str] = mapped_column(String(40))
    question_id: Mapped[str] = mapped_column(String(80))
    ts: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)  # the thread
    reveal_due: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    revealed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class GroupAnswer(Base):
    """A member's answer to a day's question: the first one counts."""

    __tablename__ = "group_answers"
    __table_args__ = (UniqueConstraint("post_id", "member"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("group_posts.id", ondelete="CASCADE"))
    member: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)  # 0-5
    covered: Mapped[str] = mapped_column(Text)  # JSON list of covered key-point indices
    points: Mapped[float] = mapped_column(Float)  # the score, plus the streak bonus
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class GroupLeaderboard(Base):
    """A weekly leaderboard posted to a channel (unique: posted once per week)."""

    __tablename__ = "group_leaderboards"
    __table_args__ = (UniqueConstraint("schedule_id", "week"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("group_schedules.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))  # ISO week, "2026-W49"
    posted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class SlackEvent(Base):
    """Slack deliveries already handled (event ids, channel+ts), so a retry never posts twice,
    even after a restart or on another replica."""

    __tablename__ = "slack_events"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
