"""Versions of a resource's data (S-VER): one row per immutable numbered version in the
CKAN database; the data of each version is a snapshot table in the DataStore database
(see snapshot.py and docs/benchmarks.md "Versions" for why)."""

from __future__ import annotations

import datetime
import json
from typing import Any

import sqlalchemy as sa
from ckan.model import meta

version_table = sa.Table(
    "egovuz_versions_resource_version",
    meta.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("resource_id", sa.UnicodeText, nullable=False),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False, default=datetime.datetime.utcnow),
    sa.Column("user_id", sa.UnicodeText, nullable=True),
    sa.Column("row_count", sa.BigInteger, nullable=False),
    sa.Column("checksum", sa.Unicode(64), nullable=False),
    # "<max _id>:<sum of row hashes, seed 0>:<seed 1>" (the append test of snapshot.diff)
    sa.Column("row_hashes", sa.UnicodeText, nullable=True),
    # JSON list of {"id": column, "type": postgres type}
    sa.Column("fields", sa.UnicodeText, nullable=False),
    # the column that pairs rows of two versions for the diff (see snapshot.py)
    sa.Column("key_field", sa.UnicodeText, nullable=True),
    sa.Column("rows_added", sa.BigInteger, nullable=True),
    sa.Column("rows_removed", sa.BigInteger, nullable=True),
    sa.Column("rows_changed", sa.BigInteger, nullable=True),
    # "pg": a table in the DataStore database named by `location`
    sa.Column("storage", sa.Unicode(16), nullable=False),
    sa.Column("location", sa.UnicodeText, nullable=False),
    # set when only rows were appended: `location` holds just the appended rows (those
    # with _id above the base version's) and the rest is the base version's data
    sa.Column("base_id", sa.UnicodeText, nullable=True),
    sa.Column("size_bytes", sa.BigInteger, nullable=True),
    extend_existing=True,
)


def as_dict(row: Any) -> dict[str, Any]:
    d = dict(row._mapping)
    d["fields"] = json.loads(d["fields"])
    d["created"] = d["created"].isoformat()
    return d


def latest(conn, resource_id: str):
    q = (
        sa.select(version_table)
        .where(version_table.c.resource_id == resource_id)
        .order_by(version_table.c.number.desc())
        .limit(1)
    )
    return conn.execute(q).first()


def list_versions(resource_id: str | None = None, package_id: str | None = None) -> list[dict]:
    q = sa.select(version_table)
    if resource_id:
        q = q.where(version_table.c.resource_id == resource_id)
    if package_id:
        q = q.where(version_table.c.package_id == package_id)
    q = q.order_by(version_table.c.resource_id, version_table.c.number.desc())
    with meta.engine.connect() as conn:
        return [as_dict(r) for r in conn.execute(q)]


def get_version(version_id: str) -> dict | None:
    with meta.engine.connect() as conn:
        row = conn.execute(sa.select(version_table).where(version_table.c.id == version_id)).first()
    return as_dict(row) if row else None
