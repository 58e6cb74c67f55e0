"""AI data: the operators' flags and the computed readiness (plugin egovuz_ai)

The tables were created by egovuz_stats 0001 before the AI section became a plugin of its
own: a site migrated then already has them, so each is created only when missing.

Revision ID: 0001ai
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001ai"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    existing = sa.inspect(op.get_bind())
    if not existing.has_table("egovuz_ai_flag"):
        op.create_table(
            "egovuz_ai_flag",
            sa.Column("package_id", sa.UnicodeText, primary_key=True),
            sa.Column("note", sa.UnicodeText),
            sa.Column("user_id", sa.UnicodeText),
            sa.Column("created", sa.DateTime, nullable=False),
        )
    if not existing.has_table("egovuz_ai_score"):
        op.create_table(
            "egovuz_ai_score",
            sa.Column("package_id", sa.UnicodeText, primary_key=True),
            sa.Column("score", sa.Integer, nullable=False),
            sa.Column("criteria", sa.UnicodeText, nullable=False),
            sa.Column("computed", sa.DateTime, nullable=False),
        )
        op.create_index("egovuz_ai_score_score_idx", "egovuz_ai_score", ["score", "package_id"])


def downgrade():
    op.drop_table("egovuz_ai_score")
    op.drop_table("egovuz_ai_flag")
