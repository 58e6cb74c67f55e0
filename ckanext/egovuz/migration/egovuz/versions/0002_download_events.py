"""download events

Revision ID: 0002egovuz
Revises: 0001egovuz
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002egovuz"
down_revision = "0001egovuz"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "egovuz_download",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("resource_id", sa.UnicodeText, nullable=True),
        sa.Column("format", sa.Unicode(16), nullable=False),
        sa.Column("source", sa.Unicode(16), nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_index("egovuz_download_package_id_idx", "egovuz_download", ["package_id"])
    op.create_index("egovuz_download_resource_id_idx", "egovuz_download", ["resource_id"])
    op.create_index("egovuz_download_created_idx", "egovuz_download", ["created"])


def downgrade():
    op.drop_table("egovuz_download")
