"""Streamed downloads of a version's snapshot table: CSV, JSON, XML, XLSX.

Rows come from a server-side cursor in batches, so memory stays flat whatever the
table's size. Spreadsheet formats neutralize formula injection: a text cell starting
with = + - @ (or a tab / carriage return) gets a leading apostrophe in CSV and is
written as an explicit string cell (never a formula) in XLSX.
"""
from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import os
import tempfile
from typing import Any, Iterator
from xml.sax.saxutils import escape, quoteattr

from .snapshot import ident, write_engine

BATCH = 5000
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json; charset=utf-8", "json"),
    "xml": ("application/xml; charset=utf-8", "xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
XLSX_MAX_ROWS = 1048575  # one header row + data rows per sheet
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def neutralize(value: str) -> str:
    if value and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (datetime.date, datetime.datetime, datetime.time)):
        return v.isoformat()
    return str(v)


def rows(src: str, fields: list[dict]) -> Iterator[list[tuple]]:
    """Batches of rows (tuples in `fields` order, file order) from `src`, a FROM
    expression (snapshot.source)."""
    cols = ", ".join(ident(f["id"]) for f in fields) or "NULL"
    sql = f"SELECT {cols} FROM {src} AS v ORDER BY _id".replace("\\:", ":")
    raw = write_engine().raw_connection()
    try:
        cur = raw.cursor(name="egovuz_version_export")
        cur.itersize = BATCH
        cur.execute(sql)
        while True:
            batch = cur.fetchmany(BATCH)
            if not batch:
                break
            yield batch
        cur.close()
    finally:
        raw.rollback()
        raw.close()


def stream_csv(table: str, fields: list[dict]) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([neutralize(f["id"]) for f in fields])
    yield ("\ufeff" + buf.getvalue()).encode("utf-8")
    for batch in rows(table, fields):
        buf.seek(0)
        buf.truncate()
        for r in batch:
            w.writerow([neutralize(v) if isinstance(v, str) else _text(v) for v in r])
        yield buf.getvalue().encode("utf-8")


def _json_value(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, decimal.Decimal)):
        return str(v)  # exact: 8831287.60 stays 8831287.60
    if isinstance(v, float):
        return json.dumps(v)
    return json.dumps(_text(v), ensure_ascii=False)


def stream_json(table: str, fields: list[dict]) -> Iterator[bytes]:
    keys = [json.dumps(f["id"], ensure_ascii=False) for f in fields]
    yield ('{"fields": ' + json.dumps(fields, ensure_ascii=False) + ', "records": [').encode()
    first = True
    for batch in rows(table, fields):
        parts = []
        for r in batch:
            obj = "{" + ", ".join(f"{k}: {_json_value(v)}" for k, v in zip(keys, r)) + "}"
            parts.append(obj if first else ",\n" + obj)
            first = False
        yield "".join(parts).encode("utf-8")
    yield b"]}\n"


def stream_xml(table: str, fields: list[dict]) -> Iterator[bytes]:
    names = [quoteattr(f["id"]) for f in fields]
    yield b'<?xml version="1.0" encoding="utf-8"?>\n<data>\n'
    for batch in rows(table, fields):
        out = []
        for r in batch:
            out.append("<row>")
            for n, v in zip(names, r):
                if v is None:
                    out.append(f'<value key={n} null="true"/>')
                else:
                    out.append(f"<value key={n}>{escape(_xml_safe(_text(v)))}</value>")
            out.append("</row>\n")
        yield "".join(out).encode("utf-8")
    yield b"</data>\n"


def _xml_safe(s: str) -> str:
    # characters XML 1.0 cannot carry
    return "".join(c for c in s if c in "\t\n\r" or ord(c) >= 0x20) if any(
        ord(c) < 0x20 for c in s) else s


class TooManyRows(Exception):
    pass


def stream_xlsx(table: str, fields: list[dict], row_count: int) -> Iterator[bytes]:
    if row_count > XLSX_MAX_ROWS:
        raise TooManyRows(row_count)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append([f["id"] for f in fields])
    for batch in rows(table, fields):
        for r in batch:
            out = []
            for v in r:
                if isinstance(v, str):
                    c = WriteOnlyCell(ws, value=None)
                    c._value = _xml_safe(v)
                    c.data_type = "s"  # a string, never a formula
                    out.append(c)
                elif isinstance(v, (datetime.date, datetime.datetime)) and getattr(v, "tzinfo", None):
                    out.append(v.replace(tzinfo=None))
                else:
                    out.append(v)
            ws.append(out)
    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(path)
        with open(path, "rb") as f:
            while True:
                chunk = f.read(256 * 1024)
                if not chunk:
                    break
                yield chunk
    finally:
        os.unlink(path)


def stream(fmt: str, version: dict) -> Iterator[bytes]:
    from ckan.model import meta
    from .snapshot import source
    with meta.engine.connect() as conn:
        table = source(conn, version)
    fields = version["fields"]
    if fmt == "csv":
        return stream_csv(table, fields)
    if fmt == "json":
        return stream_json(table, fields)
    if fmt == "xml":
        return stream_xml(table, fields)
    if fmt == "xlsx":
        return stream_xlsx(table, fields, version["row_count"])
    raise ValueError(fmt)
