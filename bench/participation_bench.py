"""Participation numbers (issue 4): concurrent votes (exactness and wall time), rating
with its Solr reindex, a page of comments. Runs in process against a site with the
services up (`make run`), on a throwaway sphere, organization, dataset and users that it
removes afterwards.

    .venv/bin/python bench/participation_bench.py [--ini .state/ckan.ini] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import uuid


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ini", default=".state/ckan.ini")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--voters", type=int, default=50)
    args = ap.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    app = make_app(load_config(args.ini))
    with app._wsgi_app.test_request_context():
        run(args)


def run(args):
    from ckan import model
    from ckan.plugins import toolkit as tk
    from ckanext.egovuz.testing import passport

    tag = uuid.uuid4().hex[:8]
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    op = lambda: {"user": site["name"], "ignore_auth": True}  # noqa: E731
    sphere = tk.get_action("group_create")(op(), {"name": f"bench-{tag}", "title": "Bench"})
    org = tk.get_action("organization_create")(
        op(), {"name": f"bench-org-{tag}", "title": "Bench org"}
    )
    ds = tk.get_action("package_create")(
        op(), dict(passport(title=f"Bench {tag}"), name=f"bench-{tag}", owner_org=org["id"])
    )
    users = [
        model.User(name=f"bench-{tag}-{i:03d}", email=f"b{i}@example.uz")
        for i in range(args.voters)
    ]
    model.Session.add_all(users)
    model.Session.commit()
    names = [u.name for u in users]
    created = []
    try:
        walls, exact = [], 0
        for _ in range(args.rounds):
            p = tk.get_action("egovuz_proposal_create")(
                {"user": names[0], "ignore_auth": True},
                {"title": "Bench proposal", "description": "x", "sphere": sphere["name"]},
            )
            created.append(p["id"])
            for step, extra in (("in_review", {}), ("voting", {"organization": org["name"]})):
                tk.get_action("egovuz_proposal_transition")(
                    op(), dict(extra, id=p["id"], state=step)
                )
            barrier = threading.Barrier(len(names))

            def vote(name):
                barrier.wait()
                try:
                    tk.get_action("egovuz_proposal_vote")(
                        {"user": name, "ignore_auth": False}, {"id": p["id"]}
                    )
                finally:
                    model.Session.remove()

            threads = [threading.Thread(target=vote, args=(n,)) for n in names]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            walls.append(time.perf_counter() - t0)
            votes = tk.get_action("egovuz_proposal_show")(op(), {"id": p["id"]})["votes"]
            exact += votes == len(names)
        print(
            f"{len(names)} concurrent voters: exact count in {exact}/{args.rounds} rounds; "
            f"wall median {statistics.median(walls) * 1000:.0f} ms "
            f"({len(names) / statistics.median(walls):.0f} votes/s)"
        )

        times = []
        for i in range(20):
            t0 = time.perf_counter()
            tk.get_action("egovuz_rating_create")(
                {"user": names[i], "ignore_auth": False},
                {"package_id": ds["id"], "rating": i % 5 + 1},
            )
            times.append(time.perf_counter() - t0)
        print(
            f"rating_create incl. Solr reindex: median {statistics.median(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms (20 ratings)"
        )

        for i in range(200):
            tk.get_action("egovuz_comment_create")(
                op(), {"package_id": ds["id"], "body": f"Izoh **{i}**"}
            )
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            tk.get_action("egovuz_comment_list")({"user": ""}, {"package_id": ds["id"], "page": 5})
            times.append(time.perf_counter() - t0)
        print(
            f"comment_list (page 5 of 200 comments): median {statistics.median(times) * 1000:.1f} "
            "ms"
        )
    finally:
        import sqlalchemy as sa
        from ckanext.egovuz.participation import model as pm

        model.Session.rollback()
        model.Session.execute(pm.proposal_table.delete().where(pm.proposal_table.c.id.in_(created)))
        model.Session.execute(
            pm.rating_table.delete().where(pm.rating_table.c.package_id == ds["id"])
        )
        model.Session.execute(
            pm.comment_table.delete().where(pm.comment_table.c.package_id == ds["id"])
        )
        model.Session.commit()
        tk.get_action("dataset_purge")(op(), {"id": ds["id"]})
        tk.get_action("group_purge")(op(), {"id": sphere["id"]})
        tk.get_action("organization_purge")(op(), {"id": org["id"]})
        for name in names:
            model.Session.execute(sa.text('DELETE FROM "user" WHERE name = :n'), {"n": name})
        model.Session.commit()


if __name__ == "__main__":
    main()
