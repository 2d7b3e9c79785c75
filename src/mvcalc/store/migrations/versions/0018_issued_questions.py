"""Issued questions: the server decides the variant a learner answers, and remembers what was shown.

A practice page issues a question under an opaque random id; the form carries only that id.
Each row keeps the variant (generator, seed), the learner's wrong tries and hints, whether the
worked solution was viewed, whether it was answered right (closed), and whether the learner
chose the variant by its seed (a replay, never evidence for mastery). Attempts gain
`solution_viewed`: an answer given after the solution was seen is recorded but moves no mastery.

Revision ID: 0018_issued_questions
Revises: 0017_lti_platforms_links
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_issued_questions"
down_revision = "0017_lti_platforms_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_questions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("learner", sa.String(100), nullable=False),
        sa.Column("set_id", sa.String(100), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("wrong_tries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("hints_used", sa.Integer, nullable=False, server_default="0"),
        sa.Column("solution_viewed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("replay", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_issued_learner_set", "issued_questions", ["learner", "set_id", "issued_at"])
    op.create_index("ix_issued_variant", "issued_questions", ["learner", "question_id", "seed"])
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("solution_viewed", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("solution_viewed")
    op.drop_index("ix_issued_variant", table_name="issued_questions")
    op.drop_index("ix_issued_learner_set", table_name="issued_questions")
    op.drop_table("issued_questions")
