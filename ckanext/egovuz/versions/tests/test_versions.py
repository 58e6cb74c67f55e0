"""Versions (S-VER) against the real DataStore: a load completes -> xloader_hook ->
IXloader.after_upload -> a version."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import openpyxl
import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.downloads.model import count_downloads
from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.tests.helpers import xloader_hook
from ckanext.egovuz.versions import model, snapshot

FIELDS = [
    {"id": "code", "type": "int"},
    {"id": "name", "type": "text"},
    {"id": "amount", "type": "numeric"},
]
V1 = [
    {"code": 1, "name": "Toshkent", "amount": "10.50"},
    {"code": 2, "name": "Samarqand", "amount": "20.00"},
    {"code": 3, "name": "Buxoro", "amount": "30"},
    {"code": 4, "name": '=HYPERLINK("http://evil")', "amount": "1"},
]
# 1 removed (3), 1 changed (2), 2 added (5, 6), 1 and 4 unchanged
V2 = [
    {"code": 1, "name": "Toshkent", "amount": "10.50"},
    {"code": 2, "name": "Samarqand", "amount": "25.00"},
    {"code": 4, "name": '=HYPERLINK("http://evil")', "amount": "1"},
    {"code": 5, "name": "Xiva", "amount": "5"},
    {"code": 6, "name": "Qo'qon", "amount": "6"},
]


def load(resource_id, records, fields=FIELDS):
    """What a completed load leaves: the DataStore table with the records."""
    ctx = {"ignore_auth": True}
    try:
        helpers.call_action("datastore_delete", ctx, resource_id=resource_id, force=True)
    except Exception:
        pass
    helpers.call_action(
        "datastore_create", ctx, resource_id=resource_id, force=True, fields=fields, records=records
    )


@pytest.fixture
def sync_versions(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.versions.synchronous", True)


@pytest.fixture
def org_users():
    users = {r: factories.User() for r in ("member", "editor", "admin")}
    org = factories.Organization(
        users=[
            {"name": users["editor"]["name"], "capacity": "editor"},
            {"name": users["admin"]["name"], "capacity": "admin"},
            {"name": users["member"]["name"], "capacity": "member"},
        ]
    )
    users["outsider"] = factories.User()
    users["sysadmin"] = factories.Sysadmin()
    return org, users


def make_resource(**kw):
    pkg = Dataset(**kw)
    res = factories.Resource(package_id=pkg["id"], url="http://127.0.0.1:9/data.csv", format="CSV")
    return pkg, res


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_two_uploads_two_versions_with_diff_and_identical_none():
    pkg, res = make_resource()
    load(res["id"], V1)
    xloader_hook(res["id"], "running_but_viewable")
    xloader_hook(res["id"], "complete")  # xloader calls after_upload twice: still one version
    versions = helpers.call_action("egovuz_version_list", resource_id=res["id"])
    assert len(versions) == 1
    v1 = versions[0]
    assert (v1["number"], v1["row_count"], v1["rows_added"]) == (1, 4, 4)
    assert v1["key_field"] == "code"
    assert "location" not in v1

    load(res["id"], V2)
    xloader_hook(res["id"])
    versions = helpers.call_action("egovuz_version_list", resource_id=res["id"])
    assert [v["number"] for v in versions] == [2, 1]
    v2 = versions[0]
    assert v2["row_count"] == 5
    assert (v2["rows_added"], v2["rows_removed"], v2["rows_changed"]) == (2, 1, 1)
    assert v2["checksum"] != v1["checksum"]

    # identical re-upload: no new version
    load(res["id"], V2)
    xloader_hook(res["id"])
    assert len(helpers.call_action("egovuz_version_list", resource_id=res["id"])) == 2

    # the package-wide list has both
    assert len(helpers.call_action("egovuz_version_list", package_id=pkg["name"])) == 2


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_declared_key_and_failed_load_leaves_versions():
    pkg, res = make_resource()
    sysadmin = factories.Sysadmin()
    helpers.call_action(
        "resource_patch", {"user": sysadmin["name"]}, id=res["id"], egovuz_version_key="name"
    )
    load(res["id"], V1)
    xloader_hook(res["id"])
    load(res["id"], V2)
    xloader_hook(res["id"], "error")  # a failed load: no version, nothing touched
    versions = helpers.call_action("egovuz_version_list", resource_id=res["id"])
    assert len(versions) == 1
    xloader_hook(res["id"])
    versions = helpers.call_action(
        "egovuz_version_list", {"user": sysadmin["name"]}, resource_id=res["id"]
    )
    v2 = versions[0]
    assert v2["key_field"] == "name"
    assert v2["user_id"] == sysadmin["id"]  # who changed the data, not the site user
    # the public sees who by name, never the user id (ckan.auth.public_user_details false)
    public = helpers.call_action(
        "egovuz_version_list", {"user": "", "ignore_auth": False}, resource_id=res["id"]
    )[0]
    assert "user_id" not in public and public["author"] == sysadmin["fullname"]
    # by name: Buxoro removed, Xiva and Qo'qon added, Samarqand changed
    assert (v2["rows_added"], v2["rows_removed"], v2["rows_changed"]) == (2, 1, 1)


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_old_version_downloads_after_change_in_every_format(app):
    pkg, res = make_resource()
    load(res["id"], V1)
    xloader_hook(res["id"])
    load(res["id"], V2)
    xloader_hook(res["id"])
    v1 = helpers.call_action("egovuz_version_list", resource_id=res["id"])[-1]
    base = f"/dataset/{pkg['name']}/versions/{v1['id']}/download"

    body = app.get(base + "?format=csv").body
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["code", "name", "amount"]
    assert rows[1] == ["1", "Toshkent", "10.50"]
    assert len(rows) == 5  # the old data, not the current
    assert rows[4][1].startswith("'=")  # formula neutralized

    data = json.loads(app.get(base + "?format=json").body)
    assert [r["code"] for r in data["records"]] == [1, 2, 3, 4]
    assert data["records"][0]["amount"] == 10.50

    root = ET.fromstring(app.get(base + "?format=xml").body.encode("utf-8"))
    assert len(root.findall("row")) == 4
    assert root.find("row").find("name").text == "Toshkent"  # the Table tab's layout

    resp = app.get(base + "?format=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(resp.data), read_only=True)
    cells = list(wb.active.iter_rows(values_only=True))
    assert cells[0] == ("code", "name", "amount")
    assert cells[4][1] == '=HYPERLINK("http://evil")'
    wb2 = openpyxl.load_workbook(io.BytesIO(resp.data))
    assert wb2.active["B5"].data_type == "s"  # a string, not a formula

    resp = app.get(base + "?format=docx", status=400)
    assert "Unknown format" in resp.body
    assert count_downloads(pkg["id"]) == 4

    page = app.get(f"/dataset/{pkg['name']}/versions")
    assert v1["id"] in page.body and "XLSX" in page.body


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_version_headers_get_the_formula_guard(app):
    """A column named like a formula: in CSV it gets the apostrophe, in XLSX it is a
    text cell (openpyxl wrote it as a formula before the one exporter)."""
    fields = [
        {"id": "=1+2", "type": "text"},
        {"id": "@n", "type": "int"},
        {"id": "sana", "type": "timestamp"},
    ]
    pkg, res = make_resource()
    load(res["id"], [{"=1+2": "-x", "@n": 1, "sana": "2024-01-05T10:00:00"}], fields)
    xloader_hook(res["id"])
    v = helpers.call_action("egovuz_version_list", resource_id=res["id"])[0]
    base = f"/dataset/{pkg['name']}/versions/{v['id']}/download"
    body = app.get(base + "?format=csv").body
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == [["'=1+2", "'@n", "sana"], ["'-x", "1", "2024-01-05T10:00:00"]]
    wb = openpyxl.load_workbook(io.BytesIO(app.get(base + "?format=xlsx").data))
    assert [(c.value, c.data_type) for c in next(wb.active.iter_rows(max_row=1))] == [
        ("=1+2", "s"),
        ("@n", "s"),
        ("sana", "s"),
    ]
    assert wb.active["A2"].value == "-x" and wb.active["A2"].data_type == "s"


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_retention(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.versions.keep", 2)
    pkg, res = make_resource()
    for n in range(3):
        load(res["id"], V1[: n + 1])
        xloader_hook(res["id"])
    versions = helpers.call_action("egovuz_version_list", resource_id=res["id"])
    assert [v["number"] for v in versions] == [3, 2]
    # each load only appended a row: the append test answers without a join
    assert [(v["rows_added"], v["rows_removed"], v["rows_changed"]) for v in versions] == [
        (1, 0, 0),
        (1, 0, 0),
    ]
    # version 3 holds only its appended row; both still read whole
    from ckanext.egovuz.versions import export

    full = {v["number"]: model.get_version(v["id"]) for v in versions}
    assert full[3]["base_id"] == full[2]["id"] and full[2]["base_id"] is None
    for number, n_rows in ((3, 3), (2, 2)):
        data = json.loads(b"".join(export.stream("json", full[number])))
        assert [r["code"] for r in data["records"]] == [1, 2, 3][:n_rows]
    engine = snapshot.write_engine()
    with engine.connect() as conn:
        tables = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT relname FROM pg_class WHERE relname LIKE 'egovuz_ver_%%' AND relkind='r'"
            )
        ]
    assert len(tables) == 2


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_private_dataset_versions_per_role(app, org_users):
    org, users = org_users
    pkg, res = make_resource(owner_org=org["id"], private=True)
    load(res["id"], V1)
    xloader_hook(res["id"])
    vid = model.list_versions(resource_id=res["id"])[0]["id"]
    for role, allowed in (
        ("anonymous", False),
        ("outsider", False),
        ("member", True),
        ("editor", True),
        ("admin", True),
        ("sysadmin", True),
    ):
        user = users.get(role)
        ctx = {"user": user["name"] if user else "", "ignore_auth": False}
        if allowed:
            assert helpers.call_action("egovuz_version_list", ctx, resource_id=res["id"])
            assert helpers.call_action("egovuz_version_show", ctx, id=vid)["number"] == 1
            assert (
                helpers.call_action("egovuz_version_download", ctx, id=vid, format="json")["format"]
                == "json"
            )
        else:
            for action, kw in (
                ("egovuz_version_list", {"resource_id": res["id"]}),
                ("egovuz_version_show", {"id": vid}),
                ("egovuz_version_download", {"id": vid}),
            ):
                with pytest.raises(helpers.logic.NotAuthorized):
                    helpers.call_action(action, dict(ctx), **kw)
        headers = {}
        if user:
            token = helpers.call_action(
                "api_token_create", {"user": user["name"]}, user=user["name"], name="t"
            )["token"]
            headers = {"Authorization": token}
        url = f"/dataset/{pkg['id']}/versions/{vid}/download?format=csv"
        # outsiders get the dataset page's answer: not found (issue 11, item 11)
        app.get(url, headers=headers, status=200 if allowed else 404)
        app.get(f"/dataset/{pkg['id']}/versions", headers=headers, status=200 if allowed else 404)


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_bad_input():
    pkg, res = make_resource()
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("egovuz_version_list")
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("egovuz_version_show", id="' OR 1=1 --")
    with pytest.raises(helpers.logic.NotFound):
        helpers.call_action("egovuz_version_list", resource_id="<script>alert(1)</script>")
    load(res["id"], V1)
    xloader_hook(res["id"])
    vid = model.list_versions(resource_id=res["id"])[0]["id"]
    with pytest.raises(helpers.logic.ValidationError) as e:
        helpers.call_action("egovuz_version_download", id=vid, format="<b>exe</b>")
    assert "format" in e.value.error_dict


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_deleted_resource_versions_hidden_from_the_public(app):
    """Versions of a deleted resource are not listed nor downloadable by the public
    (issue 11, item 6b); the dataset's editors still reach them."""
    pkg, res = make_resource()
    keep = factories.Resource(package_id=pkg["id"], url="http://127.0.0.1:9/b.csv", format="CSV")
    for rid in (res["id"], keep["id"]):
        load(rid, V1)
        xloader_hook(rid)
    vid = model.list_versions(resource_id=res["id"])[0]["id"]
    sysadmin = factories.Sysadmin()
    helpers.call_action("resource_delete", {"user": sysadmin["name"]}, id=res["id"])
    anon = {"user": "", "ignore_auth": False}
    listed = helpers.call_action("egovuz_version_list", dict(anon), package_id=pkg["id"])
    assert [v["resource_id"] for v in listed] == [keep["id"]]
    for action, kw in (
        ("egovuz_version_list", {"resource_id": res["id"]}),
        ("egovuz_version_show", {"id": vid}),
        ("egovuz_version_download", {"id": vid, "format": "csv"}),
    ):
        with pytest.raises(helpers.logic.NotAuthorized):
            helpers.call_action(action, dict(anon), **kw)
    app.get(f"/dataset/{pkg['name']}/versions/{vid}/download?format=csv", status=404)
    staff = {"user": sysadmin["name"], "ignore_auth": False}
    assert len(helpers.call_action("egovuz_version_list", dict(staff), package_id=pkg["id"])) == 2
    assert helpers.call_action("egovuz_version_show", dict(staff), id=vid)["number"] == 1
