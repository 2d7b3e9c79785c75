"""Submissions of assignment files, and (on PostgreSQL) procrastinate's job tables for grading workers.

Revision ID: 0013_submissions_queue
Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_submissions_queue"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("learner", sa.String(100), nullable=False, index=True),
        sa.Column("assignment", sa.String(100), nullable=False, index=True),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("stage", sa.String(200), nullable=False, server_default=""),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        apply_queue_schema(bind)


def apply_queue_schema(bind) -> None:
    """procrastinate's own schema (tables, functions, triggers) for `mvcalc worker`, unless it is there.

    Its SQL ships with the pinned procrastinate; a later procrastinate that changes it brings
    its migration files, applied by a new revision here.
    """
    if bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar() is not None:
        return
    from procrastinate.schema import SchemaManager

    bind.connection.driver_connection.execute(SchemaManager.get_schema())


def downgrade() -> None:
    # procrastinate's tables stay (they hold only jobs; upgrading again finds them in place)
    op.drop_table("submissions")
