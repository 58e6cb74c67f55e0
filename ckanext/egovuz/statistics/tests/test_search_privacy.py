"""Public search-query lists (/statistics/search_queries, its CSV, egovuz_stats_search_queries)
show only queries typed by at least N distinct visitors (ckanext.egovuz.stats.search_min_visitors,
default 5) whose search found public datasets; operators see every query (issue 11, item 6c)."""

import csv
import io

from ckan.tests import factories, helpers

from ckanext.egovuz.tests.pytest_plugin import fresh_databases
from ckanext.egovuz.testing import Dataset


def _search(app, q, addr, headers=None):
    """A search from address `addr`; its log row is written when the response is closed,
    as a server does once the page is sent."""
    app.get(
        "/dataset/",
        query_string={"q": q},
        headers=headers or {},
        environ_base={"REMOTE_ADDR": addr},
    ).close()


def test_public_list_needs_enough_visitors_and_public_results(app):
    fresh_databases()
    org = factories.Organization()
    Dataset(owner_org=org["id"], title="Shifoxonalar ro'yxati")
    Dataset(owner_org=org["id"], title="Dorixonalar manzillari")
    Dataset(owner_org=org["id"], title="Maxfiy hisobot", private=True)
    for n in range(5):
        _search(app, "Shifoxonalar", f"198.51.100.{n + 1}")  # 5 visitors, public results
    for n in range(4):
        _search(app, "dorixonalar", f"198.51.100.{n + 1}")  # 4 visitors only
    for n in range(6):
        _search(app, "zzznothing", f"198.51.100.{n + 1}")  # found nothing
    for _ in range(5):
        _search(app, "dorixonalar", "198.51.100.1")  # one visitor, many times
    for n in range(5):  # members find only their private dataset
        member = factories.User()
        helpers.call_action(
            "organization_member_create",
            {"ignore_auth": True},
            id=org["id"],
            username=member["name"],
            role="member",
        )
        token = factories.APIToken(user=member["name"])["token"]
        _search(app, "Maxfiy hisobot", f"203.0.113.{n + 1}", {"Authorization": token})
    helpers.call_action("egovuz_stats_refresh")

    everyone = {
        r["query"]
        for r in helpers.call_action("egovuz_stats_search_queries", {"user": ""}, limit=100000)[
            "results"
        ]
    }
    assert everyone == {"shifoxonalar"}
    user = factories.User()
    assert {
        r["query"]
        for r in helpers.call_action("egovuz_stats_search_queries", {"user": user["name"]})[
            "results"
        ]
    } == {"shifoxonalar"}
    rows = list(
        csv.DictReader(io.StringIO(app.get("/statistics/search_queries.csv").body.lstrip("\ufeff")))
    )
    assert [r["query"] for r in rows] == ["shifoxonalar"]
    page = app.get("/statistics/search_queries").body
    assert "shifoxonalar" in page and "maxfiy" not in page and "dorixonalar" not in page
    operator = {"user": factories.Sysadmin()["name"]}
    full = {
        r["query"]: r["count"]
        for r in helpers.call_action("egovuz_stats_search_queries", operator)["results"]
    }
    assert full == {"shifoxonalar": 5, "dorixonalar": 9, "zzznothing": 6, "maxfiy hisobot": 5}


def test_threshold_is_an_option(app, ckan_config, monkeypatch):
    fresh_databases()
    Dataset(title="Maktablar ro'yxati")
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.stats.search_min_visitors", 2)
    _search(app, "maktablar", "198.51.100.1")
    helpers.call_action("egovuz_stats_refresh")
    assert helpers.call_action("egovuz_stats_search_queries", {"user": ""})["results"] == []
    _search(app, "maktablar", "198.51.100.2")
    helpers.call_action("egovuz_stats_refresh")
    assert helpers.call_action("egovuz_stats_search_queries", {"user": ""})["results"] == [
        {"query": "maktablar", "count": 2}
    ]
