"""The SELECT behind every export: the WHERE, full-text and ORDER BY clauses are those that
CKAN's `datastore_search` builds (its IDatastore plugin chain, so identifiers are quoted and
values bound, never concatenated), sent by PostgreSQL's `COPY (SELECT ...) TO STDOUT`."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
import queue
import re
import threading
from typing import Any, Callable, Iterator

import sqlalchemy as sa
from ckan import plugins as p
from ckan.plugins import toolkit as tk
from ckanext.datastore import interfaces as ds_interfaces
from ckanext.datastore.backend import postgres as pg
from ckanext.datastore.logic import schema as ds_schema

from ..core.datastore import text_ident as qi  # a quoted identifier for sa.text()

identifier = pg.identifier

CHUNK = 256 * 1024
PREFETCH = 4
_END = object()
NUMERIC_TYPES = {
    "int",
    "int2",
    "int4",
    "int8",
    "integer",
    "bigint",
    "smallint",
    "numeric",
    "float4",
    "float8",
    "real",
    "double precision",
    "money",
}
INTEGER_TYPES = {"int", "int2", "int4", "int8", "integer", "bigint", "smallint"}
TIME_TYPES = {"timestamp", "timestamptz", "date", "time"}


# PostgreSQL's own type names (format_type, as a version's fields carry them) → the
# DataStore's short names
_PG_NAMES = {
    "timestamp without time zone": "timestamp",
    "timestamp with time zone": "timestamptz",
    "time without time zone": "time",
    "time with time zone": "time",
    "character varying": "text",
    "character": "text",
    "varchar": "text",
    "double precision": "float8",
    "boolean": "bool",
    "integer": "int4",
    "bigint": "int8",
    "smallint": "int2",
    "real": "float4",
}


def base_type(pg_type: str | None) -> str:
    """The DataStore's name of a column type: `numeric(10,2)` → numeric,
    `timestamp without time zone` → timestamp; arrays keep their brackets."""
    t = (pg_type or "text").strip().lower()
    array = t.endswith("[]")
    t = re.sub(r"\(.*?\)", "", t[:-2] if array else t).strip()
    t = _PG_NAMES.get(t, t)
    return t + "[]" if array else t


def kind(pg_type: str) -> str:
    """One of: integer, number, datetime, date, boolean, json, string."""
    t = base_type(pg_type)
    if t in INTEGER_TYPES:
        return "integer"
    if t in NUMERIC_TYPES:
        return "number"
    if t in ("timestamp", "timestamptz"):
        return "datetime"
    if t == "date":
        return "date"
    if t in ("bool", "boolean"):
        return "boolean"
    if t in ("nested", "json", "jsonb") or t.startswith("_") or t.endswith("[]"):
        return "json"
    return "string"


@dataclasses.dataclass
class ExportQuery:
    """One export: the columns, the FROM/WHERE and ORDER BY of the rows, their bound
    values, and which engine reads them. The Table tab builds it from a datastore_search
    (`build`), Versions from a version's snapshot (`of_table`); the writers in writers.py
    take either."""

    resource_id: str
    fields: list[dict[str, Any]]  # [{"id", "type", "info"...}] without _id
    total: int
    from_sql: str  # FROM ... WHERE ... (no ORDER BY)
    order_sql: str  # ORDER BY ...
    params: dict[str, Any]
    engine: Callable[[], Any] = pg.get_read_engine

    def text_expr(self, field: dict[str, Any]) -> str:
        """The column as PostgreSQL text: numbers keep their exact digits, timestamps ISO."""
        col = qi(field["id"])
        k = kind(field.get("type"))
        if k == "string":
            return col if base_type(field.get("type")) == "text" else f"({col})::text"
        if k == "datetime":
            return f"to_char({col}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        if k == "json":
            return f"to_json({col})::text"
        return f"({col})::text"

    def select(self, expressions: list[str]) -> str:
        return f"SELECT {', '.join(expressions)} {self.from_sql} {self.order_sql}"

    def bound_sql(self, sql: str, cursor) -> str:
        """`sql` (sqlalchemy.text() style, :name placeholders) with this query's values
        quoted in by psycopg2 (COPY takes no bind parameters)."""
        compiled = sa.text(sql).compile(dialect=self.engine().dialect)
        return cursor.mogrify(compiled.string, self.params).decode("utf-8")

    def copy_out(
        self, sql: str, options: str = "FORMAT csv", chunk: int = CHUNK
    ) -> Iterator[bytes]:
        """`COPY (sql) TO STDOUT WITH (options)`, streamed: a thread runs psycopg2's
        copy_expert (which releases the GIL while PostgreSQL sends) into a bounded queue,
        the caller yields its chunks. At most PREFETCH chunks wait in memory; closing
        this generator cancels the COPY and ends the thread."""
        raw = self.engine().raw_connection()
        pipe = _Pipe(chunk)
        thread = threading.Thread(
            target=pipe.run,
            name="egovuz-export-fetch",
            daemon=True,
            args=(raw, sql, options, self.bound_sql),
        )
        thread.start()
        try:
            yield from pipe.chunks()
        finally:
            if thread.is_alive():
                pipe.stop.set()
                try:
                    raw.driver_connection.cancel()
                except Exception:  # pragma: no cover - the COPY may have just ended
                    pass
            thread.join(timeout=30)

    def copy_lines(self, expression: str, xml: bool = False) -> Iterator[bytes]:
        """One text value a row (`expression`, never NULL), each followed by a newline."""
        return self.copy_lines_sql(self.select([expression]), xml)

    def copy_lines_sql(self, sql: str, xml: bool = False) -> Iterator[bytes]:
        """The single text column of `sql`, a row a line: COPY's text format, its escapes
        undone here (a chunk holds whole rows, so no escape is ever cut in two); with
        `xml`, characters XML 1.0 forbids are dropped (a regular expression over the
        chunk, far cheaper than translate() over every cell)."""
        for chunk in self.copy_out(sql, "FORMAT text"):
            if b"\\" in chunk:
                chunk = _COPY_ESCAPE.sub(_copy_unescape, chunk)
            if xml and _may_hold_xml_bad(chunk) and _XML_BAD_BYTES.search(chunk):
                chunk = _XML_BAD_BYTES.sub(b"", chunk)
            yield chunk


# COPY's text format: backslash, the delimiter (tab) and line breaks come escaped
_COPY_ESCAPE = re.compile(rb"\\(.)", re.S)
_COPY_UNESCAPED = {
    b"\\": b"\\",
    b"n": b"\n",
    b"r": b"\r",
    b"t": b"\t",
    b"b": b"\b",
    b"f": b"\f",
    b"v": b"\v",
}
# characters XML 1.0 forbids, in UTF-8 (PostgreSQL text cannot hold \x00)
_XML_BAD_BYTES = re.compile(b"[\x01-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
# The regular expression scans at about 80 MB/s (its alternation defeats the fast
# search): on a 600 MB download that was most of the web process's CPU. First a
# byte-to-byte map (bytes.translate, well over 1 GB/s) sends the forbidden control
# bytes and 0xEF (the lead byte of U+F000-U+FFFF, so of U+FFFE/U+FFFF) to \x00, which
# PostgreSQL text never holds; only a chunk where one of them is found is searched.
_XML_SUSPECT = bytes.maketrans(bytes([*range(1, 9), 11, 12, *range(14, 32), 0xEF]), bytes(29))


def _may_hold_xml_bad(chunk: bytes) -> bool:
    """Whether `chunk` may hold a character XML forbids (never False when it does)."""
    return b"\x00" in chunk.translate(_XML_SUSPECT)


def _copy_unescape(m: re.Match) -> bytes:
    return _COPY_UNESCAPED.get(m.group(1), m.group(1))


class _Stopped(Exception):
    """The consumer went away: ends copy_expert from inside its write()."""


class _Pipe:
    """The file that copy_expert writes to (a row at a time): chunks of about `size`
    bytes into a bounded queue that the consumer reads."""

    def __init__(self, size: int):
        self.size = size
        self.buf = bytearray()
        self.queue: queue.Queue = queue.Queue(maxsize=PREFETCH)
        self.stop = threading.Event()

    def put(self, item) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= self.size:
            if not self.put(bytes(self.buf)):
                raise _Stopped()
            self.buf.clear()
        return len(data)

    def run(self, raw, sql: str, options: str, bind) -> None:
        """The thread: the COPY into this pipe, then the end mark (or the error)."""
        ok = False
        try:
            cur = raw.cursor()
            cur.copy_expert(
                f"COPY ({bind(sql, cur)}) TO STDOUT WITH ({options})", self, size=self.size
            )
            if self.buf:
                self.put(bytes(self.buf))
            self.put(_END)
            ok = True
        except BaseException as e:  # handed to the consumer, raised there
            if not self.stop.is_set():
                self.put(e)
        finally:
            try:
                if ok:
                    raw.rollback()
                    raw.close()
                else:  # a cancelled or broken COPY: the connection is not reused
                    raw.invalidate()
            except Exception:  # pragma: no cover - best effort
                pass

    def chunks(self) -> Iterator[bytes]:
        while True:
            item = self.queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item


def of_table(
    source: str,
    fields: list[dict[str, Any]],
    total: int,
    engine: Callable[[], Any],
    resource_id: str = "",
) -> ExportQuery:
    """All rows of `source` (a quoted table name or a parenthesized SELECT with `_id`
    and the fields) in `_id` order: a version's snapshot."""
    return ExportQuery(
        resource_id=resource_id,
        fields=fields,
        total=total,
        from_sql=f"FROM {source} AS v",
        order_sql='ORDER BY "_id"',
        params={},
        engine=engine,
    )


def build(
    context: dict,
    resource_id: str,
    q: str | None = None,
    filters: dict | None = None,
    sort: str | None = None,
    with_total: bool = True,
) -> ExportQuery:
    """Validate (datastore_search with limit 0: auth, unknown columns in filters/sort →
    ValidationError) and build the SELECT. Raises ObjectNotFound when the resource is not
    in the DataStore."""
    search = {"resource_id": resource_id, "limit": 0, "include_total": with_total}
    if q:
        search["q"] = q
    if filters:
        search["filters"] = filters
    if sort:
        search["sort"] = sort
    result = tk.get_action("datastore_search")(dict(context), dict(search))
    columns, from_sql, order, params = clauses(context, search)
    # q adds rank columns to datastore_search's fields: export the table's own columns
    fields = [f for f in result["fields"] if f["id"] != "_id" and f["id"] in columns]
    order = order or ['"_id"']
    # a stable order for equal sort keys
    if order and order != ['"_id"']:
        order = list(order) + ['"_id"']
    return ExportQuery(
        resource_id=resource_id,
        fields=fields,
        total=int(result.get("total") or 0),
        from_sql=from_sql,
        order_sql="ORDER BY " + ", ".join(order),
        params=params,
    )


def clauses(
    context: dict, search: dict, conn=None, fields_types: dict[str, str] | None = None
) -> tuple[set, str, list[str], dict[str, Any]]:
    """(the table's columns, FROM ... WHERE ..., ORDER BY terms, bound values) of a
    datastore_search (`search`, already checked by a datastore_search call), built by
    the DataStore's own IDatastore plugin chain. `conn`: a DataStore read connection to
    use; `fields_types`: the table's {column: type} (with `_id`, without rank columns)
    when the caller has it from that datastore_search, which saves reading it again."""
    if conn is None:
        with pg.get_read_engine().connect() as conn:
            return clauses(context, search, conn, fields_types)
    resource_id = search["resource_id"]
    data_dict, errors = tk.navl_validate(
        dict(search), ds_schema.datastore_search_schema(), dict(context)
    )
    if errors:
        raise tk.ValidationError(errors)
    data_dict["resource_id"] = resource_id
    if fields_types is None:
        fields_types = pg._get_fields_types(conn, resource_id)
    fields_types = OrderedDict(fields_types)  # the plugins add their rank columns to it
    columns = set(fields_types)
    query_dict: dict[str, Any] = {"select": [], "sort": [], "where": []}
    ds_context = dict(context, connection=conn)
    for plugin in p.PluginImplementations(ds_interfaces.IDatastore):
        query_dict = plugin.datastore_search(ds_context, data_dict, fields_types, query_dict)
    where_clause, where_values = pg._where(query_dict["where"])
    params: dict[str, Any] = {}
    for chunk in where_values:
        params.update(chunk)
    from_sql = f"FROM {identifier(resource_id)} {query_dict.get('ts_query') or ''} {where_clause}"
    return columns, from_sql, list(query_dict["sort"]), params
