"""resource data versions

Revision ID: 0001egovuzver
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001egovuzver"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "egovuz_versions_resource_version",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("resource_id", sa.UnicodeText, nullable=False),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=True),
        sa.Column("row_count", sa.BigInteger, nullable=False),
        sa.Column("checksum", sa.Unicode(64), nullable=False),
        sa.Column("row_hashes", sa.UnicodeText, nullable=True),
        sa.Column("fields", sa.UnicodeText, nullable=False),
        sa.Column("key_field", sa.UnicodeText, nullable=True),
        sa.Column("rows_added", sa.BigInteger, nullable=True),
        sa.Column("rows_removed", sa.BigInteger, nullable=True),
        sa.Column("rows_changed", sa.BigInteger, nullable=True),
        sa.Column("storage", sa.Unicode(16), nullable=False),
        sa.Column("location", sa.UnicodeText, nullable=False),
        sa.Column("base_id", sa.UnicodeText, nullable=True),
        sa.Column("size_bytes", sa.BigInteger, nullable=True),
        sa.UniqueConstraint("resource_id", "number", name="egovuz_versions_resource_number_key"),
    )
    op.create_index(
        "egovuz_versions_package_idx", "egovuz_versions_resource_version", ["package_id"]
    )


def downgrade():
    op.drop_table("egovuz_versions_resource_version")
