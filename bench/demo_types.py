"""Checks that every demo dataset (ckanext/egovuz/demo/catalog.py) loads through the
ingest path with the column types its catalog declares: writes each dataset's CSV and
XLSX (as the demo loader does, up to --rows rows), loads both into a scratch resource with
ckanext.egovuz.ingest.loader and compares datastore types with the catalog's kinds.

Usage (portal set up by `make run`): .venv/bin/python bench/demo_types.py [--rows 3000]
"""

from __future__ import annotations

import argparse
import csv
import importlib
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ckan  # noqa: E402

EXPECTED = {
    "int": "int8",
    "numeric": "numeric",
    "date": "date",
    "text": "text",
    "timestamp": "timestamp",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument(
        "--catalog",
        default="ckanext.egovuz.demo.catalog",
        help="module with DATASETS and generate_rows",
    )
    a = ap.parse_args()
    _ckan.app()
    from ckan.plugins import toolkit as tk
    from ckanext.egovuz.ingest import jobs, loader

    catalog = importlib.import_module(a.catalog)
    res = _ckan.bench_resource("egovuz-bench-demo-types")
    work = tempfile.mkdtemp()
    bad = 0
    for ds in catalog.DATASETS:
        ds = dict(ds, rows=min(ds["rows"], a.rows))
        rows = list(catalog.generate_rows(ds))
        path = os.path.join(work, ds["name"] + ".csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow([c[0] for c in ds["columns"]])
            w.writerows(rows)
        from openpyxl import Workbook

        xlsx = os.path.join(work, ds["name"] + ".xlsx")
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        ws.append([c[0] for c in ds["columns"]])
        for r in rows:
            ws.append(r)
        wb.save(xlsx)
        for kind, p in (("csv", path), ("xlsx", jobs.xlsx_to_csv(xlsx))):
            tk.get_action("datastore_delete")(
                _ckan.site_context(), {"resource_id": res["id"], "force": True}
            ) if _exists(res["id"]) else None
            result = loader.load(p, res["id"])
            got = {f["id"]: f["type"] for f in result["fields"]}
            want = {n: EXPECTED[k] for n, k in ds["columns"]}
            ok = got == want and result["rows"] == len(rows)
            bad += not ok
            print(
                f"{'ok  ' if ok else 'FAIL'} {ds['name']} ({kind}, {result['rows']} rows)"
                + ("" if ok else f": got {got}, want {want}, messages {result['messages']}")
            )
    print(
        f"{len(catalog.DATASETS) * 2 - bad} of {len(catalog.DATASETS) * 2} loads typed as declared"
    )
    return 1 if bad else 0


def _exists(resource_id):
    from ckanext.egovuz.versions.snapshot import table_exists, write_engine

    with write_engine().connect() as conn:
        return table_exists(conn, resource_id)


if __name__ == "__main__":
    sys.exit(main())
