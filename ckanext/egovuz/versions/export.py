"""Downloads of a version's snapshot: the portal's one exporter (ckanext.egovuz.exports)
over the version's rows, so a version downloads exactly as the Table tab downloads the
current data (same formats, same formula guard on cells and headers, streamed by
PostgreSQL's COPY, flat memory whatever the size)."""

from __future__ import annotations

from typing import Iterator

from ckanext.egovuz.exports import query as export_query
from ckanext.egovuz.exports import writers

from ..core.datastore import write_engine

FORMATS = {fmt: writers.FORMATS[fmt] for fmt in ("csv", "json", "xml", "xlsx")}
XLSX_MAX_ROWS = writers.XLSX_MAX_ROWS - 1  # data rows under the header row


def export_of(version: dict) -> export_query.ExportQuery:
    """The export of a version (a dict from model.get_version): its rows in file order,
    read through the DataStore's write role (the only one granted the snapshots)."""
    from ckan.model import meta
    from .snapshot import source

    with meta.engine.connect() as conn:
        table = source(conn, version)
    return export_query.of_table(
        table,
        version["fields"],
        version["row_count"],
        engine=write_engine,
        resource_id=version["resource_id"],
    )


def stream(fmt: str, version: dict) -> Iterator[bytes]:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    # a BOM, as versions always had: spreadsheets then read the CSV as UTF-8
    meta = {"sheet": "data", "bom": True}
    return writers.WRITERS[fmt](export_of(version), meta)
