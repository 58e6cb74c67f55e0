"""Shared pieces of the benchmarks: CKAN loaded from the site's ini (.state/ckan.ini, the
one `make run` serves), a benchmark dataset, timing helpers."""

from __future__ import annotations

import os
import pathlib
import statistics
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
INI = os.environ.get("CKAN_INI", str(ROOT / ".state" / "ckan.ini"))
_app = None


def app():
    """The CKAN app (config, plugins, DB engines) with a request context pushed."""
    global _app
    if _app is None:
        from ckan.cli import load_config
        from ckan.config.middleware import make_app

        _app = make_app(load_config(INI))
        ctx = _app._wsgi_app.test_request_context()
        ctx.push()
    return _app


def site_context():
    from ckan.plugins import toolkit as tk

    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": user["name"], "ignore_auth": True}


def bench_resource(name: str) -> dict:
    """A public dataset `name` with one resource (format 'bench' so that xloader does
    not pick it up by itself)."""
    from ckan.plugins import toolkit as tk
    from ckanext.egovuz.testing import passport

    ctx = site_context()
    try:
        pkg = tk.get_action("package_show")(dict(ctx), {"id": name})
    except tk.ObjectNotFound:
        try:
            org = tk.get_action("organization_show")(dict(ctx), {"id": "egovuz-bench"})
        except tk.ObjectNotFound:
            org = tk.get_action("organization_create")(
                dict(ctx), {"name": "egovuz-bench", "title": "Benchmark"}
            )
        pkg = tk.get_action("package_create")(
            dict(ctx), passport(name=name, title=name, owner_org=org["id"])
        )
    if pkg.get("resources"):
        return pkg["resources"][0]
    return tk.get_action("resource_create")(
        dict(ctx),
        {
            "package_id": pkg["id"],
            "name": "data",
            "format": "bench",
            "url": "http://127.0.0.1:9/bench.csv",
        },
    )


def data_file(rows: int = 1_000_000, extra: int = 0) -> str:
    """The generated CSV (bench/gendata.py), cached in /tmp; `extra` appends rows."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import gendata

    path = f"/tmp/egovuz_bench_{rows}_{extra}.csv"
    if not os.path.exists(path):
        gendata.write(path + ".part", rows + extra)
        os.rename(path + ".part", path)
    return path


def median(xs):
    return statistics.median(xs)


def p95(xs):
    xs = sorted(xs)
    return xs[max(0, int(round(0.95 * len(xs))) - 1)]


class Timer:
    def __enter__(self):
        self.t = time.perf_counter()
        return self

    def __exit__(self, *a):
        self.s = time.perf_counter() - self.t


def peak_rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0
