"""Candidate progress: spaced-repetition cards and the review log.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "progress_cards",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("candidate", sa.String(255), nullable=False, index=True),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("track", sa.String(40), nullable=False),
        sa.Column("topic", sa.String(80), nullable=False),
        sa.Column("fsrs", sa.Text, nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_rating", sa.Integer, nullable=False),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.UniqueConstraint("candidate", "question_id"),
    )
    op.create_table(
        "progress_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("candidate", sa.String(255), nullable=False, index=True),
        sa.Column("session", sa.String(40), nullable=False),
        sa.Column("question_id", sa.String(80), nullable=False),
        sa.Column("track", sa.String(40), nullable=False),
        sa.Column("topic", sa.String(80), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("answer_at", sa.Float, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("progress_reviews")
    op.drop_table("progress_cards")
