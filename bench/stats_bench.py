#!/usr/bin/env python
"""Benchmark of the statistics and monitoring pages (issue 5, plugin egovuz_stats).

Fills the TEST databases (ckan_test, Solr core ckan_test: the test suite wipes them
anyway) with 10,000 datasets (inserted directly), 1,000,000 download events, 200,000
page-view rows and 200,000 searches, runs `ckan egovuz stats refresh --full`, indexes the
datasets in Solr (`ckan search-index rebuild`, so that the home page works on the same
10,000 datasets; optional, see --index: without it the index is empty, which only makes
the home page faster and the comparison stricter; none of the measured pages but the home
page queries Solr), starts gunicorn on EGOVUZ_WEB_PORT and measures, in one run and
interleaved, the median time of the home page and of each statistics/monitoring page.
Target: every page within 1.5x the home page's median.

Usage (services up, e.g. after `make test` or `make services`):
    .venv/bin/python bench/stats_bench.py [--datasets 10000] [--downloads 1000000]
        [--rounds 15] [--skip-fill] [--index] [--json out.json]
Ports come from EGOVUZ_PG_PORT, EGOVUZ_SOLR_PORT, EGOVUZ_REDIS_PORT, EGOVUZ_WEB_PORT.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv", "bin")
PG = os.environ.get("EGOVUZ_PG_PORT", "54329")
SOLR = os.environ.get("EGOVUZ_SOLR_PORT", "8983")
REDIS = os.environ.get("EGOVUZ_REDIS_PORT", "63799")
WEB = os.environ.get("EGOVUZ_WEB_PORT", "5000")
PASS = os.environ.get("EGOVUZ_DB_PASS", "egovuz")
ENV = dict(
    os.environ,
    CKAN_INI=os.path.join(ROOT, "test.ini"),
    CKAN_SQLALCHEMY_URL=f"postgresql://ckan_default:{PASS}@127.0.0.1:{PG}/ckan_test",
    CKAN_DATASTORE_WRITE_URL=f"postgresql://datastore_write:{PASS}@127.0.0.1:{PG}/datastore_test",
    CKAN_DATASTORE_READ_URL=f"postgresql://datastore_read:{PASS}@127.0.0.1:{PG}/datastore_test",
    CKAN_SOLR_URL=f"http://127.0.0.1:{SOLR}/solr/ckan_test",
    CKAN_REDIS_URL=f"redis://127.0.0.1:{REDIS}/1",
    CKAN_SITE_URL=f"http://127.0.0.1:{WEB}",
)
FREQS = ["daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "irregular"]
WORDS = [
    "maktab",
    "shifoxona",
    "bog'cha",
    "aholi",
    "budjet",
    "transport",
    "soliq",
    "ekologiya",
    "suv",
    "energiya",
    "qishloq",
    "turizm",
    "sport",
    "madaniyat",
    "ish o'rinlari",
]


def ckan(*args, check=True):
    cmd = [os.path.join(VENV, "ckan"), "-c", ENV["CKAN_INI"], *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    if check and proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t0


def engine():
    import sqlalchemy as sa

    return sa.create_engine(ENV["CKAN_SQLALCHEMY_URL"])


def fill(n_datasets: int, n_downloads: int, n_views: int, n_searches: int) -> dict:
    import sqlalchemy as sa
    from psycopg2.extras import execute_values

    timings = {}
    t0 = time.perf_counter()
    ckan("db", "clean", "--yes")
    ckan("db", "init")
    for plugin in (
        "activity",
        "tracking",
        "egovuz",
        "egovuz_stats",
        "egovuz_monitoring",
        "egovuz_ai",
    ):
        ckan("db", "upgrade", "-p", plugin)
    timings["db reset"] = time.perf_counter() - t0

    rnd = random.Random(2026)
    now = datetime.datetime.utcnow()
    eng = engine()
    t0 = time.perf_counter()
    with eng.begin() as conn:
        raw = conn.connection.cursor()
        orgs = [
            (str(uuid.uuid4()), f"org-{i}", f"Vazirlik {i}", "organization", True)
            for i in range(40)
        ]
        spheres = [
            (str(uuid.uuid4()), f"sphere-{i}", f"Soha {i}", "group", False) for i in range(15)
        ]
        execute_values(
            raw,
            'INSERT INTO "group" (id, name, title, type, is_organization, state,'
            " approval_status, created, description, image_url) VALUES %s",
            [(*g, "active", "approved", now, "", "") for g in orgs + spheres],
        )
        packages, extras, members = [], [], []
        for i in range(n_datasets):
            pid = str(uuid.uuid4())
            created = now - datetime.timedelta(days=rnd.randint(1, 1500))
            changed = created + (now - created) * rnd.random()
            freq = rnd.choice(FREQS)
            org = rnd.choice(orgs)[0]
            state = "deleted" if i % 200 == 0 else "active"
            packages.append(
                (
                    pid,
                    f"bench-dataset-{i}",
                    f"To'plam {i} {rnd.choice(WORDS)}",
                    "dataset",
                    org,
                    False,
                    state,
                    "cc-by",
                    created,
                    changed,
                )
            )
            for key, value in (
                ("update_frequency", freq),
                ("data_last_changed", changed.replace(microsecond=0).isoformat()),
                ("first_published", created.replace(microsecond=0).isoformat()),
                ("dataset_code", str(100000 + i)),
                ("contact_name", f"Mas'ul {i}"),
                ("contact_email", f"masul{i % 500}@gov.uz"),
                ("contact_phone", "+998711234567"),
            ):
                extras.append((str(uuid.uuid4()), pid, key, value, "active"))
            for g in rnd.sample(spheres, rnd.randint(1, 2)):
                members.append((str(uuid.uuid4()), "package", pid, "public", g[0], "active"))
        execute_values(
            raw,
            "INSERT INTO package (id, name, title, type, owner_org, private, state,"
            " license_id, metadata_created, metadata_modified) VALUES %s",
            packages,
            page_size=2000,
        )
        execute_values(
            raw,
            "INSERT INTO package_extra (id, package_id, key, value, state) VALUES %s",
            extras,
            page_size=5000,
        )
        execute_values(
            raw,
            "INSERT INTO member (id, table_name, table_id, capacity, group_id, state) VALUES %s",
            members,
            page_size=5000,
        )
        ids = [p[0] for p in packages]
        # downloads: a skewed popularity (a few datasets take most of them), over a year
        conn.execute(
            sa.text("""
            INSERT INTO egovuz_download (package_id, format, source, created)
            SELECT (:ids)[1 + floor(power(random(), 3) * :n)::int], 'csv', 'table',
                   now() - random() * interval '365 days'
            FROM generate_series(1, :m)
        """),
            {"ids": ids, "n": len(ids), "m": n_downloads},
        )
        conn.execute(
            sa.text("""
            INSERT INTO tracking_summary (url, package_id, tracking_type, count, running_total,
                                          recent_views, tracking_date)
            SELECT '/dataset/' || g, (:ids)[1 + floor(power(random(), 2) * :n)::int], 'page',
                   1 + floor(random() * 20)::int, 0, 0,
                   (now() - random() * interval '365 days')::date
            FROM generate_series(1, :m) g
        """),
            {"ids": ids, "n": len(ids), "m": n_views},
        )
        conn.execute(
            sa.text("""
            INSERT INTO egovuz_search_log (query, results, created)
            SELECT (:words)[1 + floor(power(random(), 2) * :w)::int] ||
                   CASE WHEN random() < 0.3 THEN ' ' || floor(random() * 300)::int ELSE '' END,
                   CASE WHEN random() < 0.1 THEN 0 ELSE 1 + floor(random() * 50)::int END,
                   now() - random() * interval '365 days'
            FROM generate_series(1, :m)
        """),
            {"words": WORDS, "w": len(WORDS), "m": n_searches},
        )
    with eng.begin() as conn:  # committed: planner statistics are transactional
        conn.execute(sa.text("ANALYZE"))
    timings["fill (direct inserts)"] = time.perf_counter() - t0
    timings["ckan egovuz stats refresh --full"] = ckan("egovuz", "stats", "refresh", "--full")
    # an incremental refresh after 10,000 new downloads: what a cron job pays
    with eng.begin() as conn:
        conn.execute(
            sa.text("""
            INSERT INTO egovuz_download (package_id, format, source, created)
            SELECT (:ids)[1 + floor(random() * :n)::int], 'csv', 'api', now()
            FROM generate_series(1, 10000)"""),
            {"ids": ids, "n": len(ids)},
        )
    timings["ckan egovuz stats refresh (10,000 new events)"] = ckan("egovuz", "stats", "refresh")
    return timings


def serve():
    cmd = [
        os.path.join(VENV, "gunicorn"),
        "--chdir",
        os.path.join(ROOT, "config"),
        "wsgi:application",
        "--bind",
        f"127.0.0.1:{WEB}",
        "--workers",
        "1",
        "--threads",
        "1",
        "--timeout",
        "600",
    ]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{WEB}/api/3/action/status_show", timeout=5)
            return proc
        except Exception:
            time.sleep(0.5)
    proc.terminate()
    sys.exit("the web server did not start")


def get(path: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{WEB}{path}", timeout=120) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{path}: {r.status}")
    return time.perf_counter() - t0


def measure(pages: list[str], rounds: int) -> dict:
    for path in pages:  # warm-up (templates, caches, connections)
        for _ in range(3):
            get(path)
    times = {p: [] for p in pages}
    for i in range(rounds):
        order = pages[i % len(pages) :] + pages[: i % len(pages)]
        for path in order:
            times[path].append(get(path))
    return {p: statistics.median(t) for p, t in times.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", type=int, default=10000)
    ap.add_argument("--downloads", type=int, default=1000000)
    ap.add_argument("--views", type=int, default=200000)
    ap.add_argument("--searches", type=int, default=200000)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--skip-fill", action="store_true")
    ap.add_argument(
        "--index",
        action="store_true",
        help="also index the datasets in Solr (ckan search-index rebuild: ~120 ms"
        " a dataset here, 20 minutes for 10,000)",
    )
    ap.add_argument("--json", help="write the results to this file")
    args = ap.parse_args()
    timings = {}
    if not args.skip_fill:
        timings.update(fill(args.datasets, args.downloads, args.views, args.searches))
    if args.index:
        timings["ckan search-index rebuild"] = ckan("search-index", "rebuild")
    else:  # an empty index: the home page's Solr queries are as cheap as they get
        ckan("search-index", "clear")
    month_ago = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    pages = [
        "/",
        "/monitoring/",
        "/monitoring/updated",
        "/monitoring/outdated",
        "/monitoring/outdated?organization=org-7",
        "/statistics/",
        "/statistics/most_downloaded",
        "/statistics/most_downloaded?period=30d",
        "/statistics/most_viewed?period=365d",
        "/statistics/spheres",
        "/statistics/search_queries",
        "/statistics/search_queries?period=30d",
        "/statistics/rejected",
        "/ai-data/",
        "/ai-data/?min_score=50&sort=title",
    ]
    extra = [
        f"/statistics/most_downloaded?date_from={month_ago}",
        "/statistics/most_downloaded.csv",
    ]
    proc = serve()
    try:
        medians = measure(pages, args.rounds)
        others = measure(extra, max(3, args.rounds // 3))
    finally:
        proc.terminate()
        proc.wait(30)
    home = medians["/"]
    print("\nsetup:")
    for k, v in timings.items():
        print(f"  {k:<50} {v:8.1f} s")
    print(f"\n{'page':<45} {'median ms':>10} {'x home':>8}")
    worst = 0.0
    for path, m in medians.items():
        ratio = m / home
        if path != "/":
            worst = max(worst, ratio)
        print(f"{path:<45} {m * 1000:10.1f} {ratio:8.2f}")
    print("\nnot pages of the target (a custom period summed from the daily rows; an export):")
    for path, m in others.items():
        print(f"{path:<45} {m * 1000:10.1f} {m / home:8.2f}")
    ok = worst <= 1.5
    print(f"\nworst ratio {worst:.2f} (target <= 1.5): {'OK' if ok else 'MISSED'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "setup_s": timings,
                    "median_s": medians,
                    "other_median_s": others,
                    "worst_ratio": worst,
                },
                f,
                indent=2,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
