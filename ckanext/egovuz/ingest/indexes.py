"""Column indexes built when the Table tab (or the data API) first filters or sorts a
large table by that column, not at load time (issue 14).

A load used to build a b-tree on every column: on 1,000,000 rows × 10 columns that was
most of the load's time, for columns nobody may ever filter. Now a load builds the
primary key and the full-text index; the first filter or sort on a column of a table
with at least MIN_ROWS rows queues a job that builds that column's b-tree with CREATE
INDEX CONCURRENTLY (reads and writes go on meanwhile). Smaller tables are scanned in a
few milliseconds and get none. The index has the name CKAN's DataStore gives a column
index, so the DataStore's own index handling recognizes it."""

from __future__ import annotations

import logging

from ckan.plugins import toolkit as tk

from ..core.datastore import ident, write_engine

log = logging.getLogger(__name__)

MIN_ROWS = 100_000
QUEUED_FOR = 600  # seconds a request stays queued before it may be queued again


def index_name(resource_id: str, column: str) -> str:
    from ckanext.datastore.backend.postgres import _generate_index_name

    return _generate_index_name(resource_id, ident(column))


def missing(resource_id: str, columns: list[str]) -> list[str]:
    """The columns of a table of at least MIN_ROWS rows (by the planner's count) that
    have no valid index of their own."""
    if not columns:
        return []
    with write_engine().connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT c.reltuples, a.attname, EXISTS (SELECT 1 FROM pg_index i "
            "  WHERE i.indrelid = c.oid AND i.indisvalid AND i.indkey[0] = a.attnum "
            "  AND i.indnatts = 1) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid "
            "WHERE c.relname = %(t)s AND n.nspname = 'public' AND c.relkind = 'r' "
            "AND a.attname = ANY(%(cols)s) AND NOT a.attisdropped",
            {"t": resource_id, "cols": list(columns)},
        ).fetchall()
    return [name for reltuples, name, indexed in rows if reltuples >= MIN_ROWS and not indexed]


def request(resource_id: str, columns: list[str]) -> list[str]:
    """Queue an index build for each column of `columns` that needs one (see `missing`);
    each at most once per QUEUED_FOR seconds. Returns the columns queued. Never raises:
    a page must not fail for want of an index."""
    try:
        todo = missing(resource_id, [c for c in dict.fromkeys(columns) if c != "_id"])
        if not todo:
            return []
        from ckan.lib.redis import connect_to_redis

        redis = connect_to_redis()
        queued = []
        for column in todo:
            key = f"egovuz:ingest:index:{index_name(resource_id, column)}"
            if redis.set(key, "1", nx=True, ex=QUEUED_FOR):
                tk.enqueue_job(
                    build_column_index, [resource_id, column], title=f"index {resource_id} {column}"
                )
                queued.append(column)
        return queued
    except Exception:  # pragma: no cover - logged, the page goes on
        log.exception("could not queue column indexes for %s", resource_id)
        return []


def build_column_index(resource_id: str, column: str) -> bool:
    """The job: CREATE INDEX CONCURRENTLY on one column (an invalid leftover of an
    interrupted build is dropped first). Returns whether an index was built."""
    if not missing(resource_id, [column]):
        return False
    name = index_name(resource_id, column)
    raw = write_engine().raw_connection()
    dbapi = raw.driver_connection
    try:
        dbapi.autocommit = True  # CONCURRENTLY runs outside a transaction block
        cur = dbapi.cursor()
        cur.execute("SET maintenance_work_mem = '256MB'")
        cur.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {ident(name)}")
        cur.execute(
            f"CREATE INDEX CONCURRENTLY {ident(name)} ON {ident(resource_id)} ({ident(column)})"
        )
        log.info("built index %s on %s (%s)", name, resource_id, column)
        return True
    finally:
        dbapi.autocommit = False
        raw.close()
