"""The same page mix against vanilla CKAN and this portal, in one run (issue 14).

Both are served by gunicorn with one worker (sync, no threads) from the same ini
(`.state/ckan.ini`, the one `make run` writes), so they share the databases, Redis and
Solr; vanilla's copy of the ini only lists `datastore xloader activity tracking
datatables_view text_view image_view` as plugins. The bench starts both servers itself
on two free ports of its own (the portal's `make run` server is left alone), warms them
up, then requests every page of the mix from both, interleaved (the order of the servers
rotates from round to round, the order of the pages is shuffled every round), and prints
the medians and ratios. The mix is every public page of issue 14: home, search with and
without a query, the dataset page and each of its tabs (structure, table, api, versions),
the organization and sphere (group) lists and one page of each, statistics, monitoring,
proposals, news, and the two API calls; and two searches whose words both portals' queries
find in the same datasets (like for like: "maktab" finds "maktablar" in ours only). A page
vanilla has no counterpart of is compared with the closest vanilla page, named in the
table: the tabs structure/table/api with the resource page of the same DataStore resource
(where vanilla shows a table's fields and rows), versions with the dataset's activity
stream, statistics/monitoring/proposals/news with the dataset list `/dataset/`.

With `--before DIR` (a checkout of an earlier commit, e.g. `git archive <commit> | tar
-x -C DIR`, with the compiled .mo catalogues copied in) a third server runs that code
(PYTHONPATH=DIR and a sitecustomize.py written there put its ckanext.egovuz ahead of
this tree's editable install), so before and after are measured in the same run against
the same vanilla.

With `--datasets N`, after the run at the site's size, it tops the catalogue up to about N
datasets through `bench/scale_bench.py load` (clones of a template dataset written as
database rows, then indexed by CKAN's indexer in two processes; the site's server of
`make run` must be up) and runs the mix again.

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


# ckanext.egovuz is installed in editable mode: its finder would serve this tree's code
# whatever PYTHONPATH says, and `ckanext` is a pkg_resources namespace that only lists the
# installed distributions' folders. A sitecustomize in the --before checkout puts its
# ckanext folder first.
BEFORE_SITECUSTOMIZE = """import os

import ckanext

ckanext.__path__.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "ckanext"))
"""


def serve(ini: str, port: int, log: str, code: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, CKAN_INI=ini)
    if code:
        (pathlib.Path(code) / "sitecustomize.py").write_text(BEFORE_SITECUSTOMIZE)
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


def _first(api: str, q: str) -> dict | None:
    res = requests.get(
        api + "package_search",
        params={"rows": 1, "sort": "name asc", "q": q},
        timeout=60,
    ).json()["result"]["results"]
    return res[0] if res else None


def page_mix(base: str) -> dict[str, tuple[str, str]]:
    """Every public page of issue 14, each with the vanilla page it is compared with:
    its own path where vanilla has it, else the closest vanilla page (named in the
    table). A real dataset (the first by name with a DataStore table, for the tabs), the
    first organization and the first sphere (group)."""
    api = base + "/api/3/action/"
    pkg = _first(api, "res_extras_datastore_active:true") or _first(api, "num_resources:[1 TO *]")
    ds = pkg["name"]
    table_res = next(
        (r for r in pkg["resources"] if r.get("datastore_active")), pkg["resources"][0]
    )
    res_page = f"/dataset/{ds}/resource/{table_res['id']}"
    orgs = requests.get(api + "organization_list", timeout=60).json()["result"]
    groups = requests.get(api + "group_list", timeout=60).json()["result"]
    same = lambda p: (p, p)  # noqa: E731
    mix = {
        "home": same("/"),
        "search": same("/dataset/"),
        "search ?q=maktab": same("/dataset/?q=maktab"),
        # like for like: words that both portals' queries find in the same datasets (the
        # same count; "maktab" finds "maktablar" here only), so "we find more" and "we
        # are slower" can be told apart
        "search ?q=avtobus (same count)": same("/dataset/?q=avtobus"),
        "search ?q=Markaziy bank (same count)": same("/dataset/?q=Markaziy+bank"),
        "dataset page": same(f"/dataset/{ds}"),
        # the tabs: vanilla shows a table's fields and rows on the resource page
        "tab structure": (f"/dataset/{ds}/structure", res_page),
        "tab table": (f"/dataset/{ds}/table", res_page),
        "tab api": (f"/dataset/{ds}/api", res_page),
        # the versions of a dataset: vanilla's nearest is its activity stream
        "tab versions": (f"/dataset/{ds}/versions", f"/dataset/activity/{ds}"),
        "organizations": same("/organization/"),
        "groups (spheres)": same("/group/"),
        # pages vanilla has no counterpart of: its dataset list, the same layout
        "statistics": ("/statistics/", "/dataset/"),
        "monitoring": ("/monitoring/", "/dataset/"),
        "proposals": ("/proposals", "/dataset/"),
        "news": ("/news", "/dataset/"),
        "API package_search": same(
            "/api/3/action/package_search?rows=20&facet.field="
            '["organization","groups","tags","res_format"]'
        ),
        "API package_show": same(f"/api/3/action/package_show?id={ds}"),
    }
    if orgs:
        mix["organization page"] = same(f"/organization/{orgs[0]}")
    if groups:
        mix["group page"] = same(f"/group/{groups[0]}")
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
    interleaved and the order of the servers rotated from round to round; the order of
    the pages is shuffled every round too (a burst of load then lands on different
    pages, not always on the same one)."""
    import random

    mix = page_mix(servers[0])
    if only:
        mix = {k: v for k, v in mix.items() if k in only}

    def path(name: str, j: int) -> str:  # vanilla is the last server
        return mix[name][1] if j == len(servers) - 1 else mix[name][0]

    sessions = [requests.Session() for _ in servers]
    for name in mix:  # warm-up: templates compiled, caches filled
        for _ in range(2):
            for j, (session, base) in enumerate(zip(sessions, servers)):
                timed_get(session, base + path(name, j))
    times = {k: [[] for _ in servers] for k in mix}
    rnd = random.Random(14)
    names = list(mix)
    for i in range(rounds):
        order = list(range(len(servers)))
        order = order[i % len(order) :] + order[: i % len(order)]
        rnd.shuffle(names)
        for name in names:
            for j in order:
                times[name][j].append(timed_get(sessions[j], servers[j] + path(name, j)))
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
    for name, (path, vpath), medians in rows:
        ratios = [m / medians[-1] for m in medians[:-1]]
        vs = "" if vpath == path else f" vs `{_short(vpath)}`"
        print(
            f"| {name} (`{_short(path)}`{vs}) | "
            + " | ".join(f"{m:.0f}" for m in medians)
            + " | "
            + " | ".join(f"{r:.2f}×" for r in ratios)
            + " |"
        )
    sys.stdout.flush()


def _short(path: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "<id>", path)[:60]


def load_avg() -> str:
    return ", ".join(open("/proc/loadavg").read().split()[:3])


def generate(ini: str, target: int, procs: int = 2) -> None:
    """Top the catalogue up to `target` datasets through scale_bench's fast path
    (`bench/scale_bench.py load`: one template dataset made by package_create, cloned
    as database rows with generated passports, then indexed by CKAN's own indexer in
    `procs` processes): minutes where package_create one by one took an hour."""
    api = "http://127.0.0.1:{}/api/3/action/".format(os.environ.get("EGOVUZ_WEB_PORT", "5000"))
    try:
        total = requests.get(api + "package_search?rows=0", timeout=60).json()["result"]["count"]
        clones = requests.get(
            api + "package_search", params={"rows": 0, "q": r"name:scale\-0*"}, timeout=60
        ).json()["result"]["count"]
    except requests.RequestException:
        raise SystemExit(f"the site's server ({api}) must be up: make run")
    n = clones + max(0, target - total - (0 if clones else 1))  # + the template itself
    t0 = time.time()
    env = dict(os.environ, CKAN_INI=ini)
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    os.unlink(out)
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "scale_bench.py"),
            "load",
            "--n",
            str(n),
            "--procs",
            str(procs),
            "--out",
            out,
        ],
        env=env,
        check=True,
    )
    os.unlink(out)
    took = time.time() - t0
    print(f"catalogue at about {target} datasets ({n} clones, {took:.0f} s)", flush=True)


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
