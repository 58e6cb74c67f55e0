"""The same page mix against vanilla CKAN and this portal, in one run (issue 14).

Both are served by gunicorn with one worker (sync, no threads) from the same ini
(`.state/ckan.ini`, the one `make run` writes), so they share the databases, Redis and
Solr; vanilla's copy of the ini only lists `datastore xloader activity tracking
datatables_view text_view image_view` as plugins. The bench starts both servers itself
on two free ports of its own (the portal's `make run` server is left alone), warms them
up, then requests every page of the mix from both, interleaved (portal then vanilla in
odd rounds, vanilla then portal in even ones), and prints the medians and ratios.

With `--before DIR` (a checkout of an earlier commit, e.g. `git archive <commit> | tar
-x -C DIR`, with the compiled .mo catalogues copied in) a third server runs that code
(PYTHONPATH=DIR puts its ckanext.egovuz ahead of this tree's), so before and after are
measured in the same run against the same vanilla.

With `--datasets N` it first tops the catalogue up to N datasets (generated passports
spread over the organizations, indexed in Solr once at the end) and runs the mix again.

Usage:
  .venv/bin/python bench/pages_bench.py [--rounds 30] [--datasets 10000]
      [--ini .state/ckan.ini] [--ports 6106,6206] [--pages home,search,...]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent
VANILLA_PLUGINS = "datastore xloader activity tracking datatables_view text_view image_view"


def vanilla_ini(ini: str) -> str:
    """A copy of the site's ini with CKAN's own plugins only."""
    text = pathlib.Path(ini).read_text()
    text = re.sub(r"(?m)^ckan\.plugins\s*=.*$", "ckan.plugins = " + VANILLA_PLUGINS, text)
    # the portal's dataset schema is scheming's: without scheming, CKAN's default one
    text = re.sub(r"(?m)^scheming\..*$", "", text)
    fd, path = tempfile.mkstemp(prefix="vanilla-", suffix=".ini", dir=str(ROOT / ".state"))
    os.write(fd, text.encode())
    os.close(fd)
    return path


def serve(ini: str, port: int, log: str, code: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, CKAN_INI=ini)
    if code:
        env["PYTHONPATH"] = code
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--chdir",
            str(ROOT / "config"),
            "wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "600",
        ],
        env=env,
        stdout=open(log, "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(240):
        time.sleep(1)
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/3/action/status_show", timeout=30).ok:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            break
    stop(proc)
    raise SystemExit(f"server on {port} did not start, see {log}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def page_mix(base: str) -> dict[str, str]:
    """The pages, with a real dataset (the first of the search), organization and group."""
    api = base + "/api/3/action/"
    ds = requests.get(
        api + "package_search",
        params={"rows": 1, "sort": "name asc", "q": "num_resources:[1 TO *]"},
        timeout=60,
    ).json()["result"]["results"][0]["name"]
    orgs = requests.get(api + "organization_list", timeout=60).json()["result"]
    groups = requests.get(api + "group_list", timeout=60).json()["result"]
    mix = {
        "home": "/",
        "search": "/dataset/",
        "search ?q=maktab": "/dataset/?q=maktab",
        "dataset page": f"/dataset/{ds}",
        "organizations": "/organization/",
        "groups (spheres)": "/group/",
        "API package_search": "/api/3/action/package_search?rows=20&facet.field="
        '["organization","groups","tags","res_format"]',
        "API package_show": f"/api/3/action/package_show?id={ds}",
    }
    if orgs:
        mix["organization page"] = f"/organization/{orgs[0]}"
    if groups:
        mix["group page"] = f"/group/{groups[0]}"
    return mix


def timed_get(session: requests.Session, url: str) -> float:
    t0 = time.perf_counter()
    r = session.get(url, timeout=120)
    r.content  # noqa: B018 - read the whole body
    dt = time.perf_counter() - t0
    if r.status_code >= 400:
        raise SystemExit(f"{url}: HTTP {r.status_code}")
    return dt


def run_mix(servers: list[str], rounds: int, only: list[str] | None) -> list[tuple]:
    """Medians of every page on every server (the last one is vanilla), requests
    interleaved and the order of the servers rotated from round to round."""
    mix = page_mix(servers[0])
    if only:
        mix = {k: v for k, v in mix.items() if k in only}
    sessions = [requests.Session() for _ in servers]
    for path in mix.values():  # warm-up: templates compiled, caches filled
        for _ in range(2):
            for session, base in zip(sessions, servers):
                timed_get(session, base + path)
    times = {k: [[] for _ in servers] for k in mix}
    for i in range(rounds):
        order = list(range(len(servers)))
        order = order[i % len(order) :] + order[: i % len(order)]
        for name, path in mix.items():
            for j in order:
                times[name][j].append(timed_get(sessions[j], servers[j] + path))
    out = []
    for name, per_server in times.items():
        medians = [statistics.median(x) * 1000 for x in per_server]
        out.append((name, mix[name], medians))
    return out


def print_table(title: str, rows: list[tuple], load: str, labels: list[str]) -> None:
    print(f"\n### {title} (load average {load})\n")
    print(
        "| page | "
        + " | ".join(f"{x}, ms" for x in labels)
        + " | "
        + " | ".join(f"{x} / vanilla" for x in labels[:-1])
        + " |"
    )
    print("|---|" + "---|" * (2 * len(labels) - 1))
    for name, path, medians in rows:
        ratios = [m / medians[-1] for m in medians[:-1]]
        print(
            f"| {name} (`{path[:50]}`) | "
            + " | ".join(f"{m:.0f}" for m in medians)
            + " | "
            + " | ".join(f"{r:.2f}×" for r in ratios)
            + " |"
        )
    sys.stdout.flush()


def load_avg() -> str:
    return ", ".join(open("/proc/loadavg").read().split()[:3])


def generate(ini: str, target: int) -> None:
    """Top the catalogue up to `target` datasets: generated passports (a title, a
    description and keywords from a small Uzbek vocabulary, one link resource), created
    through package_create with Solr commits off, then one commit."""
    import random

    sys.path.insert(0, str(ROOT))
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    conf = load_config(ini)
    conf["ckan.search.solr_commit"] = False
    conf["ckanext.xloader.auto_submit"] = False  # link resources: nothing to load
    app = make_app(conf)
    from ckan.plugins import toolkit as tk
    from ckanext.egovuz.testing import passport

    words = (
        "maktab shifoxona aholi tuman viloyat byudjet eksport import yo‘l transport "
        "qishloq xo‘jaligi suv energetika ta’lim sog‘liqni saqlash statistika hisobot "
        "narx ish haqi bandlik turizm sport madaniyat ekologiya"
    ).split()
    rnd = random.Random(7)
    with app._wsgi_app.test_request_context():
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        ctx = lambda: {"ignore_auth": True, "user": site["name"]}  # noqa: E731
        have = tk.get_action("package_search")(ctx(), {"rows": 0, "include_private": True})["count"]
        orgs = tk.get_action("organization_list")(ctx(), {})
        t0 = time.time()
        for i in range(have, target):
            title = " ".join(rnd.choice(words) for _ in range(4)).capitalize()
            data = passport(title=f"{title} {i}", owner_org=orgs[i % len(orgs)])
            data["name"] = f"bench-gen-{i}"
            data["notes"] = " ".join(rnd.choice(words) for _ in range(40))
            data["resources"] = [
                {"name": "data", "format": "CSV", "url": f"https://data.egov.uz/files/{i}.csv"}
            ]
            tk.get_action("package_create")(ctx(), data)
            if (i - have) % 500 == 499:
                print(
                    f"  generated {i + 1 - have} datasets in {time.time() - t0:.0f} s", flush=True
                )
        from ckan.lib.search import commit

        commit()
    print(f"catalogue at {target} datasets ({target - have} generated)", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", default=str(ROOT / ".state" / "ckan.ini"))
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument(
        "--datasets",
        type=int,
        default=0,
        help="after the demo-size run, top up to this many datasets and rerun",
    )
    port = int(os.environ.get("EGOVUZ_WEB_PORT", "5000"))
    ap.add_argument("--ports", default=f"{port + 1000},{port + 1100},{port + 1200}")
    ap.add_argument("--pages", default="", help="comma-separated page names of the mix")
    ap.add_argument("--skip-demo-size", action="store_true")
    ap.add_argument(
        "--before",
        help="a checkout of an earlier commit, served as a third "
        "server (see the module's docstring)",
    )
    args = ap.parse_args()
    p_port, v_port, b_port = (int(x) for x in args.ports.split(","))
    only = [x.strip() for x in args.pages.split(",") if x.strip()] or None
    vini = vanilla_ini(args.ini)
    state = ROOT / ".state"
    procs: list[subprocess.Popen] = []
    labels = (["before", "this portal"] if args.before else ["this portal"]) + ["vanilla"]

    def start() -> list[str]:
        urls = []
        if args.before:
            procs.append(serve(args.ini, b_port, str(state / "bench-before.log"), code=args.before))
            urls.append(f"http://127.0.0.1:{b_port}")
        procs.append(serve(args.ini, p_port, str(state / "bench-portal.log")))
        procs.append(serve(vini, v_port, str(state / "bench-vanilla.log")))
        return urls + [f"http://127.0.0.1:{p_port}", f"http://127.0.0.1:{v_port}"]

    try:
        servers = start()
        if not args.skip_demo_size:
            n = requests.get(
                servers[-1] + "/api/3/action/package_search?rows=0", timeout=60
            ).json()["result"]["count"]
            print_table(
                f"{n} datasets, {args.rounds} rounds, medians",
                run_mix(servers, args.rounds, only),
                load_avg(),
                labels,
            )
        if args.datasets:
            for p in procs:
                stop(p)
            procs.clear()
            generate(args.ini, args.datasets)
            servers = start()
            print_table(
                f"{args.datasets} datasets, {args.rounds} rounds, medians",
                run_mix(servers, args.rounds, only),
                load_avg(),
                labels,
            )
    finally:
        for p in procs:
            stop(p)
        os.unlink(vini)
    return 0


if __name__ == "__main__":
    sys.exit(main())
