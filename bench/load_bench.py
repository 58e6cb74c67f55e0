#!/usr/bin/env python
"""Load test (issue 12, item 5): a bounded load against a running `make run` site.

N concurrent visitors (threads, default 50) for S seconds (default 60) over a page mix
(home, search with a query, a dataset page and its tabs, API calls, statistics,
monitoring, pages in ru and uz_Cyrl), plus W writers (votes, ratings, comments, a
re-upload of a resource) as registered users with API tokens. Reports throughput, p50,
p95 and errors per page kind, then checks that every write that answered 200 is there
(votes and comments counted in the database).

In the same run, vanilla CKAN's pages of the same catalogue (a second gunicorn on the
same databases and Solr core with only CKAN's own plugins) get the same number of
readers for the same time, for comparison.

Usage (after `make run`, with the same EGOVUZ_* ports exported):
    .venv/bin/python bench/load_bench.py [--users 50] [--seconds 60] [--writers 4]
        [--no-vanilla] [--json out.json]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures as cf
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ckan  # noqa: E402

ROOT = str(_ckan.ROOT)
WEB = int(os.environ.get("EGOVUZ_WEB_PORT", "5000"))
BASE = f"http://127.0.0.1:{WEB}"
VANILLA_PLUGINS = "datastore xloader activity tracking datatables_view text_view image_view"


def prepare(writers: int, per_writer: int) -> dict:
    """Datasets to visit, a proposal in voting, users with tokens (as the site user)."""
    _ckan.app()
    from ckan import model
    from ckan.plugins import toolkit as tk

    ctx = _ckan.site_context()
    pkgs = (
        model.Session.query(model.Package)
        .filter(model.Package.state == "active")
        .filter(model.Package.private == False)  # noqa: E712
        .order_by(model.Package.name)
        .limit(40)
        .all()
    )
    datasets = []
    for p in pkgs:
        res = [
            r
            for r in p.resources
            if r.state == "active" and r.extras.get("datastore_active") in (True, "true", "True")
        ]
        if res:
            datasets.append({"name": p.name, "id": p.id, "resource": res[0].id})
    if not datasets:
        sys.exit("no dataset with a table: run `make run` first")
    run = uuid.uuid4().hex[:6]
    sphere = (
        model.Session.query(model.Group.id)
        .filter(model.Group.is_organization == False)  # noqa: E712
        .filter(model.Group.state == "active")
        .first()
    )
    if sphere is None:
        sys.exit("no sphere (group): run `make run` first")
    prop = tk.get_action("egovuz_proposal_create")(
        dict(ctx),
        {
            "title": f"Yuklama sinovi {run}",
            "description": "Yuklama sinovi uchun taklif.",
            "sphere": sphere[0],
        },
    )
    for state in ("in_review", "voting"):
        tk.get_action("egovuz_proposal_transition")(dict(ctx), {"id": prop["id"], "state": state})
    users = []
    for i in range(writers * per_writer):
        name = f"loadbench-{run}-{i}"
        tk.get_action("user_create")(
            dict(ctx), {"name": name, "email": f"{name}@example.uz", "password": "Bench12345!x"}
        )
        token = tk.get_action("api_token_create")(dict(ctx), {"user": name, "name": "b"})
        users.append({"name": name, "token": token["token"]})
    admin = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    admin_token = tk.get_action("api_token_create")(
        dict(ctx), {"user": admin["name"], "name": "loadbench"}
    )
    # the re-upload target: a resource of our own (a demo table stays as it is)
    reup = _ckan.bench_resource("loadbench-reupload")
    return {
        "datasets": datasets,
        "proposal": prop["id"],
        "users": users,
        "admin_token": admin_token["token"],
        "reupload": reup["id"],
        "run": run,
    }


def our_pages(d: dict) -> list[tuple[str, str]]:
    n, r = d["name"], d["resource"]
    return [
        ("home", "/"),
        ("search", "/dataset/?q=maktab"),
        ("search", "/dataset/?q=aholi"),
        ("dataset", f"/dataset/{n}"),
        ("tab", f"/dataset/{n}/table"),
        ("tab", f"/dataset/{n}/structure"),
        ("tab", f"/dataset/{n}/api"),
        ("api", f"/api/3/action/package_show?id={n}"),
        ("api", f"/api/3/action/datastore_search?resource_id={r}&limit=20"),
        ("api", "/api/3/action/package_search?q=statistika&rows=10"),
        ("statistics", "/statistics"),
        ("monitoring", "/monitoring"),
        ("ru", f"/ru/dataset/{n}"),
        ("ru", "/ru/"),
        ("uz_Cyrl", f"/uz_Cyrl/dataset/{n}"),
        ("uz_Cyrl", "/uz_Cyrl/dataset/?q=maktab"),
    ]


def vanilla_pages(d: dict) -> list[tuple[str, str]]:
    n, r = d["name"], d["resource"]
    return [
        ("home", "/"),
        ("search", "/dataset/?q=maktab"),
        ("search", "/dataset/?q=aholi"),
        ("dataset", f"/dataset/{n}"),
        ("tab", f"/dataset/{n}/resource/{r}"),
        ("api", f"/api/3/action/package_show?id={n}"),
        ("api", f"/api/3/action/datastore_search?resource_id={r}&limit=20"),
        ("api", "/api/3/action/package_search?q=statistika&rows=10"),
        ("ru", f"/ru/dataset/{n}"),
        ("ru", "/ru/"),
    ]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = collections.defaultdict(list)
        self.errors = collections.Counter()
        self.samples: list[str] = []

    def add(self, kind: str, seconds: float, ok: bool, what: str = ""):
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(what)

    def report(self, wall: float) -> dict:
        out = {}
        every = [t for ts in self.times.values() for t in ts]
        for kind, ts in sorted(self.times.items()) + [("all", every)]:
            ts = sorted(ts)
            if not ts:
                continue
            out[kind] = {
                "requests": len(ts),
                "per_s": round(len(ts) / wall, 1),
                "p50_ms": round(1000 * statistics.median(ts)),
                "p95_ms": round(1000 * ts[max(0, int(0.95 * len(ts)) - 1)]),
                "errors": (sum(self.errors.values()) if kind == "all" else self.errors[kind]),
            }
        return out


def reader(base: str, pages_of, datasets, stop: float, stats: Stats, seed: int):
    rng = random.Random(seed)
    s = requests.Session()
    while time.time() < stop:
        kind, path = rng.choice(pages_of(rng.choice(datasets)))
        t0 = time.perf_counter()
        try:
            r = s.get(base + path, timeout=120)
            ok = r.status_code == 200
            what = f"{r.status_code} {path}"
        except requests.RequestException as e:
            ok, what = False, f"{type(e).__name__} {path}"
        stats.add(kind, time.perf_counter() - t0, ok, what)


def writer(
    base: str, prep: dict, users: list[dict], stop: float, stats: Stats, done: dict, seed: int
):
    rng = random.Random(seed)
    s = requests.Session()
    i = 0
    while time.time() < stop and i < len(users):
        u = users[i]
        i += 1
        h = {"Authorization": u["token"]}
        d = rng.choice(prep["datasets"])
        for kind, action, body in (
            ("write:vote", "egovuz_proposal_vote", {"id": prep["proposal"]}),
            (
                "write:rating",
                "egovuz_rating_create",
                {"package_id": d["id"], "rating": rng.randint(1, 5)},
            ),
            (
                "write:comment",
                "egovuz_comment_create",
                {"package_id": d["id"], "body": f"Yuklama sinovi izohi {u['name']}"},
            ),
        ):
            t0 = time.perf_counter()
            try:
                r = s.post(f"{base}/api/3/action/{action}", json=body, headers=h, timeout=120)
                ok = r.status_code == 200
                what = f"{r.status_code} {action} {r.text[:200]}"
            except requests.RequestException as e:
                ok, what = False, f"{type(e).__name__} {action}"
            stats.add(kind, time.perf_counter() - t0, ok, what)
            if ok:
                done[kind].append(body.get("package_id") or body.get("id"))
    # one re-upload per writer: a new file for the resource (a load job follows)
    content = "kod,nomi\n" + "".join(f"{k},Qator {k}\n" for k in range(rng.randint(50, 500)))
    t0 = time.perf_counter()
    try:
        r = s.post(
            f"{base}/api/3/action/resource_patch",
            data={"id": prep["reupload"], "format": "CSV"},
            files={"upload": ("reupload.csv", content.encode(), "text/csv")},
            headers={"Authorization": prep["admin_token"]},
            timeout=120,
        )
        ok = r.status_code == 200
        what = f"{r.status_code} resource_patch {r.text[:200]}"
    except requests.RequestException as e:
        ok, what = False, f"{type(e).__name__} resource_patch"
    stats.add("write:reupload", time.perf_counter() - t0, ok, what)


def run_phase(
    base: str, pages_of, prep: dict, users: int, seconds: int, writers: int = 0
) -> tuple[dict, dict]:
    stats = Stats()
    done = collections.defaultdict(list)
    stop = time.time() + seconds
    per = len(prep["users"]) // writers if writers else 0
    with cf.ThreadPoolExecutor(users + writers) as ex:
        futs = [
            ex.submit(reader, base, pages_of, prep["datasets"], stop, stats, i)
            for i in range(users)
        ]
        futs += [
            ex.submit(
                writer,
                base,
                prep,
                prep["users"][w * per : (w + 1) * per],
                stop,
                stats,
                done,
                1000 + w,
            )
            for w in range(writers)
        ]
        t0 = time.time()
        for f in futs:
            f.result()
        wall = time.time() - t0
    return {"stats": stats.report(wall), "error_samples": stats.samples}, done


def verify(prep: dict, done: dict) -> dict:
    """Every write that answered 200 is in the database."""
    from ckan import model
    import sqlalchemy as sa
    from ckanext.egovuz.participation import model as pm

    model.Session.remove()
    names = [u["name"] for u in prep["users"]]
    uids = [r[0] for r in model.Session.query(model.User.id).filter(model.User.name.in_(names))]
    out = {}
    for kind, t in (
        ("write:vote", pm.proposal_vote_table),
        ("write:rating", pm.rating_table),
        ("write:comment", pm.comment_table),
    ):
        n = model.Session.execute(
            sa.select(sa.func.count()).select_from(t).where(t.c.user_id.in_(uids))
        ).scalar()
        out[kind] = {"answered_200": len(done[kind]), "in_db": n, "lost": len(done[kind]) - n}
    return out


def start_vanilla(port: int) -> tuple[subprocess.Popen, str]:
    ini = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
    ini.write(
        f"[app:main]\nuse = config:{_ckan.INI}\nckan.plugins = {VANILLA_PLUGINS}\n"
        f"ckan.site_url = http://127.0.0.1:{port}\n"
    )
    with open(_ckan.INI) as f:
        text = f.read()
    if "[loggers]" in text:
        ini.write("\n" + text[text.index("[loggers]") :])
    ini.close()
    from ckanext.egovuz.ops.serve import gunicorn_argv

    workers = int(os.environ.get("EGOVUZ_WEB_WORKERS", "2"))
    proc = subprocess.Popen(
        gunicorn_argv(port, workers=workers, threads=4, timeout=600),
        env=dict(os.environ, CKAN_INI=ini.name),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            requests.get(base + "/api/3/action/status_show", timeout=5)
            return proc, base
        except requests.RequestException:
            time.sleep(0.5)
    proc.terminate()
    sys.exit("the vanilla CKAN web server did not start")


def table(title: str, report: dict) -> str:
    lines = [
        f"**{title}**",
        "",
        "| kind | requests | req/s | p50 ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, r in report.items():
        lines.append(
            f"| {kind} | {r['requests']} | {r['per_s']} | {r['p50_ms']} | "
            f"{r['p95_ms']} | {r['errors']} |"
        )
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--no-vanilla", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    requests.get(BASE + "/api/3/action/status_show", timeout=10).raise_for_status()
    prep = prepare(a.writers, per_writer=60)
    print(f"{len(prep['datasets'])} datasets, {len(prep['users'])} writer accounts")
    ours, done = run_phase(BASE, our_pages, prep, a.users, a.seconds, a.writers)
    print(table(f"egovuz, {a.users} visitors + {a.writers} writers, {a.seconds} s", ours["stats"]))
    result = {
        "users": a.users,
        "seconds": a.seconds,
        "writers": a.writers,
        "ours": ours,
        "writes": verify(prep, done),
    }
    print(json.dumps(result["writes"], indent=1))
    if ours["error_samples"]:
        print("errors:", *ours["error_samples"], sep="\n  ")
    if not a.no_vanilla:
        proc, vbase = start_vanilla(WEB + 1000)
        try:
            vanilla, _ = run_phase(vbase, vanilla_pages, prep, a.users, a.seconds)
        finally:
            proc.terminate()
            proc.wait(30)
        result["vanilla"] = vanilla
        print(table(f"vanilla CKAN, {a.users} visitors, {a.seconds} s", vanilla["stats"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
