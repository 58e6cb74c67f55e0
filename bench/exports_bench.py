"""Benchmark of the Table tab's downloads (S-TABLE) against CKAN's own CSV dump.

1. Generates a N-row x 10-column table (3 int, 2 numeric, 1 timestamp, 4 text of 10-40
   characters of Uzbek Latin and Cyrillic) straight into the DataStore: `datastore_create`
   makes the table (with its primary key and full-text index), then one COPY fills it
   (the full-text trigger is disabled during the COPY, as xloader does; `_full_text`
   stays empty, which no download reads).
2. Downloads, over HTTP from the running portal (`make run` on EGOVUZ_WEB_PORT, one
   gunicorn worker: EGOVUZ_WEB_WORKERS=1), CKAN's `/datastore/dump/<id>?format=csv`
   (first and last, to show the run's noise), CKAN's json and xml dumps, and each of our
   formats from `/dataset/<id>/table/download?format=...`. For each: wall time until the
   last byte, bytes, and the web worker's peak RSS during that download (VmHWM, reset
   before each download through /proc/<pid>/clear_refs).

Usage:  .venv/bin/python bench/exports_bench.py [--rows 1000000] [--url http://127.0.0.1:5001]
        [--ini .state/ckan.ini] [--skip-ckan-json-xml] [--keep]
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import subprocess
import sys
import time

import requests

NAME = "bench-exports"
FIELDS = [
    {"id": "id", "type": "int"},
    {"id": "yil", "type": "int"},
    {"id": "soni", "type": "int"},
    {"id": "summa", "type": "numeric"},
    {"id": "ulush", "type": "numeric"},
    {"id": "sana", "type": "timestamp"},
    {"id": "viloyat", "type": "text"},
    {"id": "tuman", "type": "text"},
    {"id": "tashkilot", "type": "text"},
    {"id": "izoh", "type": "text"},
]
WORDS = (
    "Toshkent Samarqand Buxoro Farg‘ona Andijon Namangan Qashqadaryo Surxondaryo "
    "Xorazm Navoiy Jizzax Sirdaryo Qoraqalpog‘iston o‘quv markazi maktab shifoxona "
    "Тошкент Самарқанд Бухоро Фарғона туман шаҳар маҳалла ўқитувчи ташкилот"
).split()


def text(rnd, lo=10, hi=40):
    n = rnd.randint(lo, hi)
    out = []
    while sum(len(w) + 1 for w in out) < n:
        out.append(rnd.choice(WORDS))
    return " ".join(out)[:n]


class RowsFile(io.RawIOBase):
    """A file-like CSV generator for COPY ... FROM STDIN."""

    def __init__(self, rows: int, seed: int = 42):
        self.rnd = random.Random(seed)
        self.rows, self.i, self.buf = rows, 0, b""
        self.start = datetime.datetime(2015, 1, 1)

    def readable(self):
        return True

    def _more(self):
        rnd, lines = self.rnd, []
        for _ in range(min(5000, self.rows - self.i)):
            self.i += 1
            ts = self.start + datetime.timedelta(seconds=rnd.randint(0, 10 * 365 * 86400))
            vals = [
                str(self.i),
                str(rnd.randint(2000, 2026)),
                str(rnd.randint(-1000, 10**6)),
                "%d.%02d" % (rnd.randint(0, 10**7), rnd.randint(0, 99)),
                "0.%06d" % rnd.randint(0, 999999),
                ts.isoformat(),
                text(rnd),
                text(rnd),
                text(rnd),
                text(rnd),
            ]
            lines.append("\t".join(vals))
        return ("\n".join(lines) + "\n").encode() if lines else b""

    def read(self, size=-1):
        while (size < 0 or len(self.buf) < size) and self.i < self.rows:
            self.buf += self._more()
        if size < 0:
            size = len(self.buf)
        out, self.buf = self.buf[:size], self.buf[size:]
        return out

    def readline(self, size=-1):
        return self.read(size)


def setup_table(ini: str, rows: int) -> tuple[str, str]:
    """(dataset name, resource id) of the benchmark table, created when missing."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(ini)
    app = make_app(conf)
    from ckan.plugins import toolkit as tk
    from ckanext.datastore.backend import postgres as pg

    with app._wsgi_app.test_request_context():
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        ctx = lambda: {"ignore_auth": True, "user": site["name"]}  # noqa: E731
        try:
            pkg = tk.get_action("package_show")(ctx(), {"id": NAME})
        except tk.ObjectNotFound:
            orgs = tk.get_action("organization_list")(ctx(), {})
            if not orgs:
                tk.get_action("organization_create")(ctx(), {"name": "bench-org", "title": "Bench"})
                orgs = ["bench-org"]
            from ckanext.egovuz.testing import passport

            pkg = tk.get_action("package_create")(
                ctx(),
                dict(passport(title="Benchmark table (exports)"), name=NAME, owner_org=orgs[0]),
            )
        res = [r for r in pkg.get("resources", []) if r.get("name") == f"rows-{rows}"]
        if res and res[0].get("datastore_active"):
            count = tk.get_action("datastore_search")(
                ctx(), {"resource_id": res[0]["id"], "limit": 0}
            )["total"]
            if count == rows:
                return NAME, res[0]["id"]
        if res:
            rid = res[0]["id"]
            try:
                tk.get_action("datastore_delete")(ctx(), {"resource_id": rid, "force": True})
            except tk.ObjectNotFound:
                pass
        else:
            rid = tk.get_action("resource_create")(
                ctx(),
                {
                    "package_id": pkg["id"],
                    "name": f"rows-{rows}",
                    "format": "CSV",
                    # a DataStore-only resource: xloader leaves it alone
                    "url": "_datastore_only_resource",
                    "url_type": "datastore",
                },
            )["id"]
        tk.get_action("datastore_create")(
            ctx(), {"resource_id": rid, "fields": FIELDS, "force": True}
        )
        t0 = time.time()
        engine = pg.get_write_engine()
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            table = pg.identifier(rid)
            cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cols = ", ".join(pg.identifier(f["id"]) for f in FIELDS)
            cur.copy_expert(f"COPY {table} ({cols}) FROM STDIN", RowsFile(rows))
            cur.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            raw.commit()
        finally:
            raw.close()
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                f"VACUUM ANALYZE {pg.identifier(rid)}"
            )
        print(f"generated {rows} rows into the DataStore in {time.time() - t0:.1f} s", flush=True)
        return NAME, rid


def worker_pid(state: str) -> int | None:
    try:
        master = int(open(os.path.join(state, "web.pid")).read().strip())
    except OSError:
        return None
    out = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True
    ).stdout.split()
    return int(out[0]) if len(out) == 1 else None


def rss_reset(pid):
    if pid:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")


def _status_mb(pid, key):
    if not pid:
        return float("nan")
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_peak_mb(pid):
    return _status_mb(pid, "VmHWM")


def rss_now_mb(pid):
    return _status_mb(pid, "VmRSS")


def download(url: str, pid) -> tuple[float, int, float, float, bytes]:
    rss_reset(pid)
    before = rss_now_mb(pid)
    t0 = time.perf_counter()
    size, head = 0, b""
    with requests.get(url, stream=True, timeout=3600) as r:
        r.raise_for_status()
        for chunk in r.iter_content(1 << 20):
            if len(head) < 200:
                head += chunk[:200]
            size += len(chunk)
    return time.perf_counter() - t0, size, before, rss_peak_mb(pid), head


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument(
        "--url", default="http://127.0.0.1:%s" % os.environ.get("EGOVUZ_WEB_PORT", "5000")
    )
    ap.add_argument("--ini", default=".state/ckan.ini")
    ap.add_argument("--state", default=os.environ.get("EGOVUZ_STATE", ".state"))
    ap.add_argument(
        "--ckan-json-xml",
        action="store_true",
        help="also time CKAN's json and xml dumps (slow: see ANCHORS.md)",
    )
    ap.add_argument(
        "--fresh-worker",
        action="store_true",
        help="HUP the gunicorn master first, so the worker starts clean",
    )
    ap.add_argument("--formats", default="csv,json,xml,xlsx,ttl,rdf")
    args = ap.parse_args()

    name, rid = setup_table(args.ini, args.rows)
    if args.fresh_worker:
        master = int(open(os.path.join(args.state, "web.pid")).read().strip())
        old = worker_pid(args.state)
        os.kill(master, 1)  # SIGHUP: gunicorn restarts its workers
        for _ in range(120):
            time.sleep(1)
            pid = worker_pid(args.state)
            if pid and pid != old:
                break
        requests.get(args.url.rstrip("/") + "/api/3/action/status_show", timeout=120)
    pid = worker_pid(args.state)
    print(f"web worker pid: {pid}  (peak RSS is that process's VmHWM per download)")
    base = args.url.rstrip("/")
    runs = [("CKAN dump csv", f"{base}/datastore/dump/{rid}?format=csv")]
    if args.ckan_json_xml:
        runs += [
            ("CKAN dump json", f"{base}/datastore/dump/{rid}?format=json"),
            ("CKAN dump xml", f"{base}/datastore/dump/{rid}?format=xml"),
        ]
    for fmt in args.formats.split(","):
        runs.append(
            (
                f"egovuz {fmt}",
                f"{base}/dataset/{name}/table/download?format={fmt}&resource_id={rid}",
            )
        )
    runs.append(("CKAN dump csv (again)", f"{base}/datastore/dump/{rid}?format=csv"))

    results = []
    for label, url in runs:
        secs, size, before, rss, head = download(url, pid)
        results.append((label, secs, size, before, rss))
        print(
            f"{label:24s} {secs:8.1f} s {size / 1e6:9.1f} MB  RSS before {before:6.1f} MB"
            f"  peak {rss:6.1f} MB",
            flush=True,
        )
    dump = min(r[1] for r in results if r[0].startswith("CKAN dump csv"))
    print()
    print(
        "| download | s | × CKAN CSV dump | MB out | worker RSS before, MB | worker peak RSS, MB |"
    )
    print("|---|---|---|---|---|---|")
    for label, secs, size, before, rss in results:
        print(
            f"| {label} | {secs:.1f} | {secs / dump:.2f}× | {size / 1e6:.0f} | {before:.0f} | "
            f"{rss:.0f} |"
        )


if __name__ == "__main__":
    sys.exit(main())
