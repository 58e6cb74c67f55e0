"""The checks behind /api/egovuz/health: each service separately, each with a time limit,
none raising. A check returns (ok, milliseconds, error text for operators)."""

from __future__ import annotations

import time
from typing import Callable

import sqlalchemy as sa
from ckan.plugins import toolkit as tk

CHECKS = ("postgresql", "datastore", "solr", "redis")


def _timeout() -> float:
    return float(tk.config.get("ckanext.egovuz.health.timeout"))


def check_postgresql() -> None:
    from ckan.model import meta

    with meta.engine.connect() as conn:
        conn.execute(sa.text("SET LOCAL statement_timeout = :ms"), {"ms": int(_timeout() * 1000)})
        conn.execute(sa.text("SELECT 1 FROM package LIMIT 1"))


def check_datastore() -> None:
    from ckanext.datastore.backend.postgres import get_read_engine

    with get_read_engine().connect() as conn:
        conn.execute(sa.text("SET LOCAL statement_timeout = :ms"), {"ms": int(_timeout() * 1000)})
        conn.execute(sa.text("SELECT 1"))


def check_solr() -> None:
    from ckan.lib.search.common import make_connection

    conn = make_connection()
    conn.timeout = _timeout()
    conn.search(q="*:*", rows=0)


def check_redis() -> None:
    import redis

    url = tk.config.get("ckan.redis.url")
    conn = redis.Redis.from_url(url, socket_timeout=_timeout(), socket_connect_timeout=_timeout())
    try:
        if not conn.ping():
            raise RuntimeError("no PONG")
    finally:
        conn.close()


FUNCTIONS: dict[str, Callable[[], None]] = {
    "postgresql": check_postgresql,
    "datastore": check_datastore,
    "solr": check_solr,
    "redis": check_redis,
}


def available() -> list[str]:
    names = ["postgresql", "solr", "redis"]
    if "datastore" in tk.aslist(tk.config.get("ckan.plugins")):
        names.insert(1, "datastore")
    return names


def run(name: str) -> dict:
    start = time.monotonic()
    try:
        FUNCTIONS[name]()
        ok, error = True, None
    except Exception as exc:  # a failing service is a result here, not an error
        ok, error = False, f"{type(exc).__name__}: {str(exc)[:300]}"
    return {"ok": ok, "ms": round((time.monotonic() - start) * 1000, 1), "error": error}
