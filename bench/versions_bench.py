"""Versions benchmark (S-VER): on a 1M x 10 DataStore table, in one run, CKAN's own CSV
dump of the table (the reference) against the two ways of keeping a version:
  pg:   CREATE TABLE ... AS SELECT in the DataStore database (+ the row-hash checksum)
  file: COPY ... TO STDOUT as CSV, gzip-compressed into CKAN's storage (levels 1 and 6)
and the cost of the diff against the previous version (after an append, and after 1% of
rows changed). Medians of --runs runs.

Usage (portal up with `make run`, its ports exported):
  .venv/bin/python bench/versions_bench.py [--rows 1000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ckan  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    _ckan.app()
    from ckan.plugins import toolkit as tk
    from ckanext.egovuz.ingest import loader
    from ckanext.egovuz.versions import snapshot

    path = _ckan.data_file(a.rows)
    res = _ckan.bench_resource("egovuz-bench-versions")
    rid = res["id"]
    snapshot.delete_versions(rid)
    print(f"loading {a.rows} rows into {rid} ...", flush=True)
    loader.load(path, rid)
    engine = snapshot.write_engine()
    with engine.connect() as conn:
        fields = snapshot.table_fields(conn, rid)
    cols = ", ".join(snapshot.ident(f["id"]) for f in fields)
    results = {}

    site = tk.config["ckan.site_url"].rstrip("/")
    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        size = 0
        with requests.get(f"{site}/datastore/dump/{rid}?format=csv", stream=True, timeout=600) as r:
            r.raise_for_status()
            for chunk in r.iter_content(1 << 20):
                size += len(chunk)
        times.append(time.perf_counter() - t)
    results["CKAN CSV dump"] = {"s": _ckan.median(times), "mb": size / 1e6}
    print("dump:", results["CKAN CSV dump"], flush=True)

    def pg_snapshot():
        with engine.begin() as conn:
            t = time.perf_counter()
            snapshot.checksum(conn, rid, fields)
            t_sum = time.perf_counter() - t
            conn.exec_driver_sql("DROP TABLE IF EXISTS egovuz_ver_bench")
            t = time.perf_counter()
            conn.exec_driver_sql(
                f'CREATE TABLE egovuz_ver_bench AS SELECT _id, {cols} FROM "{rid}"'
            )
            t_ctas = time.perf_counter() - t
            mb = (
                conn.exec_driver_sql("SELECT pg_total_relation_size('egovuz_ver_bench')").scalar()
                / 1e6
            )
            conn.exec_driver_sql("DROP TABLE egovuz_ver_bench")
        return t_sum, t_ctas, mb

    runs = [pg_snapshot() for _ in range(a.runs)]
    results["pg: checksum"] = {"s": _ckan.median([r[0] for r in runs])}
    results["pg: CREATE TABLE AS"] = {"s": _ckan.median([r[1] for r in runs]), "mb": runs[0][2]}
    results["pg: snapshot (checksum + copy)"] = {
        "s": _ckan.median([r[0] + r[1] for r in runs]),
        "mb": runs[0][2],
    }
    print("pg:", runs, flush=True)

    storage = tk.config.get("ckan.storage_path") or "/tmp"
    os.makedirs(os.path.join(storage, "egovuz_versions_bench"), exist_ok=True)
    out = os.path.join(storage, "egovuz_versions_bench", "v.csv.gz")
    for level in (1, 6):
        times = []
        for _ in range(a.runs if level == 1 else 1):
            raw = engine.raw_connection()
            t = time.perf_counter()
            with gzip.open(out, "wb", compresslevel=level) as gz:
                raw.cursor().copy_expert(
                    f'COPY (SELECT {cols} FROM "{rid}" ORDER BY _id) TO STDOUT '
                    "WITH (FORMAT csv, HEADER true)",
                    gz,
                )
            times.append(time.perf_counter() - t)
            raw.close()
        results[f"file: CSV gzip level {level}"] = {
            "s": _ckan.median(times),
            "mb": os.path.getsize(out) / 1e6,
        }
        print(f"file gzip {level}:", results[f"file: CSV gzip level {level}"], flush=True)
    os.unlink(out)

    # whole versions as the hook takes them: first, identical, append, 1% changed
    t = time.perf_counter()
    snapshot.take_version(rid)
    results["version 1 (take_version)"] = {"s": time.perf_counter() - t}
    t = time.perf_counter()
    none = snapshot.take_version(rid)
    assert none is None
    results["identical data (no version)"] = {"s": time.perf_counter() - t}
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f'INSERT INTO "{rid}" ({cols}) SELECT {cols} FROM "{rid}" WHERE _id <= {a.rows // 100}'
        )
    t = time.perf_counter()
    v2 = snapshot.take_version(rid)
    results["version 2: 1% rows appended"] = {
        "s": time.perf_counter() - t,
        "diff": [v2["rows_added"], v2["rows_removed"], v2["rows_changed"]],
    }
    with engine.begin() as conn:
        conn.exec_driver_sql(f'UPDATE "{rid}" SET amount = amount + 1 WHERE _id %% 100 = 0')
    t = time.perf_counter()
    v3 = snapshot.take_version(rid)
    results["version 3: 1% rows changed (key join)"] = {
        "s": time.perf_counter() - t,
        "diff": [v3["rows_added"], v3["rows_removed"], v3["rows_changed"]],
    }
    results["peak RSS MB (this process)"] = _ckan.peak_rss_mb()
    snapshot.delete_versions(rid)

    dump = results["CKAN CSV dump"]["s"]
    print("\n| operation | median s | vs CKAN CSV dump | size MB | notes |")
    print("|---|---|---|---|---|")
    for k, v in results.items():
        if isinstance(v, dict):
            print(
                f"| {k} | {v['s']:.2f} | {v['s'] / dump:.2f}x | "
                f"{v.get('mb', 0):.0f} | {v.get('diff', '')} |"
            )
    print("peak RSS MB:", results["peak RSS MB (this process)"])
    os.makedirs(os.path.join(_ckan.ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(_ckan.ROOT, "bench", "results", "versions.json"), "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
