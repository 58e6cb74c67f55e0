"""Loading a tabular file into the DataStore at the speed of PostgreSQL's COPY.

1. detect: encoding, delimiter, header, column types from a sample (detect.py); the
   Data Dictionary's type_override of a column wins over the guess.
2. load: CREATE a new table shaped like the DataStore's (_id serial primary key,
   _full_text tsvector, the columns) and COPY the file into it, streamed (the server
   transcodes Windows-1251). A value that does not fit its column's type stops COPY
   with the line and column: that column becomes text, the publisher is told, and COPY
   runs again. Nothing of this touches the current table.
3. swap (queryable): in one short transaction the new table takes the resource's
   name, the Data Dictionary (column comments) is carried over, the old table is
   dropped. A failure before this point changes nothing.
4. search: the table is rebuilt once with CREATE TABLE AS SELECT (parallel) adding
   _full_text over the text columns, then the indexes every page uses: the primary key
   and GIN on _full_text; CKAN's full-text trigger for later API writes; ANALYZE;
   swapped in like step 3 (writes are blocked meanwhile, reads are not). A column's
   b-tree is built when a filter or sort first uses it on a large table (indexes.py),
   with CREATE INDEX CONCURRENTLY: most columns are never filtered, and building one
   b-tree per column took most of a load's time.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from typing import Any, Callable

import psycopg2
import sqlalchemy as sa
from ckan.plugins import toolkit as tk

from ..core.datastore import ident, write_engine
from . import detect, progress

log = logging.getLogger(__name__)

LONG_TEXT = 200
ALLOWED_OVERRIDES = {
    "text": "text",
    "numeric": "numeric",
    "int": "int8",
    "int4": "int8",
    "int8": "int8",
    "integer": "int8",
    "bigint": "int8",
    "float8": "float8",
    "float": "float8",
    "date": "date",
    "timestamp": "timestamp",
    "bool": "bool",
    "boolean": "bool",
    "time": "time",
}
TYPE_NAMES = {
    "int8": "integer",
    "numeric": "number",
    "date": "date",
    "timestamp": "date and time",
    "float8": "number",
    "bool": "true/false",
    "time": "time",
}


class LoadError(Exception):
    """A load that failed; the message is for the publisher."""


def literal(s: str) -> str:
    return "'" + s.replace("'", "''").replace("\0", "") + "'"


def _existing_columns(conn, table: str) -> dict[str, dict]:
    """{column: {"type":..., "comment": raw comment}} of the current DataStore table."""
    rows = conn.exec_driver_sql(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
        "col_description(a.attrelid, a.attnum) FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = %(t)s AND n.nspname = 'public' AND c.relkind = 'r' "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        {"t": table},
    ).fetchall()
    return {
        r[0]: {"type": r[1], "comment": r[2]} for r in rows if r[0] not in ("_id", "_full_text")
    }


def _info(comment: str | None) -> dict:
    if not comment:
        return {}
    try:
        return json.loads(comment).get("_info") or {}
    except (ValueError, AttributeError):
        return {}


class _CountingReader:
    """A file wrapper for COPY FROM STDIN that reports progress as it is read."""

    def __init__(self, f, on_progress: Callable[[int, int], None], skip: int = 0):
        self.f = f
        self.lines = 0
        self.bytes = 0
        self.on_progress = on_progress
        self.last = 0.0
        if skip:
            f.seek(skip)

    def read(self, size=-1):
        chunk = self.f.read(size)
        self.lines += chunk.count(b"\n")
        self.bytes += len(chunk)
        now = time.monotonic()
        if now - self.last > 1.0:
            self.last = now
            self.on_progress(self.lines, self.bytes)
        return chunk

    def readline(self, size=-1):
        line = self.f.readline(size)
        self.lines += 1
        self.bytes += len(line)
        return line


def _copy_error_column(e: psycopg2.Error, columns: list[detect.Column]) -> detect.Column | None:
    context = getattr(getattr(e, "diag", None), "context", None) or ""
    for col in sorted(columns, key=lambda c: -len(c.id)):
        if f", column {col.id}: " in context or context.rstrip().endswith(f", column {col.id}"):
            return col
    return None


def _copy_error_line(e: psycopg2.Error) -> str | None:
    context = getattr(getattr(e, "diag", None), "context", None) or ""
    m = re.search(r"line (\d+)", context)
    return m.group(1) if m else None


def _create_sql(table: str, columns: list[detect.Column], load_types: dict[str, str]) -> str:
    cols = ", ".join(f"{ident(c.id)} {load_types[c.id]}" for c in columns)
    return f"CREATE TABLE {ident(table)} (_id serial PRIMARY KEY, _full_text tsvector, {cols})"


def _comment_sql(table: str, columns: list[str], existing: dict[str, dict]) -> list[str]:
    out = []
    for c in columns:
        comment = (existing.get(c) or {}).get("comment")
        if comment:
            out.append(f"COMMENT ON COLUMN {ident(table)}.{ident(c)} IS {literal(comment)}")
    return out


def _swap(
    engine,
    resource_id: str,
    new_table: str,
    columns: list[str],
    existing: dict[str, dict],
    extra_sql: list[str] = (),
) -> None:
    """The new table takes the resource's name in one short transaction."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET LOCAL lock_timeout = '30s'")
        cur.execute("SELECT to_regclass(%s)", (ident(resource_id),))
        old_exists = cur.fetchone()[0] is not None
        if old_exists:
            cur.execute(f"DROP TABLE {ident(resource_id)} CASCADE")
        cur.execute(f"ALTER TABLE {ident(new_table)} RENAME TO {ident(resource_id)}")
        for sql in _comment_sql(resource_id, columns, existing):
            cur.execute(sql)
        for sql in extra_sql:
            cur.execute(sql.format(table=ident(resource_id)))
        raw.commit()
    except Exception:
        raw.rollback()
        raise
    finally:
        raw.close()


TMP_PREFIX = "egovuz_ingest_"
TMP_LOCK = "egovuz_ingest_tmp:"


class _Owner:
    """A session-level advisory lock in the DataStore database, on a connection of its
    own, for as long as a load runs: its temporary table (and the resource) are in use.
    A worker killed mid-load closes the connection and so frees the lock: the table is
    then an orphan that `drop_orphans` removes."""

    def __init__(self, engine, *keys: str):
        self.conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        for k in keys:
            self.conn.execute(sa.text("SELECT pg_advisory_lock(hashtext(:k))"), {"k": k})

    def close(self) -> None:
        try:
            self.conn.execute(sa.text("SELECT pg_advisory_unlock_all()"))
        finally:
            self.conn.close()


def drop_orphans(engine=None) -> list[str]:
    """Drop the temporary tables of loads that no longer run (a worker killed between
    COPY and the swap); returns their names."""
    engine = engine or write_engine()
    dropped = []
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        names = [
            r[0]
            for r in conn.execute(
                sa.text(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                    "c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE :p"
                ),
                {"p": TMP_PREFIX.replace("_", "\\_") + "%"},
            )
        ]
        for name in names:
            free = conn.execute(
                sa.text("SELECT pg_try_advisory_lock(hashtext(:k))"), {"k": TMP_LOCK + name}
            ).scalar()
            if not free:
                continue
            try:
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {ident(name)}")
                dropped.append(name)
                log.warning("dropped %s, left by a load that stopped", name)
            finally:
                conn.execute(
                    sa.text("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": TMP_LOCK + name}
                )
    return dropped


def _drop_quietly(engine, table: str) -> None:
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {ident(table)}")
    except Exception:  # pragma: no cover - best effort cleanup
        log.exception("could not drop %s", table)


def load(
    path: str,
    resource_id: str,
    logger: logging.Logger | None = None,
    on_queryable: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Load the CSV/TSV file at `path` into the resource's DataStore table.
    Returns {"fields": [...], "rows": n, "messages": [...], "timings": {...}}."""
    logger = logger or log
    t0 = time.monotonic()
    timings: dict[str, float] = {}
    messages: list[str] = []
    engine = write_engine()
    size = os.path.getsize(path)
    progress.update(resource_id, "detecting", 0, None, started=True)

    try:
        info = detect.sniff(path)
    except detect.DetectError as e:
        raise LoadError(str(e))
    if not info.columns:
        raise LoadError(tk._("The file has no columns."))
    est_total = int(size / info.sample_bytes_per_row) if info.sample_bytes_per_row else None
    logger.info(
        "Detected encoding %s, delimiter %r, %s columns, about %s rows",
        info.encoding,
        info.delimiter,
        len(info.columns),
        est_total,
    )

    with engine.connect() as conn:
        existing = _existing_columns(conn, resource_id)

    # types: the Data Dictionary's override wins, then the guess
    final_types: dict[str, str] = {}
    for c in info.columns:
        override = _info((existing.get(c.id) or {}).get("comment")).get("type_override")
        if override and ALLOWED_OVERRIDES.get(override):
            final_types[c.id] = ALLOWED_OVERRIDES[override]
            c.decimal_comma = False
            c.date_order = c.date_order if final_types[c.id] in ("date", "timestamp") else None
        else:
            final_types[c.id] = c.type
    orders = {
        c.date_order
        for c in info.columns
        if c.date_order and final_types[c.id] in ("date", "timestamp")
    }
    datestyle = "ISO, MDY" if orders == {"mdy"} else "ISO, DMY"
    for c in info.columns:
        if (
            c.date_order == "mdy"
            and datestyle != "ISO, MDY"
            and final_types[c.id] in ("date", "timestamp")
        ):
            final_types[c.id] = "text"
            messages.append(
                tk._(
                    "Column «{col}» mixes date orders with other columns; it was loaded as text."
                ).format(col=c.id)
            )
    # decimal-comma columns go in as text and are converted after COPY
    load_types = {c.id: ("text" if c.decimal_comma else final_types[c.id]) for c in info.columns}
    timings["detect"] = time.monotonic() - t0
    logger.info("Column types: %s", {c.id: final_types[c.id] for c in info.columns})

    new_table = TMP_PREFIX + uuid.uuid4().hex[:16]
    owner = _Owner(engine, TMP_LOCK + new_table)
    try:
        return _load(
            path,
            resource_id,
            logger,
            on_queryable,
            engine,
            info,
            existing,
            final_types,
            load_types,
            datestyle,
            messages,
            timings,
            new_table,
            size,
            est_total,
            t0,
        )
    finally:
        owner.close()


def _load(  # noqa: C901 -- to split (issue 16 closing note)
    path,
    resource_id,
    logger,
    on_queryable,
    engine,
    info,
    existing,
    final_types,
    load_types,
    datestyle,
    messages,
    timings,
    new_table,
    size,
    est_total,
    t0,
):
    names = [c.id for c in info.columns]
    col_list = ", ".join(ident(n) for n in names)

    def on_progress(lines, nbytes):
        est = int(size * lines / nbytes) if nbytes else est_total
        progress.update(resource_id, "loading", lines, est)

    t1 = time.monotonic()
    rows = 0
    for attempt in range(len(names) + 2):
        typed = [n for n in names if load_types[n] != "text"]
        force_null = f", FORCE_NULL ({', '.join(ident(n) for n in typed)})" if typed else ""
        sql = (
            f"COPY {ident(new_table)} ({col_list}) FROM STDIN WITH (FORMAT csv, "
            f"HEADER true, DELIMITER {literal(info.delimiter)}, "
            f"ENCODING {literal(info.pg_encoding)}{force_null})"
        )
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(f"SET datestyle = {literal(datestyle)}")
            cur.execute(_create_sql(new_table, info.columns, load_types))
            with open(path, "rb") as f:
                reader = _CountingReader(f, on_progress, skip=info.bom)
                cur.copy_expert(sql, reader, size=256 * 1024)
            rows = cur.rowcount
            raw.commit()
            break
        except (
            psycopg2.errors.InvalidTextRepresentation,
            psycopg2.errors.InvalidDatetimeFormat,
            psycopg2.errors.DatetimeFieldOverflow,
            psycopg2.errors.NumericValueOutOfRange,
        ) as e:
            raw.rollback()
            col = _copy_error_column(e, info.columns)
            if col is None or load_types[col.id] == "text":
                raise LoadError(
                    tk._("Line {line}: {error}").format(
                        line=_copy_error_line(e) or "?", error=str(e).splitlines()[0]
                    )
                )
            value = re.search(r': "(.*)"\s*$', e.diag.context or "")
            msg = tk._(
                "Column «{col}» was loaded as text: line {line} has the value "
                "«{value}», which is not a {type}."
            ).format(
                col=col.id,
                line=_copy_error_line(e) or "?",
                value=(value.group(1)[:80] if value else "?"),
                type=tk._(TYPE_NAMES.get(load_types[col.id], load_types[col.id])),
            )
            messages.append(msg)
            logger.warning(msg)
            load_types[col.id] = "text"
            final_types[col.id] = "text"
            col.decimal_comma = False
        except psycopg2.errors.BadCopyFileFormat as e:
            raw.rollback()
            line = _copy_error_line(e) or "?"
            detail = str(e).splitlines()[0]
            if "extra data" in detail:
                why = tk._(
                    "line {line} has more values than the header has columns "
                    "(a value with the delimiter {delim} not wrapped in double quotes?)"
                )
            elif "missing data" in detail:
                why = tk._("line {line} has fewer values than the header has columns")
            elif "unterminated" in detail:
                why = tk._("a double quote opened near line {line} is never closed")
            else:
                why = tk._("line {line}: ") + detail
            raise LoadError(
                tk._("The file could not be loaded: {why}.").format(
                    why=why.format(
                        line=line, delim=info.delimiter if info.delimiter != "\t" else "TAB"
                    )
                )
            )
        except psycopg2.errors.CharacterNotInRepertoire as e:
            raw.rollback()
            if info.pg_encoding == "UTF8" and not info.bom:
                # the sample was plain ASCII/UTF-8 but a later line is not: Windows-1251
                info.encoding, info.pg_encoding = "cp1251", "WIN1251"
                msg = tk._("Line {line} is not UTF-8: the file was read as Windows-1251.").format(
                    line=_copy_error_line(e) or "?"
                )
                messages.append(msg)
                logger.warning(msg)
                continue
            raise LoadError(
                tk._(
                    "The file's encoding could not be read on line {line}: save "
                    "it as UTF-8 (or Windows-1251) and upload it again."
                ).format(line=_copy_error_line(e) or "?")
            )
        except psycopg2.Error as e:
            raw.rollback()
            raise LoadError(
                tk._("The file could not be loaded: {error}").format(error=str(e).splitlines()[0])
            )
        finally:
            raw.close()
    else:  # pragma: no cover
        raise LoadError(tk._("The file could not be loaded."))
    timings["copy"] = time.monotonic() - t1
    if rows == 0:
        _drop_quietly(engine, new_table)
        raise LoadError(tk._("The file has a header but no rows: nothing to load."))
    progress.update(resource_id, "converting", rows, rows)

    # decimal commas -> numeric, in one table rewrite; a failure leaves them text
    dc = [c for c in info.columns if c.decimal_comma]
    if dc:
        alter = ", ".join(
            f"ALTER COLUMN {ident(c.id)} TYPE numeric USING "
            f"replace({ident(c.id)}, ',', '.')::numeric"
            for c in dc
        )
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"ALTER TABLE {ident(new_table)} {alter}".replace("%", "%%"))
            for c in dc:
                final_types[c.id] = "numeric"
        except sa.exc.DBAPIError:
            for c in dc:
                final_types[c.id] = "text"
            msg = tk._(
                "Columns {cols} look like numbers with a decimal comma but some values "
                "are not; they were loaded as text."
            ).format(cols=", ".join(f"«{c.id}»" for c in dc))
            messages.append(msg)
            logger.warning(msg)

    # 3. swap: queryable
    t2 = time.monotonic()
    progress.update(resource_id, "publishing", rows, rows)
    try:
        _swap(engine, resource_id, new_table, names, existing, extra_sql=["ANALYZE {table}"])
    except Exception as e:
        _drop_quietly(engine, new_table)
        raise LoadError(
            tk._("The new data could not replace the current data: {error}").format(
                error=str(e).splitlines()[0]
            )
        )
    timings["swap"] = time.monotonic() - t2
    timings["queryable"] = time.monotonic() - t0
    logger.info("Data queryable after %.1f s (%s rows)", timings["queryable"], rows)
    if on_queryable:
        on_queryable()

    # 4. full text and indexes (the data is already served)
    t3 = time.monotonic()
    progress.update(resource_id, "indexing", rows, rows)
    fields = [{"id": n, "type": final_types[n]} for n in names]
    with engine.connect() as conn:
        existing_now = _existing_columns(conn, resource_id)
    try:
        index_info = build_search(engine, resource_id, info.columns, fields, existing_now, logger)
    except Exception as e:  # the data stays served without the search index
        logger.exception("search index failed")
        messages.append(
            tk._("The data is loaded, but its search index could not be built: {error}").format(
                error=str(e).splitlines()[0]
            )
        )
        index_info = {}
    timings["index"] = time.monotonic() - t3
    timings["complete"] = time.monotonic() - t0
    progress.update(resource_id, "complete", rows, rows, messages=messages)
    logger.info(
        "Load complete after %.1f s: %s",
        timings["complete"],
        {k: round(v, 2) for k, v in timings.items()},
    )
    return {
        "fields": fields,
        "rows": rows,
        "messages": messages,
        "timings": timings,
        "indexes": index_info,
    }


def build_search(
    engine,
    resource_id: str,
    columns: list[detect.Column],
    fields: list[dict],
    existing: dict[str, dict],
    logger,
) -> dict:
    from ckanext.datastore.backend.postgres import _generate_index_name

    lang = tk.config.get("ckan.datastore.default_fts_lang") or "english"
    names = [f["id"] for f in fields]
    text_cols = [f["id"] for f in fields if f["type"] == "text"]
    fts = " || ' ' || ".join(f"coalesce({ident(c)}, '')" for c in text_cols) if text_cols else "''"
    rebuilt = TMP_PREFIX + uuid.uuid4().hex[:16]  # created and renamed in one transaction
    seq = rebuilt + "__id_seq"
    col_list = ", ".join(ident(n) for n in names)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET maintenance_work_mem = '256MB'")
        cur.execute("SET jit = off")
        cur.execute(f"LOCK TABLE {ident(resource_id)} IN EXCLUSIVE MODE")  # reads go on
        cur.execute(
            f"CREATE TABLE {ident(rebuilt)} AS SELECT _id, "
            f"to_tsvector({literal(lang)}, {fts}) AS _full_text, {col_list} "
            f"FROM {ident(resource_id)}"
        )
        cur.execute(f"CREATE SEQUENCE {ident(seq)} OWNED BY {ident(rebuilt)}._id")
        cur.execute(
            f"SELECT setval({literal(ident(seq))}, "
            f"coalesce((SELECT max(_id) FROM {ident(rebuilt)}), 0) + 1, false)"
        )
        cur.execute(
            f"ALTER TABLE {ident(rebuilt)} ALTER COLUMN _id SET DEFAULT "
            f"nextval({literal(ident(seq))}), ALTER COLUMN _id SET NOT NULL, "
            f"ADD PRIMARY KEY (_id)"
        )
        # names CKAN's datastore would give the indexes of the resource's table
        fts_name = _generate_index_name(resource_id, ident("_full_text"))
        cur.execute(f"CREATE INDEX {ident(fts_name)} ON {ident(rebuilt)} USING gin (_full_text)")
        cur.execute(f"DROP TABLE {ident(resource_id)} CASCADE")
        cur.execute(f"ALTER TABLE {ident(rebuilt)} RENAME TO {ident(resource_id)}")
        for sql in _comment_sql(resource_id, names, existing):
            cur.execute(sql)
        cur.execute(
            f"CREATE TRIGGER zfulltext BEFORE INSERT OR UPDATE ON {ident(resource_id)} "
            f"FOR EACH ROW EXECUTE PROCEDURE populate_full_text_trigger()"
        )
        raw.commit()
        # VACUUM sets the visibility map: counts of filtered rows become index-only
        dbapi = raw.connection  # the psycopg2 connection behind the pool's proxy
        dbapi.autocommit = True
        try:
            dbapi.cursor().execute(f"VACUUM (ANALYZE) {ident(resource_id)}")
        finally:
            dbapi.autocommit = False
    except Exception:
        raw.rollback()
        raise
    finally:
        raw.close()
    logger.info(
        "Search: full text over %s; column indexes when first filtered or sorted", text_cols
    )
    return {"full_text": text_cols, "btree": []}
