"""Where a page's time goes: pyinstrument over repeated requests of one page, through the
app of the site's ini in this process (Flask test client: the whole request, templates
included; no network). Also counts the SQL statements and Solr queries per request.

Usage: .venv/bin/python bench/profile_page.py /dataset/<name> [--repeat 20] [--html out.html]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ckan  # noqa: E402


def count_queries(app, client, path: str) -> tuple[collections.Counter, int]:
    """SQL statements (first 90 characters, counted) and Solr requests of one request."""
    import sqlalchemy as sa
    from ckan.model import meta

    statements: collections.Counter = collections.Counter()

    def on_sql(conn, cursor, statement, params, context, executemany):
        statements[" ".join(statement.split())[:90]] += 1

    solr = [0]
    import pysolr

    orig = pysolr.Solr._send_request

    def send(self, *a, **kw):
        solr[0] += 1
        return orig(self, *a, **kw)

    sa.event.listen(meta.engine, "before_cursor_execute", on_sql)
    pysolr.Solr._send_request = send
    try:
        client.get(path)
    finally:
        sa.event.remove(meta.engine, "before_cursor_execute", on_sql)
        pysolr.Solr._send_request = orig
    return statements, solr[0]


def cpu_profile(client, path: str, repeat: int) -> int:
    import cProfile
    import pstats

    prof = cProfile.Profile(time.process_time)
    t0 = time.process_time()
    prof.enable()
    for _ in range(repeat):
        client.get(path)
    prof.disable()
    print(
        f"CPU {(time.process_time() - t0) * 1000 / repeat:.1f} ms a request "
        f"(cProfile, {repeat} requests)"
    )
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(r"ckanext|ckan/(lib|logic|model)", 90)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--html")
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="cProfile in CPU time instead (on a loaded machine wall-clock "
        "samples mostly show waiting for a core)",
    )
    args = ap.parse_args()
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(_ckan.INI))  # no request context pushed: the client's own
    from werkzeug.test import Client

    client = Client(app)  # the whole WSGI stack, middleware (languages) included
    for _ in range(3):
        r = client.get(args.path)
    print(f"{args.path}: HTTP {r.status_code}, {len(r.get_data())} bytes")
    statements, solr = count_queries(app, client, args.path)
    print(f"per request: {sum(statements.values())} SQL statements, {solr} Solr requests")
    for stmt, n in statements.most_common(12):
        print(f"  {n:3d} × {stmt}")
    if args.cpu:
        return cpu_profile(client, args.path, args.repeat)
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    t0 = time.perf_counter()
    profiler.start()
    for _ in range(args.repeat):
        client.get(args.path)
    profiler.stop()
    print(
        f"mean {(time.perf_counter() - t0) * 1000 / args.repeat:.1f} ms a request "
        f"(profiled, {args.repeat} requests)"
    )
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        with open(args.html, "w") as f:
            f.write(profiler.output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
