"""Slack study groups: question-of-the-day schedules, posts, answers, members, leaderboards,
and the Slack deliveries already handled.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "group_schedules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(40), nullable=False, unique=True),
        sa.Column("post_at", sa.String(5), nullable=False),
        sa.Column("reveal_at", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("tracks", sa.String(200), nullable=False),
        sa.Column("level", sa.String(10), nullable=True),
        sa.Column("created_by", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "group_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("member", sa.String(40), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("channel", "member"),
    )
    op.create_table(
        "group_posts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("schedule_id", sa.Integer, sa.ForeignKey("group_schedules.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("ts", sa.String(40), nullable=True, index=True),
        sa.Column("reveal_due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("schedule_id", "day"),
    )
    op.create_table(
        "group_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("group_posts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("member", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("covered", sa.Text, nullable=False),
        sa.Column("points", sa.Float, nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("post_id", "member"),
    )
    op.create_table(
        "group_leaderboards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("schedule_id", sa.Integer, sa.ForeignKey("group_schedules.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("week", sa.String(10), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("schedule_id", "week"),
    )
    op.create_table(
        "slack_events",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    )


def downgrade() -> None:
    for table in ("slack_events", "group_leaderboards", "group_answers", "group_posts",
                  "group_members", "group_schedules"):
        op.drop_table(table)
