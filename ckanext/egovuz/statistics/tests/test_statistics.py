"""Statistics (S-STAT) on generated history; every expected figure is computed in this file
from the events the test creates (the rating with its own implementation of the formula)."""

import csv
import datetime
import io
import math
import time

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.tests.helpers import ROLES, add_downloads, add_views, call_as, make_roles
from ckanext.egovuz.tests.pytest_plugin import fresh_databases
from ckanext.egovuz.testing import Dataset

TODAY = datetime.datetime.utcnow().replace(hour=12, minute=0, second=0, microsecond=0)
DOWNLOADS = {"d1": [(0, 30), (40, 20)], "d2": [(0, 10), (2, 5)], "d3": [(100, 7)], "d4": []}
VIEWS = {"d1": 5, "d2": 50, "d3": 0, "d4": 1}
STARS = {"d1": [5, 4], "d2": [2], "d3": [], "d4": [5]}


def _refresh():
    return helpers.call_action("egovuz_stats_refresh")


REJECTED = ("Avtobus jadvali", "Ma'lumot yo'q")


def _proposals(sysadmin, sphere, org):
    """One rejected and one proposal still in voting, through the participation actions."""
    ctx = {"user": sysadmin, "ignore_auth": False}
    author = factories.User()["name"]
    made = {}
    for title in (REJECTED[0], "Maktablar jadvali"):
        made[title] = helpers.call_action(
            "egovuz_proposal_create",
            context={"user": author, "ignore_auth": False},
            title=title,
            description="Iltimos, e'lon qiling",
            sphere=sphere,
        )["id"]
    rejected, voting = made[REJECTED[0]], made["Maktablar jadvali"]
    helpers.call_action(
        "egovuz_proposal_transition", context=dict(ctx), id=rejected, state="in_review"
    )
    helpers.call_action(
        "egovuz_proposal_transition",
        context=dict(ctx),
        id=rejected,
        state="rejected",
        comment=REJECTED[1],
    )
    for state in ("in_review", "voting"):
        helpers.call_action(
            "egovuz_proposal_transition",
            context=dict(ctx),
            id=voting,
            state=state,
            organization=org,
        )


@pytest.fixture(scope="module")
def world():
    fresh_databases()
    s1 = factories.Group(name="talim", title="Ta'lim")
    s2 = factories.Group(name="sogliq", title="Sog'liqni saqlash")
    org = factories.Organization()
    sysadmin = factories.Sysadmin()["name"]
    d = {
        "d1": Dataset(owner_org=org["id"], spheres=["talim"], title="Maktablar ro'yxati"),
        "d2": Dataset(owner_org=org["id"], spheres=["talim", "sogliq"], title="Shifoxonalar"),
        "d3": Dataset(spheres=["sogliq"], title="Dorixonalar"),
        "d4": Dataset(title="Bog'chalar"),
        "gone": Dataset(spheres=["talim"], title="Eski to'plam"),
    }
    helpers.call_action("package_delete", context={"user": sysadmin}, id=d["gone"]["id"])
    for key, events in DOWNLOADS.items():
        for days_ago, n in events:
            add_downloads(d[key]["id"], n, TODAY - datetime.timedelta(days=days_ago))
    add_downloads(d["gone"]["id"], 99)  # a withdrawn dataset is in no top list
    for key, n in VIEWS.items():
        if n:
            add_views(d[key]["id"], n)
    # the users' stars, through the participation plugin's action
    raters = [factories.User()["name"] for _ in range(max(len(v) for v in STARS.values()))]
    for key, stars in STARS.items():
        for rater, value in zip(raters, stars):
            helpers.call_action(
                "egovuz_rating_create",
                context={"user": rater, "ignore_auth": False},
                package_id=d[key]["id"],
                rating=value,
            )
    _proposals(sysadmin, "talim", org["name"])
    _refresh()
    yield {"d": d, "org": org, "spheres": (s1, s2)}


def _total(key):
    return sum(n for _, n in DOWNLOADS[key])


def _expected_ratings():
    max_d = max(_total(k) for k in DOWNLOADS)
    max_v = max(VIEWS.values())
    out = {}
    for k in DOWNLOADS:
        stars = STARS[k]
        avg = sum(stars) / len(stars) if stars else 0
        r = 100 * (
            0.4 * math.log(1 + _total(k)) / math.log(1 + max_d)
            + 0.3 * math.log(1 + VIEWS[k]) / math.log(1 + max_v)
            + 0.3 * avg / 5
        )
        out[k] = round(r, 1)
    return out


def test_most_downloaded_all_time_and_period(world):
    d = world["d"]
    res = helpers.call_action("egovuz_stats_most_downloaded", limit=10)["results"]
    assert [(r["name"], r["downloads"]) for r in res] == [
        (d["d1"]["name"], 50),
        (d["d2"]["name"], 15),
        (d["d3"]["name"], 7),
    ]
    week = (TODAY - datetime.timedelta(days=7)).date().isoformat()
    res = helpers.call_action("egovuz_stats_most_downloaded", date_from=week)["results"]
    assert [(r["name"], r["downloads"]) for r in res] == [
        (d["d1"]["name"], 30),
        (d["d2"]["name"], 15),
    ]
    # the presets come from the pre-aggregated sliding windows
    for period, expected in (
        ("7d", [("d1", 30), ("d2", 15)]),
        ("30d", [("d1", 30), ("d2", 15)]),
        ("365d", [("d1", 50), ("d2", 15), ("d3", 7)]),
    ):
        res = helpers.call_action("egovuz_stats_most_downloaded", period=period)["results"]
        assert [(r["name"], r["downloads"]) for r in res] == [
            (d[k]["name"], n) for k, n in expected
        ], period
    old = (TODAY - datetime.timedelta(days=30)).date().isoformat()
    res = helpers.call_action("egovuz_stats_most_downloaded", date_to=old)["results"]
    assert [(r["name"], r["downloads"]) for r in res] == [
        (d["d1"]["name"], 20),
        (d["d3"]["name"], 7),
    ]


def test_most_viewed(world):
    d = world["d"]
    res = helpers.call_action("egovuz_stats_most_viewed")["results"]
    assert [(r["name"], r["views"]) for r in res] == [
        (d["d2"]["name"], 50),
        (d["d1"]["name"], 5),
        (d["d4"]["name"], 1),
    ]


def test_rating_formula(world):
    d = world["d"]
    expected = _expected_ratings()
    # the stars count: d4 (1 download, 1 view, 5 stars) is rated above d3 (7 downloads)
    assert expected["d4"] > expected["d3"]
    res = helpers.call_action("egovuz_stats_top_rated", limit=10)["results"]
    got = {r["name"]: r["rating"] for r in res}
    assert set(got) == {d[k]["name"] for k in expected}
    for key, value in expected.items():
        assert got[d[key]["name"]] == pytest.approx(value, abs=0.05), key
    ordered = sorted(expected, key=lambda k: -expected[k])
    assert [r["name"] for r in res] == [d[k]["name"] for k in ordered]
    by_name = {r["name"]: r for r in res}
    assert [
        (by_name[d[k]["name"]]["stars_avg"], by_name[d[k]["name"]]["stars_count"])
        for k in ("d1", "d2", "d3", "d4")
    ] == [(4.5, 2), (2.0, 1), (0.0, 0), (5.0, 1)]


def test_top_stars_by_stars_alone_with_min_votes(world, ckan_config, monkeypatch):
    """ "Eng yuqori baholangan": the users' stars alone (not downloads or views), among
    datasets with at least ckanext.egovuz.stats.min_votes votes."""
    d = world["d"]

    def names(min_votes):
        monkeypatch.setitem(ckan_config, "ckanext.egovuz.stats.min_votes", min_votes)
        res = helpers.call_action("egovuz_stats_top_stars", limit=10)
        assert res["min_votes"] == min_votes
        return [(r["name"], r["stars_avg"], r["stars_count"]) for r in res["results"]]

    assert names(1) == [
        (d["d4"]["name"], 5.0, 1),
        (d["d1"]["name"], 4.5, 2),
        (d["d2"]["name"], 2.0, 1),
    ]
    assert names(2) == [(d["d1"]["name"], 4.5, 2)]
    assert names(3) == []


def test_rating_and_highest_rated_are_two_sections(app, world, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.stats.min_votes", 1)
    page = app.get("/uz/statistics/").body
    assert "Maʼlumotlar toʻplamlari reytingi" in page and "Eng yuqori baholangan" in page
    stars = app.get("/uz/statistics/top_stars").body
    assert "Eng yuqori baholangan maʼlumotlar toʻplamlari" in stars
    assert stars.index(world["d"]["d4"]["name"]) < stars.index(world["d"]["d2"]["name"])
    assert "kamida 1 ta ovoz" in stars
    assert app.get("/statistics/top_stars.csv").status_code == 200


def test_field_of_application_on_home_and_titles_in_the_ui_language(app, world):
    from ckanext.egovuz.translit import to_cyrillic

    home = app.get("/uz/").body
    block = home[home.index('id="application-title"') :]
    assert "Qoʻllanilish sohasi" in block[:200]
    assert "Ta&#39;lim" in block and "Sog&#39;liqni saqlash" in block  # 2 datasets each
    cyr = app.get("/uz_Cyrl/").body
    assert to_cyrillic("Ta'lim") in cyr[cyr.index('id="application-title"') :]
    assert "Очиқ маълумотлар портали" in cyr  # the site's name
    table = app.get("/uz_Cyrl/statistics/most_downloaded").body
    assert to_cyrillic("Maktablar ro'yxati") in table
    assert to_cyrillic(world["org"]["title"]) in table
    assert "Портал открытых данных" in app.get("/ru/").body
    passport = app.get(f"/uz_Cyrl/dataset/{world['d']['d1']['name']}").body
    assert to_cyrillic(world["org"]["title"]) in passport  # the owner's name


def test_spheres(world):
    res = {r["name"]: r for r in helpers.call_action("egovuz_stats_spheres")["results"]}
    # talim: d1 (50) + d2 (15); the withdrawn one is not counted
    assert (res["talim"]["datasets"], res["talim"]["downloads"]) == (2, 65)
    assert (res["sogliq"]["datasets"], res["sogliq"]["downloads"]) == (2, 22)


def test_rejected(app, world):
    res = helpers.call_action("egovuz_stats_rejected")
    assert [r["name"] for r in res["datasets"]] == [world["d"]["gone"]["name"]]
    assert [(p["title"], p["reason"]) for p in res["proposals"]] == [REJECTED]
    assert res["proposals"][0]["date"][:10] == datetime.datetime.utcnow().date().isoformat()
    rows = list(
        csv.DictReader(io.StringIO(app.get("/statistics/rejected.csv").body.lstrip("\ufeff")))
    )
    assert [(r["kind"], r["title"], r["reason"]) for r in rows] == [
        ("proposal", REJECTED[0], REJECTED[1]),
        ("dataset", world["d"]["gone"]["title"], ""),
    ]


def test_incremental_refresh_counts_each_event_once(world):
    d = world["d"]
    add_downloads(d["d4"]["id"], 3)
    _refresh()
    _refresh()  # nothing new: nothing changes
    res = {
        r["name"]: r["downloads"]
        for r in helpers.call_action("egovuz_stats_most_downloaded")["results"]
    }
    assert res[d["d4"]["name"]] == 3 and res[d["d1"]["name"]] == 50
    week = {
        r["name"]: r["downloads"]
        for r in helpers.call_action("egovuz_stats_most_downloaded", period="7d")["results"]
    }
    assert week[d["d4"]["name"]] == 3 and week[d["d1"]["name"]] == 30
    full = helpers.call_action("egovuz_stats_refresh", full=True)
    assert full["full"]
    res2 = {
        r["name"]: r["downloads"]
        for r in helpers.call_action("egovuz_stats_most_downloaded")["results"]
    }
    assert res2 == res
    overview = helpers.call_action("egovuz_stats_overview")
    assert overview["downloads"] == 50 + 15 + 7 + 3 + 99  # all events, withdrawn included
    assert overview["datasets"] == 4


def test_search_log_one_insert_per_search_and_top_queries(app, world):
    count = "SELECT count(*) FROM egovuz_search_log"
    before = model.Session.execute(sa.text(count)).scalar()
    for q in (
        "Shifoxonalar",
        "  shifoxonalar ",
        "SHIFOXONALAR",
        "bog‘cha",
        "bog'cha",
        "bog`cha  ",
        "zzzyyyxxx nothing",
        "zzzyyyxxx   NOTHING",
    ):
        # the row is written once the page is sent: when the server closes the response
        app.get("/dataset/", query_string={"q": q}).close()
    app.get("/dataset/")  # no query: browsing, not a search
    app.get("/")  # the home page's own searches
    app.get("/api/3/action/package_search", query_string={"q": "maktab"})
    model.Session.remove()
    assert model.Session.execute(sa.text(count)).scalar() - before == 8
    _refresh()
    operator = {"user": factories.Sysadmin()["name"]}  # the full list is for operators
    top = helpers.call_action("egovuz_stats_search_queries", dict(operator))["results"]
    assert top[:3] == [
        {"query": "bog'cha", "count": 3},
        {"query": "shifoxonalar", "count": 3},
        {"query": "zzzyyyxxx nothing", "count": 2},
    ]
    empty = helpers.call_action("egovuz_stats_search_empty")["results"]
    assert {"query": "zzzyyyxxx nothing", "count": 2} in empty
    assert "shifoxonalar" not in {r["query"] for r in empty}
    tomorrow = (TODAY + datetime.timedelta(days=1)).date().isoformat()
    assert (
        helpers.call_action("egovuz_stats_search_queries", dict(operator), date_from=tomorrow)[
            "results"
        ]
        == []
    )
    # one visitor typed them: not on the public list (search_min_visitors, default 5)
    assert helpers.call_action("egovuz_stats_search_queries", {"user": ""})["results"] == []


def test_search_logged_after_the_page_is_sent_through_a_real_server(app, world, live_server):
    """Issue 14: the INSERT runs when gunicorn closes the response (after the body went
    out), through every middleware of the stack; the visitor does not wait for it."""
    import urllib.parse
    import urllib.request

    count = sa.text("SELECT count(*) FROM egovuz_search_log WHERE query = :q")
    # in process: nothing written while the page is being sent, the row at its close
    page = app.get("/dataset/", query_string={"q": "keyin yoziladi"})
    assert "keyin yoziladi" in page.body
    assert model.Session.execute(count, {"q": "keyin yoziladi"}).scalar() == 0
    page.close()
    model.Session.remove()
    assert model.Session.execute(count, {"q": "keyin yoziladi"}).scalar() == 1
    # over HTTP, through every middleware of the stack
    query = "kechiktirilgan yozuv sinovi"
    url = live_server + "/dataset/?" + urllib.parse.urlencode({"q": query})
    with urllib.request.urlopen(url, timeout=60) as r:
        assert r.status == 200
    deadline = time.time() + 20
    while time.time() < deadline:
        model.Session.remove()
        if model.Session.execute(count, {"q": query}).scalar():
            break
        time.sleep(0.2)
    assert model.Session.execute(count, {"q": query}).scalar() == 1


def test_pages_charts_and_csv(app, world):
    d = world["d"]
    body = app.get("/statistics/").body
    assert "data-egovuz-chart" in body and d["d1"]["name"] in body
    assert "_stats.js" in body  # Chart.js served through webassets, no CDN
    assert "search_empty" not in body  # operators only
    for section in ("most_downloaded", "most_viewed", "spheres"):
        body = app.get(f"/statistics/{section}").body
        assert "data-egovuz-chart" in body and "<table" in body, section
    body = app.get("/statistics/most_downloaded").body
    assert "&#39;id&#39;" not in body  # cells hold values, not the row dicts
    assert f"{d['d1']['title']}</a>" in body.replace("&#39;", "'")
    assert ">\n                50\n" in body or ">50<" in body.replace(" ", "").replace("\n", "")
    body = app.get("/statistics/most_downloaded", query_string={"period": "7d"}).body
    assert d["d2"]["name"] in body and d["d3"]["name"] not in body
    rejected = app.get("/statistics/rejected").body
    assert REJECTED[0] in rejected and "Maktablar jadvali" not in rejected
    app.get("/statistics/search_empty", status=403)
    sysadmin = factories.Sysadmin()
    body = app.get(
        "/statistics/search_empty",
        headers={"Authorization": factories.APIToken(user=sysadmin["name"])["token"]},
    ).body
    assert "zzzyyyxxx nothing" in body
    res = app.get("/statistics/most_downloaded.csv")
    rows = list(csv.DictReader(io.StringIO(res.body.lstrip("\ufeff"))))
    assert [(r["name"], r["downloads"]) for r in rows][:2] == [
        (d["d1"]["name"], "50"),
        (d["d2"]["name"], "15"),
    ]
    rows = list(
        csv.DictReader(io.StringIO(app.get("/statistics/spheres.csv").body.lstrip("\ufeff")))
    )
    assert {r["name"]: r["datasets"] for r in rows} == {"talim": "2", "sogliq": "2"}
    assert app.get("/statistics/search_empty.csv", status=403)
    assert app.get("/statistics/nothing.csv", status=404)
    res = app.get(
        "/statistics/most_downloaded", query_string={"date_from": "<script>alert(7531)"}, status=400
    )
    assert "<script>alert(7531)" not in res.body


def test_home_page_blocks(app, world):
    body = app.get("/").body
    assert "Most popular" in body or "popular-title" in body
    popular = body[body.index('id="popular-title"') :]
    assert popular.index(world["d"]["d1"]["name"]) < popular.index(world["d"]["d2"]["name"])
    assert 'id="current-title"' in body


def test_actions_per_role(world):
    users = make_roles()
    public = (
        "egovuz_stats_top_rated",
        "egovuz_stats_top_stars",
        "egovuz_stats_most_downloaded",
        "egovuz_stats_most_viewed",
        "egovuz_stats_spheres",
        "egovuz_stats_rejected",
        "egovuz_stats_search_queries",
        "egovuz_stats_overview",
    )
    for role in ROLES:
        for action in public:
            assert call_as(users[role], action) is not None
        for action in ("egovuz_stats_search_empty", "egovuz_stats_refresh"):
            if role == "sysadmin":
                call_as(users[role], action)
            else:
                with pytest.raises(tk.NotAuthorized):
                    call_as(users[role], action)


def test_bad_parameters(world):
    for action, data, field in (
        ("egovuz_stats_most_downloaded", {"date_from": "2026-13-45"}, "date_from"),
        ("egovuz_stats_most_viewed", {"limit": 0}, "limit"),
        ("egovuz_stats_search_queries", {"offset": "x' OR 1=1"}, "offset"),
        ("egovuz_stats_top_rated", {"organization": "x" * 5000}, "organization"),
        ("egovuz_stats_most_downloaded", {"period": "1000y"}, "period"),
    ):
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action(action, **data)
        assert field in e.value.error_dict, (action, data)


def test_views_come_from_the_tracking_plugin_only_when_it_is_on(world):
    """Page views are read through ckanext.tracking's model, guarded by plugin_loaded:
    with tracking off a full refresh still works and counts no views; on again, they
    are back."""
    from ckan import plugins

    def viewed():
        res = helpers.call_action("egovuz_stats_most_viewed")["results"]
        return [(r["name"], r["views"]) for r in res]

    d = world["d"]
    expected = [(d["d2"]["name"], 50), (d["d1"]["name"], 5), (d["d4"]["name"], 1)]
    plugins.unload("tracking")
    try:
        assert not plugins.plugin_loaded("tracking")
        helpers.call_action("egovuz_stats_refresh", full=True)
        assert viewed() == []
        assert helpers.call_action("egovuz_stats_most_downloaded")["results"]
    finally:
        plugins.load("tracking")
    helpers.call_action("egovuz_stats_refresh", full=True)
    assert viewed() == expected
