"""Progress of a load (phase, rows loaded of total, messages), one row per resource in
the CKAN database, written by the worker and read by the resource page."""

from __future__ import annotations

import datetime
import json

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from ckan.model import meta

progress_table = sa.Table(
    "egovuz_ingest_progress",
    meta.metadata,
    sa.Column("resource_id", sa.UnicodeText, primary_key=True),
    sa.Column("phase", sa.Unicode(32), nullable=False),
    sa.Column("rows_loaded", sa.BigInteger, nullable=True),
    sa.Column("rows_total", sa.BigInteger, nullable=True),
    sa.Column("started", sa.DateTime, nullable=True),
    sa.Column("updated", sa.DateTime, nullable=False),
    sa.Column("messages", sa.UnicodeText, nullable=True),
    sa.Column("error", sa.UnicodeText, nullable=True),
    extend_existing=True,
)

PHASES = ("detecting", "loading", "converting", "publishing", "indexing", "complete", "error")


def update(
    resource_id: str,
    phase: str,
    rows_loaded: int | None = None,
    rows_total: int | None = None,
    messages: list[str] | None = None,
    error: str | None = None,
    started: bool = False,
) -> None:
    now = datetime.datetime.utcnow()
    values = dict(
        resource_id=resource_id,
        phase=phase,
        rows_loaded=rows_loaded,
        rows_total=rows_total,
        updated=now,
    )
    if started:
        values.update(started=now, messages=None, error=None)
    if messages is not None:
        values["messages"] = json.dumps(messages, ensure_ascii=False)
    if error is not None:
        values["error"] = error
    stmt = insert(progress_table).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["resource_id"], set_={k: v for k, v in values.items() if k != "resource_id"}
    )
    try:
        with meta.engine.begin() as conn:
            conn.execute(stmt)
    except sa.exc.SQLAlchemyError:  # progress must never break a load
        import logging

        logging.getLogger(__name__).exception("could not record progress")


def get(resource_id: str) -> dict | None:
    with meta.engine.connect() as conn:
        row = conn.execute(
            sa.select(progress_table).where(progress_table.c.resource_id == resource_id)
        ).first()
    if row is None:
        return None
    d = dict(row._mapping)
    d["messages"] = json.loads(d["messages"]) if d["messages"] else []
    for k in ("started", "updated"):
        d[k] = d[k].isoformat() if d[k] else None
    if d["rows_total"] and d["rows_loaded"] is not None:
        d["percent"] = min(100, int(100 * d["rows_loaded"] / d["rows_total"]))
    else:
        d["percent"] = None
    return d
