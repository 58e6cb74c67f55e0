"""/api/egovuz/health and the egovuz_health action: every role may ask, each service is
checked separately, a dead one turns the answer into 503 and names it (the error text
for sysadmins only)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from ckanext.egovuz.tests.helpers import make_roles

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def people():
    return make_roles()


def call(user, **data):
    return helpers.call_action(
        "egovuz_health", context={"user": user, "ignore_auth": False}, **data
    )


@pytest.mark.parametrize("role", ["anonymous", "user", "editor", "admin", "sysadmin"])
def test_every_role_sees_all_services_up(people, role):
    result = call(people[role])
    assert result["status"] == "ok"
    assert set(result["checks"]) == {"postgresql", "datastore", "solr", "redis"}
    for check in result["checks"].values():
        assert check["ok"] is True and check["ms"] >= 0 and "error" not in check


def test_http_200_json_not_cached(app):
    resp = app.get("/api/egovuz/health", status=200)
    assert resp.headers["Content-Type"].startswith("application/json")
    assert "no-store" in resp.headers["Cache-Control"]
    assert resp.json["status"] == "ok"


DEAD = "127.0.0.1:1"


@pytest.mark.parametrize("service", ["solr", "redis", "postgresql", "datastore"])
def test_one_dead_service_is_named_and_answers_503(app, people, ckan_config, monkeypatch, service):
    if service == "solr":
        from ckan.lib.search.common import SolrSettings

        monkeypatch.setattr(SolrSettings, "_url", f"http://{DEAD}/solr/ckan_test")
    elif service == "redis":
        monkeypatch.setitem(ckan_config, "ckan.redis.url", f"redis://{DEAD}/1")
    elif service == "postgresql":
        from ckan.model import meta

        monkeypatch.setattr(meta, "engine", sa.create_engine(f"postgresql://nobody@{DEAD}/none"))
    else:
        monkeypatch.setitem(
            ckan_config, "ckan.datastore.read_url", f"postgresql://nobody@{DEAD}/none"
        )
    resp = app.get("/api/egovuz/health", status=503)
    body = resp.json
    assert body["status"] == "fail"
    failed = {name for name, c in body["checks"].items() if not c["ok"]}
    assert failed == {service}
    assert "error" not in body["checks"][service]  # anonymous: no host names
    detail = call(people["sysadmin"])
    assert detail["checks"][service]["error"]
    assert call(people["user"])["checks"][service].get("error") is None


def test_subset_and_bad_check_name(app):
    assert set(call(None, checks=["redis"])["checks"]) == {"redis"}
    assert set(app.get("/api/egovuz/health?checks=solr,redis").json["checks"]) == {"solr", "redis"}
    with pytest.raises(tk.ValidationError):
        call(None, checks=["<script>"])
    resp = app.get("/api/egovuz/health?checks=%3Cscript%3E", status=400)
    assert "<script>" not in resp.body


@pytest.mark.usefixtures("clean_datastore")
def test_streamed_download_is_marked_unbuffered(app):
    from ckan.tests.helpers import call_action
    from ckanext.egovuz.testing import Dataset

    sysadmin = factories.Sysadmin()
    ds = Dataset()
    res = call_action(
        "datastore_create",
        context={"user": sysadmin["name"]},
        resource_id=factories.Resource(
            package_id=ds["id"], name="t", format="CSV", url="https://data.egov.uz/t.csv"
        )["id"],
        force=True,
        fields=[{"id": "a", "type": "int"}],
        records=[{"a": 1}, {"a": 2}],
    )
    resp = app.get(f"/datastore/dump/{res['resource_id']}")
    assert resp.status_code == 200 and resp.headers["X-Accel-Buffering"] == "no"
    assert app.get("/api/egovuz/health").headers.get("X-Accel-Buffering") is None
