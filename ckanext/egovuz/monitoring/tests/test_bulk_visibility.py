"""Datasets made private or deleted through CKAN's bulk actions (bulk_update_private,
bulk_update_delete: they change the package table and call no IPackageController hook)
vanish at once from the public monitoring pages and the home page's blocks, with their
contact's name, e-mail and phone (issue 11, item 6a)."""

import datetime

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.tests.helpers import backdate
from ckanext.egovuz.testing import Dataset

NOW = datetime.datetime.utcnow()


def _names(action, **kw):
    return {
        r["name"]
        for r in helpers.call_action(action, {"user": "", "ignore_auth": False}, **kw)["results"]
    }


def _org_totals():
    return {
        r["organization"]["id"]: r["total"]
        for r in helpers.call_action("egovuz_monitoring_summary")["results"]
    }


@pytest.mark.parametrize("bulk", ["bulk_update_private", "bulk_update_delete"])
def test_bulk_change_leaves_monitoring_and_home(app, clean_db, clean_index, bulk):
    admin = factories.User()
    org = factories.Organization(users=[{"name": admin["name"], "capacity": "admin"}])
    hidden = Dataset(
        owner_org=org["id"],
        update_frequency="weekly",
        title="Yashirin to'plam",
        contact_name="Maxfiy Shaxs",
        contact_email="maxfiy@org.uz",
        contact_phone="+998 71 200-00-01",
    )
    shown = Dataset(owner_org=org["id"], update_frequency="weekly", title="Ochiq to'plam")
    backdate(hidden["id"], NOW - datetime.timedelta(days=30))  # overdue
    backdate(shown["id"], NOW - datetime.timedelta(days=2))  # current (home block)
    fresh = Dataset(
        owner_org=org["id"],
        update_frequency="annual",
        title="Yangi yashirin",
        contact_email="yangi@org.uz",
    )
    backdate(fresh["id"], NOW - datetime.timedelta(days=1))  # the most current
    assert hidden["name"] in _names("egovuz_monitoring_outdated")
    assert fresh["title"] in app.get("/").get_data(as_text=True)
    assert _org_totals()[org["id"]] == 3

    helpers.call_action(
        bulk,
        {"user": admin["name"], "ignore_auth": False},
        datasets=[hidden["id"], fresh["id"]],
        org_id=org["id"],
    )

    for action in ("egovuz_monitoring_outdated", "egovuz_monitoring_updated"):
        names = _names(action)
        assert hidden["name"] not in names and fresh["name"] not in names, action
    assert shown["name"] in _names("egovuz_monitoring_updated")
    assert _org_totals()[org["id"]] == 1
    for path in (
        "/",
        "/monitoring/",
        "/monitoring/outdated",
        "/monitoring/updated",
        "/monitoring/outdated?format=csv",
        "/uz/",
    ):
        body = app.get(path).get_data(as_text=True)
        for secret in ("Yashirin", "Maxfiy Shaxs", "maxfiy@org.uz", "200-00-01", "yangi@org.uz"):
            assert secret not in body, (path, secret)
    assert "Ochiq to" in app.get("/monitoring/updated").get_data(as_text=True)
