"""LTI 1.3: platform registrations, the tool's keys, launch state, identities, contexts, grade links, scores.

Revision ID: 0017_lti_platforms_links
Revises: 0016_accounts_classes
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_lti_platforms_links"
down_revision = "0016_accounts_classes"
branch_labels = None
depends_on = None


def _platform_fk() -> sa.Column:
    return sa.Column("platform_id", sa.Integer, sa.ForeignKey("lti_platforms.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "lti_platforms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("issuer", sa.String(500), nullable=False),
        sa.Column("client_id", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("deployment_ids", sa.JSON, nullable=False),
        sa.Column("auth_login_url", sa.String(1000), nullable=False),
        sa.Column("auth_token_url", sa.String(1000), nullable=False),
        sa.Column("key_set_url", sa.String(1000), nullable=False),
        sa.Column("auth_audience", sa.String(1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("issuer", "client_id", name="uq_lti_platform"),
    )
    op.create_table(
        "lti_keys",
        sa.Column("kid", sa.String(100), primary_key=True),
        sa.Column("private_pem", sa.Text, nullable=False),
        sa.Column("public_pem", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "lti_state",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    )
    op.create_table(
        "lti_identities",
        sa.Column("id", sa.Integer, primary_key=True),
        _platform_fk(),
        sa.Column("sub", sa.String(300), nullable=False),
        sa.Column("username", sa.String(100), nullable=False, index=True),
        sa.UniqueConstraint("platform_id", "sub", name="uq_lti_identity"),
    )
    op.create_table(
        "lti_contexts",
        sa.Column("id", sa.Integer, primary_key=True),
        _platform_fk(),
        sa.Column("context_id", sa.String(300), nullable=False),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("memberships_url", sa.String(1000), nullable=False),
        sa.UniqueConstraint("platform_id", "context_id", name="uq_lti_context"),
    )
    op.create_table(
        "lti_links",
        sa.Column("id", sa.Integer, primary_key=True),
        _platform_fk(),
        sa.Column("username", sa.String(100), nullable=False, index=True),
        sa.Column("sub", sa.String(300), nullable=False),
        sa.Column("resource_link_id", sa.String(300), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False, index=True),
        sa.Column("lineitem", sa.String(1000), nullable=False),
        sa.Column("lineitems", sa.String(1000), nullable=False),
        sa.Column("scopes", sa.JSON, nullable=False),
        sa.UniqueConstraint("platform_id", "username", "resource_link_id", name="uq_lti_link"),
    )
    op.create_table(
        "lti_scores",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("link_id", sa.Integer, sa.ForeignKey("lti_links.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("lti_scores", "lti_links", "lti_contexts", "lti_identities", "lti_state", "lti_keys", "lti_platforms"):
        op.drop_table(table)
