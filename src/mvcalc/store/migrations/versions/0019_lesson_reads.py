"""Lesson reads: a learner marked a lesson as read (once; the first time is kept).

Revision ID: 0019_lesson_reads
Revises: 0018_issued_questions
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0019_lesson_reads"
down_revision = "0018_issued_questions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lesson_reads",
        sa.Column("learner", sa.String(100), primary_key=True),
        sa.Column("lesson_id", sa.String(100), primary_key=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("lesson_reads")
