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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--html")
    args = ap.parse_args()
    app = _ckan.app()
    client = app._wsgi_app.test_client()
    for _ in range(3):
        r = client.get(args.path)
    print(f"{args.path}: HTTP {r.status_code}, {len(r.data)} bytes")
    statements, solr = count_queries(app, client, args.path)
    print(f"per request: {sum(statements.values())} SQL statements, {solr} Solr requests")
    for stmt, n in statements.most_common(12):
        print(f"  {n:3d} × {stmt}")
    from pyinstrument import Profiler
    profiler = Profiler(interval=0.0005)
    t0 = time.perf_counter()
    profiler.start()
    for _ in range(args.repeat):
        client.get(args.path)
    profiler.stop()
    print(f"mean {(time.perf_counter() - t0) * 1000 / args.repeat:.1f} ms a request "
          f"(profiled, {args.repeat} requests)")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        with open(args.html, "w") as f:
            f.write(profiler.output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
