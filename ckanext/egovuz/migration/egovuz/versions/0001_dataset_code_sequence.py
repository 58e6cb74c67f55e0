"""dataset code sequence

The passport's dataset ID (S-PASS-1): numeric like the previous portal's IDs, from a
PostgreSQL sequence so that concurrent creates never get the same code.

Revision ID: 0001egovuz
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "0001egovuz"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE SEQUENCE IF NOT EXISTS egovuz_dataset_code_seq START WITH 10001")


def downgrade():
    op.execute("DROP SEQUENCE IF EXISTS egovuz_dataset_code_seq")
