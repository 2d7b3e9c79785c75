"""Initial schema: attempts, assessment and assignment results, skill mastery.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("learner", sa.String(100), nullable=False, index=True),
        sa.Column("question_id", sa.String(100), nullable=False, index=True),
        sa.Column("set_id", sa.String(100), nullable=False, index=True),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("answer_text", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("diagnosis", sa.String(100), nullable=True, index=True),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("hints_used", sa.Integer, nullable=False),
        sa.Column("elapsed_ms", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "assessment_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("learner", sa.String(100), nullable=False, index=True),
        sa.Column("assessment_id", sa.String(100), nullable=False, index=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "assignment_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("learner", sa.String(100), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False, index=True),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "skill_mastery",
        sa.Column("learner", sa.String(100), primary_key=True),
        sa.Column("skill", sa.String(100), primary_key=True),
        sa.Column("p_known", sa.Float, nullable=False),
        sa.Column("observations", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("skill_mastery")
    op.drop_table("assignment_results")
    op.drop_table("assessment_results")
    op.drop_table("attempts")
