"""search log: who searched (keyed hash) and whether public datasets were found; the
distinct visitors per query (public search-query lists need N of them)

Revision ID: 0002stats
Revises: 0001stats
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002stats"
down_revision = "0001stats"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("egovuz_search_log", sa.Column("visitor", sa.UnicodeText, nullable=True))
    op.add_column(
        "egovuz_search_log",
        sa.Column("public_results", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "egovuz_search_visitor",
        sa.Column("query", sa.UnicodeText, primary_key=True),
        sa.Column("visitor", sa.UnicodeText, primary_key=True),
    )


def downgrade():
    op.drop_table("egovuz_search_visitor")
    op.drop_column("egovuz_search_log", "public_results")
    op.drop_column("egovuz_search_log", "visitor")
