"""Accounts and classes: users, login sessions and failures, classes with join codes, instructors,
enrolments, per-class assessment settings and extensions, started assessment attempts, server secrets.

The progress tables keep their rows: their `learner` column now holds a username,
and the personal course's rows stay under "local" until an admin claims them.
Assessment attempts in progress (0015) gain a number (unique per learner and
assessment), the class whose rules applied, and a late flag.

Revision ID: 0016_accounts_classes
Revises: 0015_rounds_quizzes_keys
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_accounts_classes"
down_revision = "0015_rounds_quizzes_keys"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "login_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
        _when("created_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(100), nullable=False, index=True),
        sa.Column("address", sa.String(64), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(100), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("join_code", sa.String(32), nullable=False, unique=True),
        _when("created_at"),
    )
    op.create_table(
        "class_instructors",
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
    )
    op.create_table(
        "enrolments",
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
        _when("created_at"),
    )
    op.create_table(
        "class_assessments",
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("assessment_id", sa.String(100), primary_key=True),
        _when("release_at", nullable=True),
        _when("due_at", nullable=True),
        sa.Column("attempt_limit", sa.Integer, nullable=True),
    )
    op.create_table(
        "extensions",
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("assessment_id", sa.String(100), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        _when("due_at"),
    )
    with op.batch_alter_table("assessment_attempts") as batch:
        batch.add_column(sa.Column("number", sa.Integer, nullable=True))
        batch.add_column(sa.Column("class_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("late", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_unique_constraint("uq_assessment_attempt_number", ["learner", "assessment_id", "number"])
    op.create_table(
        "secrets",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("assessment_attempts") as batch:
        batch.drop_constraint("uq_assessment_attempt_number", type_="unique")
        batch.drop_column("late")
        batch.drop_column("class_id")
        batch.drop_column("number")
    for table in (
        "secrets", "extensions", "class_assessments", "enrolments",
        "class_instructors", "classes", "login_failures", "login_sessions", "users",
    ):
        op.drop_table(table)

