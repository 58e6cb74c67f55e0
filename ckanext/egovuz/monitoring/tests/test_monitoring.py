"""Monitoring (S-MON) on generated data; the expected figures are computed here, by
hand, from the dates the test sets (not with the code under test)."""

import csv
import datetime
import io

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.tests.helpers import ROLES, backdate, call_as, make_roles
from ckanext.egovuz.tests.pytest_plugin import fresh_databases
from ckanext.egovuz.testing import Dataset

NOW = datetime.datetime.utcnow()


def _add_months(d: datetime.datetime, months: int) -> datetime.datetime:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    days_in = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return d.replace(year=year, month=month, day=min(d.day, days_in))


@pytest.fixture(scope="module")
def world():
    """Two organizations with datasets in known states (built once for this module's
    read-only tests, which come first in the file)."""
    fresh_databases()
    org_a = factories.Organization(title="A vazirlik")
    org_b = factories.Organization(title="B qo'mita")
    d = {}
    # org A: 2 on time, 2 overdue
    d["a_weekly_ok"] = Dataset(owner_org=org_a["id"], update_frequency="weekly")
    backdate(d["a_weekly_ok"]["id"], NOW - datetime.timedelta(days=3))
    d["a_weekly_late"] = Dataset(
        owner_org=org_a["id"],
        update_frequency="weekly",
        contact_email="late@a.uz",
        contact_name="Late Person",
    )
    backdate(d["a_weekly_late"]["id"], NOW - datetime.timedelta(days=10, hours=1))
    d["a_monthly_late"] = Dataset(
        owner_org=org_a["id"],
        update_frequency="monthly",
        contact_email="late@a.uz",
        contact_name="Late Person",
    )
    backdate(d["a_monthly_late"]["id"], NOW - datetime.timedelta(days=100))
    d["a_irregular"] = Dataset(owner_org=org_a["id"], update_frequency="irregular")
    backdate(d["a_irregular"]["id"], NOW - datetime.timedelta(days=2000))
    # org B: 1 on time (annual), 0 overdue; and a private overdue one (not counted)
    d["b_annual_ok"] = Dataset(owner_org=org_b["id"], update_frequency="annual")
    backdate(d["b_annual_ok"]["id"], NOW - datetime.timedelta(days=200))
    d["b_private"] = Dataset(owner_org=org_b["id"], update_frequency="daily", private=True)
    backdate(d["b_private"]["id"], NOW - datetime.timedelta(days=50))
    return {"a": org_a, "b": org_b, "d": d}


def test_summary_per_organization(world):
    result = helpers.call_action("egovuz_monitoring_summary")
    rows = {r["organization"]["name"]: r for r in result["results"]}
    a, b = rows[world["a"]["name"]], rows[world["b"]["name"]]
    assert (a["total"], a["on_time"], a["overdue"], a["percent_on_time"]) == (4, 2, 2, 50.0)
    assert (b["total"], b["on_time"], b["overdue"], b["percent_on_time"]) == (1, 1, 0, 100.0)
    assert b["rank"] == 1 and a["rank"] == 2


def test_outdated_lists_days_and_contact(world):
    result = helpers.call_action("egovuz_monitoring_outdated")
    assert result["count"] == 2
    by_name = {r["name"]: r for r in result["results"]}
    late = by_name[world["d"]["a_weekly_late"]["name"]]
    # last change 10 days 1 hour ago, weekly: due 3 days 1 hour ago
    assert late["days_overdue"] == 3
    assert late["contact_email"] == "late@a.uz"
    monthly = by_name[world["d"]["a_monthly_late"]["name"]]
    changed = (NOW - datetime.timedelta(days=100)).replace(microsecond=0)
    assert monthly["days_overdue"] == (datetime.datetime.utcnow() - _add_months(changed, 1)).days
    # most overdue first
    assert result["results"][0]["name"] == world["d"]["a_monthly_late"]["name"]
    assert (
        helpers.call_action("egovuz_monitoring_outdated", organization=world["b"]["name"])["count"]
        == 0
    )


def test_updated_filters_by_organization_and_period(world):
    result = helpers.call_action("egovuz_monitoring_updated", organization=world["a"]["name"])
    assert result["count"] == 4
    dates = [r["data_last_changed"] for r in result["results"]]
    assert dates == sorted(dates, reverse=True)
    since = (NOW - datetime.timedelta(days=15)).date().isoformat()
    result = helpers.call_action("egovuz_monitoring_updated", date_from=since)
    names = {r["name"] for r in result["results"]}
    assert names == {world["d"]["a_weekly_ok"]["name"], world["d"]["a_weekly_late"]["name"]}
    until = (NOW - datetime.timedelta(days=150)).date().isoformat()
    result = helpers.call_action("egovuz_monitoring_updated", date_to=until)
    assert {r["name"] for r in result["results"]} == {
        world["d"]["b_annual_ok"]["name"],
        world["d"]["a_irregular"]["name"],
    }


def test_pages_and_csv(app, world):
    for url in ("/monitoring/", "/monitoring/updated", "/monitoring/outdated"):
        res = app.get(url)
        assert res.status_code == 200
    body = app.get("/monitoring/outdated").body
    assert "late@a.uz" in body and world["d"]["a_weekly_late"]["name"] in body
    res = app.get("/monitoring/outdated", query_string={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(res.body.lstrip("\ufeff"))))
    assert {r["name"] for r in rows} == {
        world["d"]["a_weekly_late"]["name"],
        world["d"]["a_monthly_late"]["name"],
    }
    assert all(r["contact_email"] == "late@a.uz" for r in rows)
    res = app.get("/monitoring/", query_string={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(res.body.lstrip("\ufeff"))))
    assert [(r["organization"], r["percent_on_time"]) for r in rows] == [
        ("B qo'mita", "100.0"),
        ("A vazirlik", "50.0"),
    ]
    res = app.get(
        "/monitoring/updated", query_string={"format": "csv", "organization": world["b"]["name"]}
    )
    rows = list(csv.DictReader(io.StringIO(res.body.lstrip("\ufeff"))))
    assert [r["name"] for r in rows] == [world["d"]["b_annual_ok"]["name"]]


def test_bad_filter_rerenders_page(app, world):
    res = app.get("/monitoring/updated", query_string={"date_from": "<b>x</b>"}, status=400)
    assert "date_from" in res.body and "<b>x</b>" not in res.body


BAD_PARAMETERS = [
    ({"organization": "no-such-org"}, "organization"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_from": "2026-01-02", "date_to": "2026-01-01"}, "date_to"),
    ({"limit": "9" * 40}, "limit"),
    ({"limit": "abc"}, "limit"),
    ({"offset": -1}, "offset"),
    ({"organization": "<script>alert(1)</script>' OR 1=1 --"}, "organization"),
    ({"organization": "Тошкент".encode("cp1251").decode("latin-1")}, "organization"),
]


def test_bad_parameters_get_field_errors(world):
    for data, field in BAD_PARAMETERS:
        with pytest.raises(tk.ValidationError) as e:
            helpers.call_action("egovuz_monitoring_updated", **data)
        assert field in e.value.error_dict, data
    with pytest.raises(tk.ValidationError) as e:
        helpers.call_action("egovuz_monitoring_due", context={"ignore_auth": True}, days=10**9)
    assert "days" in e.value.error_dict


def test_actions_per_role(world):
    users = make_roles()
    for role in ROLES:
        for action in (
            "egovuz_monitoring_updated",
            "egovuz_monitoring_outdated",
            "egovuz_monitoring_summary",
        ):
            assert call_as(users[role], action)["results"], (role, action)
        for action in ("egovuz_monitoring_due", "egovuz_monitoring_notify"):
            data = {"days": 3, "dry_run": True} if action.endswith("notify") else {"days": 3}
            if role == "sysadmin":
                call_as(users[role], action, **data)
            else:
                with pytest.raises(tk.NotAuthorized):
                    call_as(users[role], action, **data)


def test_updated_marks_added_datasets(clean_db):
    new = Dataset()
    result = helpers.call_action("egovuz_monitoring_updated")
    assert result["results"][0]["name"] == new["name"]
    assert result["results"][0]["event"] == "added"
    old = Dataset()
    backdate(
        old["id"], NOW - datetime.timedelta(days=1), created=NOW - datetime.timedelta(days=300)
    )
    events = {
        r["name"]: r["event"] for r in helpers.call_action("egovuz_monitoring_updated")["results"]
    }
    assert events[old["name"]] == "updated"


def test_deleted_and_private_datasets_leave_monitoring(clean_db, clean_index):
    pkg = Dataset()
    ctx = {"user": factories.Sysadmin()["name"]}
    assert helpers.call_action("egovuz_monitoring_updated")["count"] == 1
    helpers.call_action("package_patch", context=dict(ctx), id=pkg["id"], private=True)
    assert helpers.call_action("egovuz_monitoring_updated")["count"] == 0
    helpers.call_action("package_patch", context=dict(ctx), id=pkg["id"], private=False)
    assert helpers.call_action("egovuz_monitoring_updated")["count"] == 1
    helpers.call_action("package_delete", context=dict(ctx), id=pkg["id"])
    assert helpers.call_action("egovuz_monitoring_updated")["count"] == 0


def test_due_date_passing_makes_dataset_outdated(clean_db):
    pkg = Dataset(update_frequency="weekly")
    backdate(pkg["id"], NOW - datetime.timedelta(days=6))
    names = {r["name"] for r in helpers.call_action("egovuz_monitoring_outdated")["results"]}
    assert pkg["name"] not in names
    backdate(pkg["id"], NOW - datetime.timedelta(days=8))
    names = {r["name"] for r in helpers.call_action("egovuz_monitoring_outdated")["results"]}
    assert pkg["name"] in names
