"""The real services behind the portal, end to end: Solr with our schema, the DataStore
with its read-only role, and xloader loading an uploaded CSV through the job queue and
the web server."""

import csv
import io
import threading
import http.server
import functools

import pytest
import requests
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset, datastore_resource


def test_solr_core_serves_our_schema():
    from ckan.lib.search.common import make_connection

    conn = make_connection()
    schema = requests.get(conn.url + "/schema/fields/dataset_code", timeout=10).json()
    assert schema["field"]["name"] == "dataset_code"


@pytest.mark.usefixtures("clean_datastore")
def test_datastore_write_and_read_only_role():
    admin = factories.Sysadmin()
    pkg = Dataset(user=admin)
    res = datastore_resource(
        admin["name"],
        pkg["id"],
        [{"id": "viloyat", "type": "text"}, {"id": "soni", "type": "int"}],
        [{"viloyat": "Farg'ona", "soni": 12}, {"viloyat": "Тошкент", "soni": 7}],
        url="https://example.uz/x.csv",
        format="JSON",
    )
    result = helpers.call_action("datastore_search", resource_id=res["id"], sort="soni")
    assert [r["viloyat"] for r in result["records"]] == ["Тошкент", "Farg'ona"]
    # the read URL is the read-only role: SQL that writes is refused
    with pytest.raises(tk.ValidationError):
        helpers.call_action("datastore_search_sql", sql=f'DELETE FROM "{res["id"]}"')


@pytest.fixture
def csv_server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving tmp_path."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.usefixtures("clean_datastore", "with_test_worker", "clean_queues")
def test_xloader_loads_a_csv_into_the_datastore(live_server, csv_server, ckan_config, monkeypatch):
    folder, base = csv_server
    rows = [["viloyat", "maktablar_soni"]] + [[f"Viloyat {i}", i] for i in range(250)]
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    (folder / "maktablar.csv").write_text(buf.getvalue(), encoding="utf-8")
    site_user = helpers.call_action("get_site_user")
    token = helpers.call_action(
        "api_token_create",
        context={"user": site_user["name"]},
        user=site_user["name"],
        name="xloader",
    )["token"]
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", token)
    # the CSV server is on loopback, which the worker fetches only when allow-listed
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.fetch_allow", ["127.0.0.1"])
    sysadmin = factories.Sysadmin()
    pkg = Dataset(user=sysadmin)
    res = helpers.call_action(
        "resource_create",
        context={"user": sysadmin["name"]},
        package_id=pkg["id"],
        url=base + "/maktablar.csv",
        format="CSV",
    )
    from ckan.lib import jobs

    jobs.Worker(["default"]).work(burst=True)
    status = helpers.call_action("xloader_status", resource_id=res["id"])
    assert status["status"] == "complete", status
    result = helpers.call_action("datastore_search", resource_id=res["id"], limit=5)
    assert result["total"] == 250
    assert [f["id"] for f in result["fields"]][1:] == ["viloyat", "maktablar_soni"]

    # the default path of versions (not synchronous): xloader's callback on the web
    # server queued the version job, and the AI plugin a re-score after it
    assert not tk.asbool(ckan_config.get("ckanext.egovuz.versions.synchronous"))
    jobs.Worker(["default"]).work(burst=True)
    versions = helpers.call_action("egovuz_version_list", resource_id=res["id"])
    assert [(v["number"], v["row_count"], v["rows_added"]) for v in versions] == [(1, 250, 250)]
    scored = {r["name"]: r for r in helpers.call_action("egovuz_ai_list")["results"]}
    assert scored[pkg["name"]]["criteria"]["versions"] == {"met": True, "detail": 1}
