"""Download events (every download from the dataset tabs and the API), one row each.

Owned by the base plugin `egovuz` (its migration 0002 creates the table): written only
through `log_download()` (on the request path, a single INSERT), read by the statistics
plugin through `download_table`."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model import meta

download_table = sa.Table(
    "egovuz_download",
    meta.metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("resource_id", sa.UnicodeText, nullable=True),
    sa.Column("format", sa.Unicode(16), nullable=False),
    # where it came from: table, structure, version, api, file
    sa.Column("source", sa.Unicode(16), nullable=False),
    sa.Column("user_id", sa.UnicodeText, nullable=True),
    sa.Column("created", sa.DateTime, nullable=False, default=datetime.datetime.utcnow),
)

SOURCES = ("table", "structure", "version", "api", "file")


def log_download(
    package_id: str,
    resource_id: str | None,
    fmt: str,
    source: str,
    user_id: str | None = None,
    when: datetime.datetime | None = None,
) -> None:
    """Record one download: one INSERT in its own connection, so that it neither waits
    for nor joins the request's transaction. `when` (default now) is for history that is
    loaded, not lived (tests, the demo)."""
    if source not in SOURCES:
        raise ValueError(f"unknown download source {source!r}")
    engine = meta.engine
    with engine.begin() as conn:
        conn.execute(
            download_table.insert().values(
                package_id=package_id,
                resource_id=resource_id,
                format=(fmt or "").lower()[:16],
                source=source,
                user_id=user_id,
                created=when or datetime.datetime.utcnow(),
            )
        )


def count_downloads(package_id: str | None = None) -> int:
    q = sa.select(sa.func.count()).select_from(download_table)
    if package_id:
        q = q.where(download_table.c.package_id == package_id)
    with meta.engine.connect() as conn:
        return conn.execute(q).scalar() or 0
