"""Loading a tabular file into the DataStore at the speed of PostgreSQL's COPY.

1. detect: encoding, delimiter, header, column types from a sample (detect.py); the
   Data Dictionary's type_override of a column wins over the guess.
2. load: CREATE a new table shaped like the DataStore's (_id serial, _full_text
   tsvector, the columns) and COPY the file into it, streamed (the server transcodes
   Windows-1251), with FREEZE (the table is created in the same transaction: its rows
   are written frozen and all-visible, no later pass rewrites their hint bits) and no
   index to maintain row by row (the primary key comes with step 4's rebuild). A value
   that does not fit its column's type stops COPY with the line and column: that column
   becomes text, the publisher is told, and COPY runs again. Nothing of this touches
   the current table.
3. swap (queryable): in one short transaction the new table takes the resource's
   name, the Data Dictionary (column comments) is carried over, the old table is
   dropped. A failure before this point changes nothing. No ANALYZE here: the table has
   no index for statistics to choose, and step 4 analyzes the table it builds.
4. search: the table is rebuilt once with CREATE TABLE AS SELECT (parallel) adding
   _full_text over the text columns, then the indexes every page uses: the primary key
   and GIN on _full_text; CKAN's full-text trigger for later API writes; VACUUM
   (ANALYZE); swapped in like step 3 (writes are blocked meanwhile, reads are not). If
   it fails the table keeps being served, given its primary key and statistics. A column's
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
from dataclasses import dataclass, field
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
    return f"CREATE TABLE {ident(table)} (_id serial NOT NULL, _full_text tsvector, {cols})"


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
    state = _Load.detect(path, resource_id, logger or log)
    owner = _Owner(state.engine, TMP_LOCK + state.new_table)
    try:
        state.copy()
        state.convert_decimal_commas()
        state.swap()
        if on_queryable:
            on_queryable()
        state.full_text()
        return state.publish()
    finally:
        owner.close()


@dataclass
class _Load:
    """One load as it goes: what detection found, the types (final and as loaded), the
    temporary table, the messages for the publisher and the timings; one method a step.
    A step that fails raises LoadError and leaves the current table as it was (until the
    swap) or served without its search index (after it)."""

    path: str
    resource_id: str
    logger: logging.Logger
    engine: Any
    info: detect.FileInfo
    existing: dict[str, dict]
    t0: float
    size: int
    est_total: int | None
    final_types: dict[str, str] = field(default_factory=dict)
    load_types: dict[str, str] = field(default_factory=dict)
    datestyle: str = "ISO, DMY"
    messages: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    new_table: str = field(default_factory=lambda: TMP_PREFIX + uuid.uuid4().hex[:16])
    rows: int = 0
    index_info: dict = field(default_factory=dict)

    # 1. detect
    @classmethod
    def detect(cls, path: str, resource_id: str, logger: logging.Logger) -> "_Load":
        t0 = time.monotonic()
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
        state = cls(path, resource_id, logger, engine, info, existing, t0, size, est_total)
        state._choose_types()
        state.timings["detect"] = time.monotonic() - t0
        logger.info("Column types: %s", state.final_types)
        return state

    @property
    def names(self) -> list[str]:
        return [c.id for c in self.info.columns]

    def _choose_types(self) -> None:
        """The Data Dictionary's override wins, then the guess; one date order for the
        session (a column in the other order becomes text); decimal-comma columns go in
        as text and are converted after COPY."""
        for c in self.info.columns:
            override = _info((self.existing.get(c.id) or {}).get("comment")).get("type_override")
            if override and ALLOWED_OVERRIDES.get(override):
                self.final_types[c.id] = ALLOWED_OVERRIDES[override]
                c.decimal_comma = False
                if self.final_types[c.id] not in ("date", "timestamp"):
                    c.date_order = None
            else:
                self.final_types[c.id] = c.type
        dated = [c for c in self.info.columns if self.final_types[c.id] in ("date", "timestamp")]
        orders = {c.date_order for c in dated if c.date_order}
        self.datestyle = "ISO, MDY" if orders == {"mdy"} else "ISO, DMY"
        for c in dated:
            if c.date_order == "mdy" and self.datestyle != "ISO, MDY":
                self.final_types[c.id] = "text"
                self.messages.append(
                    tk._(
                        "Column «{col}» mixes date orders with other columns; it was loaded "
                        "as text."
                    ).format(col=c.id)
                )
        self.load_types = {
            c.id: ("text" if c.decimal_comma else self.final_types[c.id]) for c in self.info.columns
        }

    # 2. copy
    def copy(self) -> None:
        """COPY the file into a new table; a value that does not fit its column's type
        makes that column text and COPY runs again (at most once a column)."""
        t1 = time.monotonic()
        for _attempt in range(len(self.names) + 2):
            if self._copy_once():
                break
        else:  # pragma: no cover
            raise LoadError(tk._("The file could not be loaded."))
        self.timings["copy"] = time.monotonic() - t1
        if self.rows == 0:
            _drop_quietly(self.engine, self.new_table)
            raise LoadError(tk._("The file has a header but no rows: nothing to load."))
        progress.update(self.resource_id, "converting", self.rows, self.rows)

    def _copy_sql(self) -> str:
        typed = [n for n in self.names if self.load_types[n] != "text"]
        force_null = f", FORCE_NULL ({', '.join(ident(n) for n in typed)})" if typed else ""
        return (
            f"COPY {ident(self.new_table)} ({', '.join(ident(n) for n in self.names)}) "
            f"FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER {literal(self.info.delimiter)}, "
            f"ENCODING {literal(self.info.pg_encoding)}, FREEZE true{force_null})"
        )

    def _on_progress(self, lines: int, nbytes: int) -> None:
        est = int(self.size * lines / nbytes) if nbytes else self.est_total
        progress.update(self.resource_id, "loading", lines, est)

    def _copy_once(self) -> bool:
        """One COPY attempt; True when the rows are in, False to try again."""
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(f"SET datestyle = {literal(self.datestyle)}")
            cur.execute(_create_sql(self.new_table, self.info.columns, self.load_types))
            with open(self.path, "rb") as f:
                reader = _CountingReader(f, self._on_progress, skip=self.info.bom)
                cur.copy_expert(self._copy_sql(), reader, size=256 * 1024)
            self.rows = cur.rowcount
            raw.commit()
            return True
        except psycopg2.Error as e:
            raw.rollback()
            return self._after_copy_error(e)
        finally:
            raw.close()

    def _after_copy_error(self, e: psycopg2.Error) -> bool:
        if isinstance(e, _VALUE_ERRORS):
            return self._retype(e)
        if isinstance(e, psycopg2.errors.BadCopyFileFormat):
            raise LoadError(self._bad_format(e))
        if isinstance(e, psycopg2.errors.CharacterNotInRepertoire):
            return self._reencode(e)
        raise LoadError(
            tk._("The file could not be loaded: {error}").format(error=str(e).splitlines()[0])
        )

    def _retype(self, e: psycopg2.Error) -> bool:
        """The column whose value did not fit becomes text (the publisher is told)."""
        col = _copy_error_column(e, self.info.columns)
        if col is None or self.load_types[col.id] == "text":
            raise LoadError(
                tk._("Line {line}: {error}").format(
                    line=_copy_error_line(e) or "?", error=str(e).splitlines()[0]
                )
            )
        value = re.search(r': "(.*)"\s*$', e.diag.context or "")
        kind = self.load_types[col.id]
        self._tell(
            tk._(
                "Column «{col}» was loaded as text: line {line} has the value "
                "«{value}», which is not a {type}."
            ).format(
                col=col.id,
                line=_copy_error_line(e) or "?",
                value=(value.group(1)[:80] if value else "?"),
                type=tk._(TYPE_NAMES.get(kind, kind)),
            )
        )
        self.load_types[col.id] = "text"
        self.final_types[col.id] = "text"
        col.decimal_comma = False
        return False

    def _bad_format(self, e: psycopg2.Error) -> str:
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
        delim = self.info.delimiter if self.info.delimiter != "\t" else "TAB"
        return tk._("The file could not be loaded: {why}.").format(
            why=why.format(line=line, delim=delim)
        )

    def _reencode(self, e: psycopg2.Error) -> bool:
        """The sample was plain ASCII/UTF-8 but a later line is not: Windows-1251."""
        if self.info.pg_encoding == "UTF8" and not self.info.bom:
            self.info.encoding, self.info.pg_encoding = "cp1251", "WIN1251"
            self._tell(
                tk._("Line {line} is not UTF-8: the file was read as Windows-1251.").format(
                    line=_copy_error_line(e) or "?"
                )
            )
            return False
        raise LoadError(
            tk._(
                "The file's encoding could not be read on line {line}: save "
                "it as UTF-8 (or Windows-1251) and upload it again."
            ).format(line=_copy_error_line(e) or "?")
        )

    def _tell(self, msg: str) -> None:
        self.messages.append(msg)
        self.logger.warning(msg)

    def convert_decimal_commas(self) -> None:
        """Decimal commas -> numeric, in one table rewrite; a failure leaves them text."""
        dc = [c for c in self.info.columns if c.decimal_comma]
        if not dc:
            return
        alter = ", ".join(
            f"ALTER COLUMN {ident(c.id)} TYPE numeric USING "
            f"replace({ident(c.id)}, ',', '.')::numeric"
            for c in dc
        )
        try:
            with self.engine.begin() as conn:
                conn.exec_driver_sql(
                    f"ALTER TABLE {ident(self.new_table)} {alter}".replace("%", "%%")
                )
            for c in dc:
                self.final_types[c.id] = "numeric"
        except sa.exc.DBAPIError:
            for c in dc:
                self.final_types[c.id] = "text"
            self._tell(
                tk._(
                    "Columns {cols} look like numbers with a decimal comma but some values "
                    "are not; they were loaded as text."
                ).format(cols=", ".join(f"«{c.id}»" for c in dc))
            )

    # 3. swap: queryable
    def swap(self) -> None:
        t2 = time.monotonic()
        progress.update(self.resource_id, "publishing", self.rows, self.rows)
        try:
            _swap(
                self.engine,
                self.resource_id,
                self.new_table,
                self.names,
                self.existing,
            )
        except Exception as e:
            _drop_quietly(self.engine, self.new_table)
            raise LoadError(
                tk._("The new data could not replace the current data: {error}").format(
                    error=str(e).splitlines()[0]
                )
            )
        self.timings["swap"] = time.monotonic() - t2
        self.timings["queryable"] = time.monotonic() - self.t0
        self.logger.info(
            "Data queryable after %.1f s (%s rows)", self.timings["queryable"], self.rows
        )

    @property
    def fields(self) -> list[dict]:
        return [{"id": n, "type": self.final_types[n]} for n in self.names]

    # 4. full text and indexes (the data is already served)
    def full_text(self) -> None:
        t3 = time.monotonic()
        progress.update(self.resource_id, "indexing", self.rows, self.rows)
        with self.engine.connect() as conn:
            existing_now = _existing_columns(conn, self.resource_id)
        try:
            self.index_info = build_search(
                self.engine,
                self.resource_id,
                self.info.columns,
                self.fields,
                existing_now,
                self.logger,
                self.timings,
            )
        except Exception as e:  # the data stays served without the search index
            self.logger.exception("search index failed")
            self.messages.append(
                tk._("The data is loaded, but its search index could not be built: {error}").format(
                    error=str(e).splitlines()[0]
                )
            )
            self.index_info = {}
            _primary_key_quietly(self.engine, self.resource_id)
        self.timings["index"] = time.monotonic() - t3

    # 5. publish: the load's outcome for the job and the progress page
    def publish(self) -> dict[str, Any]:
        self.timings["complete"] = time.monotonic() - self.t0
        progress.update(self.resource_id, "complete", self.rows, self.rows, messages=self.messages)
        self.logger.info(
            "Load complete after %.1f s: %s",
            self.timings["complete"],
            {k: round(v, 2) for k, v in self.timings.items()},
        )
        return {
            "fields": self.fields,
            "rows": self.rows,
            "messages": self.messages,
            "timings": self.timings,
            "indexes": self.index_info,
        }


_VALUE_ERRORS = (
    psycopg2.errors.InvalidTextRepresentation,
    psycopg2.errors.InvalidDatetimeFormat,
    psycopg2.errors.DatetimeFieldOverflow,
    psycopg2.errors.NumericValueOutOfRange,
)


def build_search(
    engine,
    resource_id: str,
    columns: list[detect.Column],
    fields: list[dict],
    existing: dict[str, dict],
    logger,
    timings: dict[str, float] | None = None,
) -> dict:
    from ckanext.datastore.backend.postgres import _generate_index_name

    lang = tk.config.get("ckan.datastore.default_fts_lang") or "english"
    names = [f["id"] for f in fields]
    text_cols = [f["id"] for f in fields if f["type"] == "text"]
    fts = " || ' ' || ".join(f"coalesce({ident(c)}, '')" for c in text_cols) if text_cols else "''"
    rebuilt = TMP_PREFIX + uuid.uuid4().hex[:16]  # created and renamed in one transaction
    seq = rebuilt + "__id_seq"
    col_list = ", ".join(ident(n) for n in names)
    timed = _Stopwatch(timings)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SET maintenance_work_mem = '256MB'")
        cur.execute("SET jit = off")
        cur.execute(f"LOCK TABLE {ident(resource_id)} IN EXCLUSIVE MODE")  # reads go on
        timed("fts_wait_lock")
        cur.execute(
            f"CREATE TABLE {ident(rebuilt)} AS SELECT _id, "
            f"to_tsvector({literal(lang)}, {fts}) AS _full_text, {col_list} "
            f"FROM {ident(resource_id)}"
        )
        timed("fts_table")
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
        timed("fts_pkey")
        # names CKAN's datastore would give the indexes of the resource's table
        fts_name = _generate_index_name(resource_id, ident("_full_text"))
        cur.execute(f"CREATE INDEX {ident(fts_name)} ON {ident(rebuilt)} USING gin (_full_text)")
        timed("fts_gin")
        cur.execute(f"DROP TABLE {ident(resource_id)} CASCADE")
        cur.execute(f"ALTER TABLE {ident(rebuilt)} RENAME TO {ident(resource_id)}")
        for sql in _comment_sql(resource_id, names, existing):
            cur.execute(sql)
        cur.execute(
            f"CREATE TRIGGER zfulltext BEFORE INSERT OR UPDATE ON {ident(resource_id)} "
            f"FOR EACH ROW EXECUTE PROCEDURE populate_full_text_trigger()"
        )
        raw.commit()
        timed("fts_swap")
        # VACUUM sets the visibility map: counts of filtered rows become index-only
        dbapi = raw.connection  # the psycopg2 connection behind the pool's proxy
        dbapi.autocommit = True
        try:
            dbapi.cursor().execute(f"VACUUM (ANALYZE) {ident(resource_id)}")
        finally:
            dbapi.autocommit = False
        timed("fts_vacuum")
    except Exception:
        raw.rollback()
        raise
    finally:
        raw.close()
    logger.info(
        "Search: full text over %s; column indexes when first filtered or sorted", text_cols
    )
    return {"full_text": text_cols, "btree": []}


class _Stopwatch:
    """timed(name) stores the seconds since the previous call under `name`."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings if timings is not None else {}
        self.last = time.monotonic()

    def __call__(self, name: str) -> None:
        now = time.monotonic()
        self.timings[name] = now - self.last
        self.last = now


def _primary_key_quietly(engine, table: str) -> None:
    """After a failed full-text step the table is served as COPY left it: give it its
    primary key and statistics (best effort)."""
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"ALTER TABLE {ident(table)} ADD PRIMARY KEY (_id)")
            conn.exec_driver_sql(f"ANALYZE {ident(table)}")
    except Exception:  # pragma: no cover - e.g. the rebuild got as far as the key
        log.exception("could not add the primary key of %s", table)
