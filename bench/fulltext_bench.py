"""Full-text `q` on a 1,000,000-row table (issue 14): CKAN's datastore_search as it comes
(every match ranked and counted) against the Table tab and the stable data API, which
page in table order and cap the exact count (datatabs/logic/search.py).

The table is the one bench/ingest_bench.py loads (`egovuz-bench-ingest-ours`, the
generated file of bench/gendata.py, through our loader, so with `_full_text` and its GIN
index); it is loaded here when missing. Each query runs `--repeat` times per path,
interleaved; pages go through the Flask test client of the app in this process (the
whole view: action, template), the API through its URL; a fourth path times the search
both of them call (`search_page`) alone: the data path without the request around it.

Usage: .venv/bin/python bench/fulltext_bench.py [--rows 1000000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ckan  # noqa: E402

QUERIES = [
    "Toshkent",
    "maktab",
    "Самарқанд",
    "paxta viloyat",
    "bog'cha",
    "shifoxona Xiva",
    "yo'q-bunday-so'z",
]


def ensure_table(rows: int) -> tuple[dict, dict]:
    from ckan.plugins import toolkit as tk

    res = _ckan.bench_resource("egovuz-bench-ingest-ours")
    ctx = _ckan.site_context()
    try:
        total = tk.get_action("datastore_search")(
            dict(ctx), {"resource_id": res["id"], "limit": 0}
        )["total"]
    except tk.ObjectNotFound:
        total = -1
    if total < rows:  # the ingest bench leaves 1% more rows: as good
        from ckanext.egovuz.ingest import loader

        print(f"loading {rows} rows through the ingest loader ...", flush=True)
        loader.load(_ckan.data_file(rows), res["id"])
    if not res.get("datastore_active"):  # what xloader's callback sets after a load
        res = tk.get_action("resource_patch")(
            dict(ctx), {"id": res["id"], "datastore_active": True}
        )
    pkg = tk.get_action("package_show")(dict(ctx), {"id": res["package_id"]})
    return pkg, res


def report(args, paths, times, per_query) -> None:
    load = ", ".join(open("/proc/loadavg").read().split()[:3])
    print(f"\n{args.rows} rows, {len(QUERIES)} queries × {args.repeat}, load average {load}\n")
    print("| path | p50 ms | p95 ms |")
    print("|---|---|---|")
    for name, xs in times.items():
        print(f"| {name} | {_ckan.median(xs):.0f} | {_ckan.p95(xs):.0f} |")
    print("\n| query | " + " | ".join(f"{n.split(' (')[0]} p50" for n in paths) + " |")
    print("|---|" + "---|" * len(paths))
    for q in QUERIES:
        print(
            f"| {q} | " + " | ".join(f"{_ckan.median(per_query[(n, q)]):.0f}" for n in paths) + " |"
        )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    app = _ckan.app()
    from ckan.plugins import toolkit as tk

    pkg, res = ensure_table(args.rows)
    from werkzeug.test import Client

    client = Client(app)  # the whole WSGI stack, the language middleware included
    ctx = _ckan.site_context()
    table = f"/dataset/{pkg['name']}/table"
    api = f"/api/egovuz/v1/datasets/{pkg.get('dataset_code')}/data"

    def ckan_q(q):
        tk.get_action("datastore_search")(
            dict(ctx), {"resource_id": res["id"], "q": q, "limit": 100}
        )

    def tab(q):
        r = client.get(table, query_string={"resource_id": res["id"], "q": q})
        assert r.status_code == 200 and b"egovuz-table__total" in r.get_data(), r.status_code

    from ckanext.egovuz.datatabs.logic.search import search_page

    def search_part(q):
        search_page(dict(ctx), {"resource_id": res["id"], "q": q, "limit": 100})

    def stable_api(q):
        r = client.get(api, query_string={"q": q, "limit": 100})
        assert r.status_code == 200, r.status_code

    paths = {
        "CKAN datastore_search q (as it comes)": ckan_q,
        "Table tab page (/dataset/…/table?q=)": tab,
        "stable API (/api/egovuz/v1/…/data?q=)": stable_api,
        "their search alone (search_page, in process)": search_part,
    }
    for q in QUERIES:  # warm-up: the table in shared buffers
        for fn in paths.values():
            fn(q)
    times: dict[str, list[float]] = {k: [] for k in paths}
    per_query: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.repeat):
        for q in QUERIES:
            for name, fn in paths.items():
                t = time.perf_counter()
                fn(q)
                dt = (time.perf_counter() - t) * 1000
                times[name].append(dt)
                per_query.setdefault((name, q), []).append(dt)
    report(args, paths, times, per_query)
    return 0


if __name__ == "__main__":
    sys.exit(main())
