"""Views of search results (ckanext/egovuz/search/tracking.py): the same tracking_summary
values as CKAN's tracking plugin gives one query at a time, from two queries whatever the
number of results and resources."""

from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.lib.search.common import make_connection
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset


def _summary(url, package_id, total, recent, day, kind="page"):
    model.Session.execute(
        sa.text(
            "INSERT INTO tracking_summary (url, package_id, tracking_type, count, running_total,"
            " recent_views, tracking_date) VALUES (:u, :p, :k, 1, :t, :r, :d)"
        ),
        {"u": url, "p": package_id, "k": kind, "t": total, "r": recent, "d": day},
    )


@pytest.fixture
def viewed(clean_db, clean_index):
    org = factories.Organization()
    today = datetime.date.today()
    names = []
    for n in range(6):
        d = Dataset(
            owner_org=org["id"],
            title=f"Buxoro muzeylari {n}",
            resources=[
                {"name": f"r{k}.csv", "format": "CSV", "url": f"https://example.uz/{n}/{k}.csv"}
                for k in range(3)
            ],
        )
        names.append(d["name"])
        if n % 2 == 0:  # half of them viewed: an older and a newer row, the newer counts
            _summary(f"/dataset/{d['name']}", d["id"], 5, 1, today - datetime.timedelta(days=3))
            _summary(f"/dataset/{d['name']}", d["id"], 40 + n, 7 + n, today)
            url = d["resources"][1]["url"]
            _summary(url, None, 2, 2, today - datetime.timedelta(days=1), "resource")
            _summary(url, None, 9 + n, 3, today, "resource")
    model.Session.commit()
    # one commit that waits for the new searcher on every replica (SolrCloud stage too)
    make_connection().commit(waitSearcher=True)
    return names


def test_search_results_carry_the_same_views_as_the_tracking_plugin_gives(viewed):
    from ckanext.tracking.model import TrackingSummary

    found = helpers.call_action("package_search", q="muzeylari", rows=20)
    assert sorted(d["name"] for d in found["results"]) == sorted(viewed)
    seen = set()
    for d in found["results"]:
        assert d["tracking_summary"] == TrackingSummary.get_for_package(d["id"])
        seen.add(d["tracking_summary"]["total"])
        for r in d["resources"]:
            assert r["tracking_summary"] == TrackingSummary.get_for_resource(r["url"])
            seen.add(r["tracking_summary"]["total"])
    # the newest rows (40+n, 9+n) and the unviewed zeros, never the older rows (5, 2)
    assert {0, 40, 42, 44, 9, 11, 13} == seen


def test_views_of_a_search_page_cost_two_queries_whatever_its_length(viewed):
    statements = []

    def count(conn, cursor, statement, *args):
        if "tracking_summary" in statement:
            statements.append(statement)

    sa.event.listen(model.meta.engine, "before_cursor_execute", count)
    try:
        found = helpers.call_action("package_search", q="muzeylari", rows=20)
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", count)
    assert found["count"] == 6 and len(found["results"]) == 6
    # CKAN's plugin: one query a dataset and one a resource (6 + 18)
    assert len(statements) == 2
