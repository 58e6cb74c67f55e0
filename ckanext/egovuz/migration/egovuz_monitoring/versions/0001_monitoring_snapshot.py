"""monitoring snapshot (plugin egovuz_monitoring)

The table was created by egovuz_stats 0001 before monitoring became a plugin of its own:
a site migrated then already has it, so it is created only when missing.

Revision ID: 0001monitoring
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001monitoring"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    if sa.inspect(op.get_bind()).has_table("egovuz_monitoring_dataset"):
        return
    # One row per public dataset: what monitoring needs, with the due date computed.
    op.create_table(
        "egovuz_monitoring_dataset",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText),
        sa.Column("owner_org", sa.UnicodeText),
        sa.Column("update_frequency", sa.Unicode(16)),
        sa.Column("data_last_changed", sa.DateTime),
        sa.Column("due_date", sa.DateTime),
        sa.Column("contact_name", sa.UnicodeText),
        sa.Column("contact_email", sa.UnicodeText),
        sa.Column("contact_phone", sa.UnicodeText),
        sa.Column("metadata_created", sa.DateTime),
        sa.Column("notified", sa.DateTime),
    )
    op.create_index("egovuz_monitoring_dataset_org_idx", "egovuz_monitoring_dataset", ["owner_org"])
    op.create_index("egovuz_monitoring_dataset_due_idx", "egovuz_monitoring_dataset", ["due_date"])
    op.create_index(
        "egovuz_monitoring_dataset_changed_idx", "egovuz_monitoring_dataset", ["data_last_changed"]
    )


def downgrade():
    op.drop_table("egovuz_monitoring_dataset")
