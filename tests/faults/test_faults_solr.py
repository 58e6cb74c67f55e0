"""Issue 12, item 2: with Solr stopped, what needs only PostgreSQL keeps serving, what
searches says so (503 in the API, a message on the pages), writes fail cleanly or
are indexed once Solr is back."""

from __future__ import annotations

import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import tabular_dataset

UNAVAILABLE_EN = "Search is temporarily unavailable"


@pytest.fixture
def site(clean_datastore):
    admin = factories.Sysadmin()
    token = helpers.call_action(
        "api_token_create", context={"user": admin["name"]}, user=admin["name"], name="t"
    )["token"]
    pkg, res = tabular_dataset(
        admin,
        name="maktablar-royxati",
        dataset_code="770001",
        resource={"name": "Maktablar"},
        records=[{"viloyat": "Farg'ona", "soni": 12}, {"viloyat": "Toshkent", "soni": 7}],
    )
    return {
        "admin": admin,
        "token": token,
        "pkg": helpers.call_action("package_show", id=pkg["id"]),
        "res": res,
    }


def test_solr_down_pages_serve_search_says_so_writes_fail_cleanly(app, site, solr_down):
    pkg, res = site["pkg"], site["res"]
    name = pkg["name"]
    # pages and APIs that need only PostgreSQL
    for url in (
        f"/dataset/{name}",
        f"/dataset/{name}/table",
        f"/dataset/{name}/structure",
        f"/dataset/{name}/api",
        f"/dataset/{name}/resource/{res['id']}",
        f"/uz/dataset/{name}",
        f"/ru/dataset/{name}/table",
    ):
        r = app.get(url)
        assert r.status_code == 200, (url, r.get_data(as_text=True)[-3000:])
    r = app.get(f"/dataset/{name}/table/download?format=csv")
    assert r.status_code == 200 and "Farg'ona" in r.get_data(as_text=True)
    r = app.get("/api/3/action/datastore_search", query_string={"resource_id": res["id"]})
    assert r.status_code == 200 and r.json["result"]["total"] == 2
    r = app.get("/api/egovuz/v1/datasets/770001/data")
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    r = app.get("/api/3/action/package_show", query_string={"id": name})
    assert r.status_code == 200 and r.json["result"]["resources"][0]["datastore_active"]

    # search: the API says 503 with the reason, the pages say so (not a 500)
    r = app.get("/api/3/action/package_search", query_string={"q": "maktab"})
    assert r.status_code == 503
    assert r.json["error"]["__type"] == "Search Unavailable"
    assert UNAVAILABLE_EN in r.json["error"]["message"]
    assert r.headers["Retry-After"]
    r = app.get("/dataset/", query_string={"q": "maktab"})
    assert r.status_code == 200 and UNAVAILABLE_EN in r.get_data(as_text=True)
    r = app.get("/ru/dataset/", query_string={"q": "maktab"})
    assert r.status_code == 200 and "Поиск временно недоступен" in r.get_data(as_text=True)
    r = app.get("/")
    assert r.status_code == 200 and UNAVAILABLE_EN in r.get_data(as_text=True)
    r = app.get("/uz/")
    assert r.status_code == 200 and "Qidiruv vaqtincha ishlamayapti" in r.get_data(as_text=True)

    # a dataset saved while Solr is down: 503 with the reason, nothing written
    r = app.post(
        "/api/3/action/package_patch",
        json={"id": name, "title": "Yangi nom"},
        headers={"Authorization": site["token"]},
    )
    assert r.status_code == 503, r.get_data(as_text=True)[:300]
    assert "nothing was changed" in r.json["error"]["message"]
    model.Session.remove()
    assert model.Package.get(pkg["id"]).title == pkg["title"]


def test_job_side_write_while_solr_down_is_indexed_once_solr_is_back(site, request):
    """A load that ends while Solr is down: its flag is in the database (and so on the
    pages), and `reindex-stale` brings the index up to date once Solr is back."""
    from ckan.lib import search
    from ckanext.egovuz.ingest import flags
    import json
    from faultlib import services_down_then_up

    res = site["res"]
    with services_down_then_up("solr"):
        flags.update_resource_fields(res["id"], {"hash": "abc123"})
        model.Session.remove()
        shown = helpers.call_action("resource_show", id=res["id"])
        assert shown["hash"] == "abc123"
    assert res["package_id"] in flags.stale_datasets()
    assert flags.reindex_stale() >= 1
    doc = json.loads(search.show(res["package_id"])["validated_data_dict"])
    assert doc["resources"][0]["hash"] == "abc123"
    assert res["package_id"] not in flags.stale_datasets()
