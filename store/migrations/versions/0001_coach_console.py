"""The coach console: accounts, score overrides with history, session reviews and comments.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "coaches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "score_overrides",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("answer_at", sa.Float, nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("automatic_score", sa.Float, nullable=False),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("coaches.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "session_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("session_at", sa.Float, nullable=False),
        sa.Column("reviewed_by", sa.Integer, sa.ForeignKey("coaches.id"), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tags", sa.Text, nullable=False),
        sa.UniqueConstraint("sender_id", "session_at"),
    )
    op.create_table(
        "session_comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("session_at", sa.Float, nullable=False),
        sa.Column("coach_id", sa.Integer, sa.ForeignKey("coaches.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("session_comments", "session_reviews", "score_overrides", "coaches"):
        op.drop_table(table)
