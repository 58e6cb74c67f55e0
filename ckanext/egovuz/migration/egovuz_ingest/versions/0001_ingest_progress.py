"""ingest progress

Revision ID: 0001egovuzingest
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001egovuzingest"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "egovuz_ingest_progress",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("phase", sa.Unicode(32), nullable=False),
        sa.Column("rows_loaded", sa.BigInteger, nullable=True),
        sa.Column("rows_total", sa.BigInteger, nullable=True),
        sa.Column("started", sa.DateTime, nullable=True),
        sa.Column("updated", sa.DateTime, nullable=False),
        sa.Column("messages", sa.UnicodeText, nullable=True),
        sa.Column("error", sa.UnicodeText, nullable=True),
    )


def downgrade():
    op.drop_table("egovuz_ingest_progress")
