"""State that used to live in one process: Sandpit rounds and their probes, assessment attempts
in progress; a unique key per recorded answer, so that a write retried after a lost
connection is saved once; and 64-bit question seeds (an assessment's questions have seeds
up to 10^12, which PostgreSQL's 32-bit integer refused).

Revision ID: 0015_rounds_quizzes_keys
Revises: 0013_submissions_queue
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_rounds_quizzes_keys"
down_revision = "0013_submissions_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sandpit_rounds",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("learner", sa.String(100), nullable=False, index=True),
        sa.Column("level", sa.String(40), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("strategy", sa.String(20), nullable=False),
        sa.Column("gamma", sa.Float, nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("replay", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "sandpit_probes",
        sa.Column("round_id", sa.String(40), sa.ForeignKey("sandpit_rounds.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("x", sa.Float, nullable=False),
        sa.Column("y", sa.Float, nullable=False),
        sa.Column("depth", sa.Float, nullable=False),
        sa.Column("arrow_x", sa.Float, nullable=True),
        sa.Column("arrow_y", sa.Float, nullable=True),
    )
    op.create_table(
        "assessment_attempts",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("learner", sa.String(100), nullable=False, index=True),
        sa.Column("assessment_id", sa.String(100), nullable=False, index=True),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_id", sa.Integer, nullable=True),
    )
    with op.batch_alter_table("attempts") as batch:
        batch.alter_column("seed", type_=sa.BigInteger, existing_type=sa.Integer, existing_nullable=False)
        batch.add_column(sa.Column("request_key", sa.String(40), nullable=True))
        batch.create_index("ix_attempts_request_key", ["request_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_index("ix_attempts_request_key")
        batch.drop_column("request_key")
        batch.alter_column("seed", type_=sa.Integer, existing_type=sa.BigInteger, existing_nullable=False)
    op.drop_table("assessment_attempts")
    op.drop_table("sandpit_probes")
    op.drop_table("sandpit_rounds")
