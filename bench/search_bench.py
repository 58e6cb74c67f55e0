"""Search benchmark (issue 7): the Uzbek-aware search against CKAN's plain search on the
same Solr index, over the queries of the relevance set, in one run.

    .venv/bin/python bench/search_bench.py [--ini .state/ckan.ini] [--rounds 7]

Loads the relevance catalog (ckanext/egovuz/search/tests/catalog.py) into the site if it
is missing, then times package_search (in process, as CKAN's web and API views call it)
for every query, both modes interleaved, and prints median and 95th percentile per mode,
their ratio, and recall@5 / precision@5 of both. Numbers go to docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def percentile(values, pct):
    values = sorted(values)
    k = (len(values) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", default=os.environ.get("CKAN_INI", str(ROOT / ".state" / "ckan.ini")))
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()

    import yaml
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    make_app(load_config(args.ini))
    import logging

    logging.disable(logging.INFO)
    from ckan.plugins import toolkit as tk

    from ckanext.egovuz.search.tests import catalog as cat

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    datasets = cat.build({"user": site_user["name"], "ignore_auth": True})
    queries = yaml.safe_load((ROOT / "ckanext/egovuz/search/tests/relevance.yaml").read_text())[
        "queries"
    ]
    cases = [
        (datasets[c["code"]]["dataset_code"] if "code" in c else c["q"], set(c["expect"]))
        for c in queries
    ]
    search = tk.get_action("package_search")
    modes = {"uzbek-aware": None, "plain CKAN": {"ext_search": "plain"}}

    def run(q, extras):
        data = {"q": q, "rows": 5}
        if extras:
            data["extras"] = dict(extras)
        t0 = time.perf_counter()
        result = search({"ignore_auth": True}, data)
        return time.perf_counter() - t0, [r["name"] for r in result["results"]]

    for q, _ in cases:  # warm caches of both modes
        for extras in modes.values():
            run(q, extras)
    times = {m: [] for m in modes}
    quality = {m: [0.0, 0.0] for m in modes}
    for rnd in range(args.rounds):
        for q, expect in cases:
            order = list(modes.items()) if rnd % 2 == 0 else list(reversed(modes.items()))
            for mode, extras in order:
                dt, got = run(q, extras)
                times[mode].append(dt * 1000)
                if rnd == 0:
                    hit = len(expect & set(got))
                    quality[mode][0] += hit / len(got) if got else 0
                    quality[mode][1] += hit / len(expect)
    n = len(cases)
    print(f"{n} queries x {args.rounds} rounds over {len(datasets)} datasets (index of {args.ini})")
    print(f"{'mode':12s} {'median ms':>10s} {'p95 ms':>8s} {'precision@5':>12s} {'recall@5':>9s}")
    res = {}
    for mode in modes:
        med, p95 = statistics.median(times[mode]), percentile(times[mode], 95)
        res[mode] = (med, p95)
        print(
            f"{mode:12s} {med:10.2f} {p95:8.2f} {quality[mode][0] / n:12.3f} "
            f"{quality[mode][1] / n:9.3f}"
        )
    ratio_med = res["uzbek-aware"][0] / res["plain CKAN"][0]
    ratio_p95 = res["uzbek-aware"][1] / res["plain CKAN"][1]
    print(
        f"ratio uzbek-aware / plain: median {ratio_med:.2f}x, p95 {ratio_p95:.2f}x (target <= 1.5x)"
    )
    return 0 if ratio_med <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
