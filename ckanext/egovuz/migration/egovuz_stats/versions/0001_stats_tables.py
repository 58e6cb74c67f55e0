"""statistics aggregates and search log

Before monitoring and the AI section became plugins of their own (egovuz_monitoring,
egovuz_ai) this revision created their tables too; their own first revisions create them
when missing, so a site migrated either way ends with the same tables.

Revision ID: 0001stats
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001stats"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Downloads and views per dataset per day (aggregated from egovuz_download and
    # CKAN's tracking_summary by `ckan egovuz stats refresh`).
    op.create_table(
        "egovuz_stats_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("downloads", sa.Integer, nullable=False, server_default="0"),
        sa.Column("views", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("egovuz_stats_daily_package_idx", "egovuz_stats_daily", ["package_id"])

    # Totals per dataset and its rating.
    op.create_table(
        "egovuz_stats_dataset",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("downloads", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("views", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("stars_avg", sa.Float, nullable=False, server_default="0"),
        sa.Column("stars_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rating", sa.Float, nullable=False, server_default="0"),
        # sliding windows (last 7, 30, 365 days), for the period presets of the pages
        *[
            sa.Column(f"{m}_{w}d", sa.BigInteger, nullable=False, server_default="0")
            for m in ("downloads", "views")
            for w in (7, 30, 365)
        ],
    )
    for col in ("downloads", "views", "rating"):
        op.create_index(f"egovuz_stats_dataset_{col}_idx", "egovuz_stats_dataset", [col])

    # Watermarks of the incremental refresh.
    op.create_table(
        "egovuz_stats_state",
        sa.Column("key", sa.Unicode(32), primary_key=True),
        sa.Column("last_download_id", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_search_id", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("refreshed", sa.DateTime),
        sa.Column("windows_day", sa.Date),
        sa.Column("total_downloads", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("total_views", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("total_searches", sa.BigInteger, nullable=False, server_default="0"),
    )
    # Datasets and downloads per sphere (CKAN group), as of the last refresh.
    op.create_table(
        "egovuz_stats_sphere",
        sa.Column("group_id", sa.UnicodeText, primary_key=True),
        sa.Column("datasets", sa.Integer, nullable=False, server_default="0"),
        sa.Column("downloads", sa.BigInteger, nullable=False, server_default="0"),
    )

    # Every dataset search (one INSERT on the request path), normalized.
    op.create_table(
        "egovuz_search_log",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("query", sa.UnicodeText, nullable=False),
        sa.Column("results", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
    )
    op.create_table(
        "egovuz_search_daily",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("query", sa.UnicodeText, primary_key=True),
        sa.Column("searches", sa.Integer, nullable=False, server_default="0"),
        sa.Column("empty", sa.Integer, nullable=False, server_default="0"),
    )

    op.create_table(
        "egovuz_search_total",
        sa.Column("query", sa.UnicodeText, primary_key=True),
        sa.Column("searches", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("empty", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_index("egovuz_search_total_searches_idx", "egovuz_search_total", ["searches"])


def downgrade():
    for table in (
        "egovuz_search_daily",
        "egovuz_search_log",
        "egovuz_search_total",
        "egovuz_stats_sphere",
        "egovuz_stats_state",
        "egovuz_stats_dataset",
        "egovuz_stats_daily",
    ):
        op.drop_table(table)
