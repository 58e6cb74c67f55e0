"""The SELECT behind every export: the WHERE, full-text and ORDER BY clauses are those that
CKAN's `datastore_search` builds (its IDatastore plugin chain, so identifiers are quoted and
values bound, never concatenated), read through a server-side cursor."""
from __future__ import annotations

import dataclasses
import queue
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

BATCH = 5000
PREFETCH = 2
_END = object()
NUMERIC_TYPES = {"int", "int2", "int4", "int8", "integer", "bigint", "smallint",
                 "numeric", "float4", "float8", "real", "double precision", "money"}
INTEGER_TYPES = {"int", "int2", "int4", "int8", "integer", "bigint", "smallint"}
TIME_TYPES = {"timestamp", "timestamptz", "date", "time"}


def kind(pg_type: str) -> str:
    """One of: integer, number, datetime, date, boolean, json, string."""
    t = (pg_type or "text").lower()
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
    resource_id: str
    fields: list[dict[str, Any]]          # [{"id", "type", "info"...}] without _id
    total: int
    from_sql: str                          # FROM ... WHERE ... (no ORDER BY)
    order_sql: str                         # ORDER BY ...
    params: dict[str, Any]

    def text_expr(self, field: dict[str, Any]) -> str:
        """The column as PostgreSQL text: numbers keep their exact digits, timestamps ISO."""
        col = qi(field["id"])
        k = kind(field.get("type"))
        if k == "string":
            return col
        if k == "datetime":
            return f"to_char({col}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        if k == "json":
            return f"to_json({col})::text"
        return f"({col})::text"

    def select(self, expressions: list[str]) -> str:
        return f"SELECT {', '.join(expressions)} {self.from_sql} {self.order_sql}"

    def stream(self, expressions: list[str], batch: int = BATCH) -> Iterator[list[tuple]]:
        return self.stream_sql(self.select(expressions), batch)

    def stream_sql(self, sql: str, batch: int = BATCH) -> Iterator[list[tuple]]:
        """Batches of rows, fetched one batch ahead by a thread: the database and the
        network wait overlap with the caller's formatting and compression (psycopg2 and
        zlib release the GIL). At most PREFETCH batches wait in memory; closing this
        generator stops the thread and closes the cursor."""
        q: queue.Queue = queue.Queue(maxsize=PREFETCH)
        stop = threading.Event()

        def put(item) -> bool:
            while not stop.is_set():
                try:
                    q.put(item, timeout=0.2)
                    return True
                except queue.Full:
                    continue
            return False

        def produce():
            rows_iter = self._fetch(sql, batch)
            try:
                for rows in rows_iter:
                    if not put(rows):
                        return
                put(_END)
            except BaseException as e:  # handed to the consumer, raised there
                put(e)
            finally:
                rows_iter.close()

        thread = threading.Thread(target=produce, name="egovuz-export-fetch", daemon=True)
        thread.start()
        try:
            while True:
                item = q.get()
                if item is _END:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            thread.join(timeout=30)

    def _fetch(self, sql: str, batch: int = BATCH) -> Iterator[list[tuple]]:
        """Batches of rows from a server-side (named) cursor on the DataStore's read engine.
        Closing the generator (a client that went away) closes the cursor."""
        engine = pg.get_read_engine()
        conn = engine.connect()
        try:
            result = conn.execution_options(stream_results=True, max_row_buffer=batch).execute(
                sa.text(sql), self.params)
            while True:
                rows = result.fetchmany(batch)
                if not rows:
                    break
                yield rows
            result.close()
        finally:
            conn.close()

    def scalar(self, sql: str) -> Any:
        with pg.get_read_engine().connect() as conn:
            return conn.execute(sa.text(sql)).scalar()


def build(context: dict, resource_id: str, q: str | None = None,
          filters: dict | None = None, sort: str | None = None,
          with_total: bool = True) -> ExportQuery:
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
    fields = [f for f in result["fields"] if f["id"] != "_id"]

    data_dict, errors = tk.navl_validate(dict(search), ds_schema.datastore_search_schema(),
                                         dict(context))
    if errors:
        raise tk.ValidationError(errors)
    data_dict["resource_id"] = resource_id
    engine = pg.get_read_engine()
    with engine.connect() as conn:
        fields_types = pg._get_fields_types(conn, resource_id)
        columns = set(fields_types)
        query_dict: dict[str, Any] = {"select": [], "sort": [], "where": []}
        ds_context = dict(context, connection=conn)
        for plugin in p.PluginImplementations(ds_interfaces.IDatastore):
            query_dict = plugin.datastore_search(ds_context, data_dict, fields_types, query_dict)
    # q adds rank columns to datastore_search's fields: export the table's own columns
    fields = [f for f in fields if f["id"] in columns]
    where_clause, where_values = pg._where(query_dict["where"])
    params: dict[str, Any] = {}
    for chunk in where_values:
        params.update(chunk)
    order = query_dict["sort"] or ['"_id"']
    # a stable order for equal sort keys
    if order and order != ['"_id"']:
        order = list(order) + ['"_id"']
    from_sql = f"FROM {identifier(resource_id)} {query_dict.get('ts_query') or ''} {where_clause}"
    return ExportQuery(resource_id=resource_id, fields=fields,
                       total=int(result.get("total") or 0), from_sql=from_sql,
                       order_sql="ORDER BY " + ", ".join(order), params=params)
