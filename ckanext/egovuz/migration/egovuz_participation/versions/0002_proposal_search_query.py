"""proposal: the search that found nothing and led to it

Revision ID: 0002proposal_query
Revises: 0001participation
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002proposal_query"
down_revision = "0001participation"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("egovuz_proposal", sa.Column("search_query", sa.UnicodeText, nullable=True))
    op.create_index("egovuz_proposal_search_query_idx", "egovuz_proposal", ["search_query"])


def downgrade():
    op.drop_index("egovuz_proposal_search_query_idx", table_name="egovuz_proposal")
    op.drop_column("egovuz_proposal", "search_query")
