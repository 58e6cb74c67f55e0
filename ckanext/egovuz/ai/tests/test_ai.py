"""AI data section (S-AI): scores computed here by hand from what each dataset has."""

import csv
import datetime
import io

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.tests.helpers import ROLES, backdate, call_as, make_roles
from ckanext.egovuz.tests.pytest_plugin import fresh_databases
from ckanext.egovuz.testing import Dataset, datastore_resource


def _table(user, pkg, fields, rows):
    return datastore_resource(user, pkg["id"], fields, rows, url="http://example.uz/data.csv")


def _score(met: int) -> int:
    return round(100 * met / 7)


@pytest.fixture(scope="module")
def ai_world():
    fresh_databases(datastore=True)
    sysadmin = factories.Sysadmin()
    good = Dataset(title="Maktablar", license_id="cc-by", update_frequency="weekly")
    _table(
        sysadmin["name"],
        good,
        [
            {"id": "school", "type": "text", "info": {"label": "Maktab"}},
            {"id": "pupils", "type": "int"},
        ],
        [{"school": f"Maktab {i}", "pupils": i} for i in range(120)],
    )
    personal = Dataset(title="Xodimlar", license_id="other-closed", update_frequency="annual")
    _table(
        sysadmin["name"],
        personal,
        [
            {"id": "fio", "type": "text", "info": {"personal_data": "true"}},
            {"id": "age", "type": "int"},
        ],
        [{"fio": f"Ism {i}", "age": 30} for i in range(10)],
    )
    plain = Dataset(title="Hisobot", license_id="cc-by", update_frequency="daily")
    backdate(plain["id"], datetime.datetime.utcnow() - datetime.timedelta(days=30))
    helpers.call_action("egovuz_stats_refresh", context={"user": sysadmin["name"]}, full=True)
    return {"good": good, "personal": personal, "plain": plain, "sysadmin": sysadmin}


def test_scores_criteria_filter_sort_flag(app, ai_world):
    w = ai_world
    res = helpers.call_action("egovuz_ai_list")
    by_name = {r["name"]: r for r in res["results"]}
    good = by_name[w["good"]["name"]]
    # tabular, typed, rows (120 >= 100), on time, open, no personal data; no versions kept
    assert good["score"] == _score(6)
    assert {k for k, v in good["criteria"].items() if not v["met"]} == {"versions"}
    assert good["criteria"]["rows"]["detail"] == 120
    personal = by_name[w["personal"]["name"]]
    # tabular, typed, on time; 10 rows, closed license, a personal column
    assert personal["score"] == _score(3)
    assert personal["criteria"]["no_personal"]["detail"] == ["fio"]
    plain = by_name[w["plain"]["name"]]
    assert plain["score"] == _score(1)  # only the open license
    assert [r["name"] for r in res["results"]] == [
        w["good"]["name"],
        w["personal"]["name"],
        w["plain"]["name"],
    ]

    assert [r["name"] for r in helpers.call_action("egovuz_ai_list", min_score=50)["results"]] == [
        w["good"]["name"]
    ]
    titles = [r["title"] for r in helpers.call_action("egovuz_ai_list", sort="title")["results"]]
    assert titles == sorted(titles)

    # the operator's flag
    call_as(
        w["sysadmin"]["name"],
        "egovuz_ai_flag_set",
        id=w["personal"]["name"],
        note="Anonimlashtirilsa foydali",
    )
    flagged = helpers.call_action("egovuz_ai_list", flagged=True)["results"]
    assert [(r["name"], r["flag_note"]) for r in flagged] == [
        (w["personal"]["name"], "Anonimlashtirilsa foydali")
    ]
    call_as(w["sysadmin"]["name"], "egovuz_ai_flag_set", id=w["personal"]["id"], flagged=False)
    assert helpers.call_action("egovuz_ai_list", flagged=True)["count"] == 0

    # the page: reasons shown, Croissant linked (and served by ckanext-dcat)
    body = app.get("/ai-data/").body
    assert w["good"]["name"] in body and "Open license" in body
    link = f"/dataset/{w['good']['name']}/croissant.jsonld"
    assert link in body
    assert "schema.org" in app.get(link).body
    rows = list(
        csv.DictReader(
            io.StringIO(app.get("/ai-data/", query_string={"format": "csv"}).body.lstrip("\ufeff"))
        )
    )
    assert [(r["name"], r["score"], r["rows"]) for r in rows][0] == (
        w["good"]["name"],
        str(_score(6)),
        "True",
    )


def test_actions_per_role(ai_world):
    w = ai_world
    users = make_roles()
    private = Dataset(owner_org=users["org"]["id"], private=True)
    for role in ROLES:
        assert call_as(users[role], "egovuz_ai_list")["count"] == 3
        assert call_as(users[role], "egovuz_ai_readiness", id=w["good"]["name"])["score"] == _score(
            6
        )
        if role in ("editor", "admin", "sysadmin"):
            call_as(users[role], "egovuz_ai_readiness", id=private["id"])
        else:
            with pytest.raises(tk.NotAuthorized):
                call_as(users[role], "egovuz_ai_readiness", id=private["id"])
        if role == "sysadmin":
            call_as(users[role], "egovuz_ai_flag_set", id=w["good"]["id"])
        else:
            with pytest.raises(tk.NotAuthorized):
                call_as(users[role], "egovuz_ai_flag_set", id=w["good"]["id"])


def test_bad_input(app, ai_world):
    sysadmin = ai_world["sysadmin"]["name"]
    for data, field in (
        ({"id": ai_world["good"]["id"], "note": "x" * 1001}, "note"),
        ({"id": ""}, "id"),
    ):
        with pytest.raises(tk.ValidationError) as e:
            call_as(sysadmin, "egovuz_ai_flag_set", **data)
        assert field in e.value.error_dict
    with pytest.raises(tk.ObjectNotFound):
        call_as(sysadmin, "egovuz_ai_flag_set", id="no-such-dataset")
    for data, field in (
        ({"min_score": 101}, "min_score"),
        ({"sort": "score; DROP TABLE x"}, "sort"),
        ({"min_score": "abc"}, "min_score"),
    ):
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("egovuz_ai_list", **data)
        assert field in e.value.error_dict
    res = app.get(
        "/ai-data/", query_string={"min_score": "<img src=x onerror=alert(1)>"}, status=400
    )
    assert "<img src=x" not in res.body
    # a note with markup is stored as text and shown escaped
    call_as(sysadmin, "egovuz_ai_flag_set", id=ai_world["good"]["id"], note="<b>bold</b>")
    assert "<b>bold</b>" not in app.get("/ai-data/").body
