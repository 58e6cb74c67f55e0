"""Ingest benchmark (issue 8): the same generated 1M x 10 CSV through a raw COPY, xloader
as it comes (its COPY path: load_csv, then its column indexes), and our loader, in one run.

Each load runs in its own process (like a job worker: CKAN app loaded) so that its peak
memory (VmHWM) is its own. Prints queryable / complete seconds, ratios to the raw COPY,
peak memory, the cost of taking a version after a load that only adds rows, and the p95
of a one-column filter through datastore_search.

Usage (portal set up by `make run`, its ports exported):
  .venv/bin/python bench/ingest_bench.py [--rows 1000000] [--skip-xloader]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ckan  # noqa: E402


def child(kind: str, resource_id: str, path: str) -> None:
    """One load in this process; prints a JSON line with its timings and peak memory."""
    import logging

    _ckan.app()
    log = logging.getLogger("bench")
    out = {"kind": kind}
    t0 = time.perf_counter()
    if kind == "raw_copy":
        from ckanext.datastore.backend.postgres import get_write_engine

        raw = get_write_engine().raw_connection()
        cur = raw.cursor()
        cur.execute("DROP TABLE IF EXISTS egovuz_bench_raw")
        with open(path, "rb") as f:
            header = f.readline().decode().strip().split(",")
            f.seek(0)
            cur.execute(
                "CREATE TABLE egovuz_bench_raw (" + ", ".join(f'"{h}" text' for h in header) + ")"
            )
            cur.copy_expert(
                "COPY egovuz_bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)",
                f,
                size=256 * 1024,
            )
        raw.commit()
        out["queryable"] = out["complete"] = time.perf_counter() - t0
        cur.execute("DROP TABLE egovuz_bench_raw")
        raw.commit()
        raw.close()
    elif kind == "xloader":
        from ckanext.xloader import loader as xl

        fields = xl.load_csv(
            path,
            resource_id=resource_id,
            mimetype="text/csv",
            allow_type_guessing=False,
            logger=log,
        )
        xl.calculate_record_count(resource_id=resource_id, logger=log)
        out["queryable"] = time.perf_counter() - t0
        xl.create_column_indexes(fields=fields, resource_id=resource_id, logger=log)
        out["complete"] = time.perf_counter() - t0
    elif kind in ("ours", "before"):
        import importlib

        module = os.environ.get("EGOVUZ_BENCH_BEFORE") if kind == "before" else None
        loader = importlib.import_module(module or "ckanext.egovuz.ingest.loader")

        marks = {}
        res = loader.load(
            path,
            resource_id,
            logger=log,
            on_queryable=lambda: marks.setdefault("q", time.perf_counter() - t0),
        )
        out["queryable"] = marks["q"]
        out["complete"] = time.perf_counter() - t0
        out["timings"] = {k: round(v, 2) for k, v in res["timings"].items()}
        out["types"] = {f["id"]: f["type"] for f in res["fields"]}
        out["rows"] = res["rows"]
    elif kind == "version":
        from ckanext.egovuz.versions import snapshot

        v = snapshot.take_version(resource_id)
        out["complete"] = time.perf_counter() - t0
        out["version"] = v and {
            k: v[k] for k in ("number", "row_count", "rows_added", "rows_removed", "rows_changed")
        }
    out["peak_rss_mb"] = round(_ckan.peak_rss_mb(), 1)
    print("RESULT " + json.dumps(out), flush=True)


def run_child(kind, resource_id, path):
    env = dict(os.environ)
    p = subprocess.run(
        [sys.executable, __file__, "--child", kind, resource_id, path],
        capture_output=True,
        text=True,
        env=env,
    )
    for line in p.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"{kind} failed:\n{p.stdout[-3000:]}\n{p.stderr[-5000:]}")


def filter_p95(resource_id, n=60):
    """Filters through the Table tab's search (datatabs/logic/search.py). A load builds no
    column index: the first filter on a column runs without one and queues its build
    (indexes.py); here the build runs in this process, timed, as the job would run it,
    then the same filters are timed again."""
    from ckanext.egovuz.datatabs.logic.search import search_page
    from ckanext.egovuz.ingest import indexes

    ctx = _ckan.site_context()
    rng = random.Random(7)
    out = {}
    for col, values in (
        ("population", [rng.randint(0, 5_000_000) for _ in range(n)]),
        ("region_code", [rng.randint(1, 14) for _ in range(n)]),
        ("id", [rng.randint(1, 1_000_000) for _ in range(n)]),
    ):

        def timed(v):
            t = time.perf_counter()
            search_page(dict(ctx), {"resource_id": resource_id, "filters": {col: v}, "limit": 100})
            return (time.perf_counter() - t) * 1000

        first = timed(values[0])  # no index yet: a sequential scan; queues the index
        t = time.perf_counter()
        built = indexes.build_column_index(resource_id, col)
        build_s = time.perf_counter() - t
        times = [timed(v) for v in values]
        out[col] = {
            "first_ms (no index)": round(first, 1),
            "index_build_s (CONCURRENTLY, in a job)": round(build_s, 1) if built else 0,
            "p50_ms": round(_ckan.median(times), 1),
            "p95_ms": round(_ckan.p95(times), 1),
        }
    times = []
    for word in ("Toshkent", "maktab", "Самарқанд", "paxta", "viloyat"):
        t = time.perf_counter()
        search_page(dict(ctx), {"resource_id": resource_id, "q": word, "limit": 100})
        times.append((time.perf_counter() - t) * 1000)
    out["q (full text)"] = {"p50_ms": round(_ckan.median(times), 1), "max_ms": round(max(times), 1)}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--skip-xloader", action="store_true")
    ap.add_argument(
        "--skip-versions",
        action="store_true",
        help="only the raw COPY, our load and the filters (no versions, no +1%%)",
    )
    ap.add_argument(
        "--before",
        metavar="MODULE",
        help="also load with this module's load() (e.g. the loader of an earlier commit "
        "copied to ckanext/egovuz/ingest/_loader_before.py), in the same run",
    )
    ap.add_argument("--skip-filters", action="store_true")
    ap.add_argument("--child", nargs=3)
    a = ap.parse_args()
    if a.child:
        return child(*a.child)
    _ckan.app()
    path = _ckan.data_file(a.rows)
    adds = None if a.skip_versions else _ckan.data_file(a.rows, extra=a.rows // 100)
    print(f"file: {path} ({os.path.getsize(path) / 1e6:.0f} MB, {a.rows} rows x 10)")
    ours_res = _ckan.bench_resource("egovuz-bench-ingest-ours")
    xl_res = _ckan.bench_resource("egovuz-bench-ingest-xloader")
    from ckanext.egovuz.versions import snapshot

    for r in (ours_res, xl_res):
        snapshot.delete_versions(r["id"])
        try:
            from ckan.plugins import toolkit as tk

            tk.get_action("datastore_delete")(
                _ckan.site_context(), {"resource_id": r["id"], "force": True}
            )
        except Exception:
            pass
    results = {}
    results["raw COPY"] = run_child("raw_copy", "-", path)
    print("raw COPY:", results["raw COPY"], flush=True)
    if a.before:
        os.environ["EGOVUZ_BENCH_BEFORE"] = a.before
        results["before"] = run_child("before", ours_res["id"], path)
        print("before:", results["before"], flush=True)
    results["ours"] = run_child("ours", ours_res["id"], path)
    print("ours:", results["ours"], flush=True)
    if adds:
        results["version 1 (first load)"] = run_child("version", ours_res["id"], "-")
        print("version 1:", results["version 1 (first load)"], flush=True)
        results["ours, +1% rows"] = run_child("ours", ours_res["id"], adds)
        print("ours +1%:", results["ours, +1% rows"], flush=True)
        results["version 2 (adds)"] = run_child("version", ours_res["id"], "-")
        print("version 2:", results["version 2 (adds)"], flush=True)
    results["raw COPY (again)"] = run_child("raw_copy", "-", path)
    print("raw COPY (again):", results["raw COPY (again)"], flush=True)
    if not a.skip_filters:
        results["filter"] = filter_p95(ours_res["id"])
        print("filter:", results["filter"], flush=True)
    if not a.skip_xloader:
        results["xloader"] = run_child("xloader", xl_res["id"], path)
        print("xloader:", results["xloader"], flush=True)
        from ckan.plugins import toolkit as tk

        tk.get_action("datastore_delete")(
            _ckan.site_context(), {"resource_id": xl_res["id"], "force": True}
        )
    report(results, adds)


def report(results, adds):
    # the baseline: the mean of the raw COPY before and after the loads (a shared machine)
    raw = (results["raw COPY"]["complete"] + results["raw COPY (again)"]["complete"]) / 2
    print(
        "\n| path | queryable s | complete s | queryable / raw COPY | complete / raw COPY "
        "| peak RSS MB |"
    )
    print("|---|---|---|---|---|---|")
    for k in ("raw COPY", "raw COPY (again)", "xloader", "before", "ours", "ours, +1% rows"):
        if k in results:
            r = results[k]
            print(
                f"| {k} | {r['queryable']:.1f} | {r['complete']:.1f} | "
                f"{r['queryable'] / raw:.1f}x | {r['complete'] / raw:.1f}x | {r['peak_rss_mb']} |"
            )
    for k in ("before", "ours"):
        if k in results:
            print(k, "timings:", results[k]["timings"])
    print("filters:", json.dumps(results.get("filter"), ensure_ascii=False))
    if not adds:
        return
    v2 = results["version 2 (adds)"]["complete"]
    print(
        f"\nversion after a load that adds 1% rows: {v2:.1f} s = "
        f"{100 * v2 / results['ours, +1% rows']['complete']:.0f}% of that load "
        f"({results['version 2 (adds)']['version']})"
    )
    v1 = results["version 1 (first load)"]["complete"]
    print(f"first version: {v1:.1f} s = {100 * v1 / results['ours']['complete']:.0f}% of the load")
    print("filters:", json.dumps(results["filter"]))
    os.makedirs(os.path.join(_ckan.ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(_ckan.ROOT, "bench", "results", "ingest.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
