"""Issue 12, item 3: PostgreSQL restarted while the site serves (web and job workers
recover without a restart); Redis stopped (pages serve, a load that cannot be queued
says so, and loads are queued again once Redis is back)."""

from __future__ import annotations

import json

import pytest
import requests
from ckan import model
from ckan.tests import helpers

from ckanext.egovuz.ingest import progress, queue
from faultlib import services_down_then_up, wait_until, _services


def _phase(rid):
    return (progress.get(rid) or {}).get("phase")


@pytest.mark.usefixtures("clean_datastore", "clean_queues")
def test_postgres_restart_web_and_workers_recover(
    web_server, file_server, job_workers, loader_site, ckan_config, monkeypatch
):
    folder, base = file_server
    (folder / "a.csv").write_text("kod,nomi\n1,Bir\n2,Ikki\n")
    monkeypatch.setitem(ckan_config, "ckan.site_url", web_server)
    admin, ctx, pkg = loader_site.admin, loader_site.ctx, loader_site.pkg
    web = requests.Session()  # the publisher, signed in with a token (the DataStore tab)
    web.headers["Authorization"] = loader_site.token(admin["name"], "web")
    res = loader_site.resource(f"{base}/a.csv", "CSV")
    job_workers.start(1)
    helpers.call_action("xloader_submit", context=ctx(), resource_id=res["id"])
    wait_until("first load", lambda: _phase(res["id"]) == "complete", 300, detail=job_workers.logs)
    pages = [
        f"/dataset/{pkg['name']}",
        f"/dataset/{pkg['name']}/table",
        f"/dataset/{pkg['name']}/resource/{res['id']}",
        f"/dataset/{pkg['name']}/resource_data/{res['id']}",
        f"/api/3/action/datastore_search?resource_id={res['id']}",
    ]
    for _ in range(3):  # every web worker's pooled connections are in use before
        for p in pages:
            assert web.get(web_server + p, timeout=60).status_code == 200, p

    model.Session.remove()  # this test process holds no transaction across the restart
    _services("pg-restart")

    for p in pages * 2:  # both gunicorn workers, their old connections are dead
        r = web.get(web_server + p, timeout=60)
        assert r.status_code == 200, (p, r.text[:300])
    # the same job worker process takes the next load
    (folder / "a.csv").write_text("kod,nomi\n1,Bir\n2,Ikki\n3,Uch\n")
    helpers.call_action("xloader_submit", context=ctx(), resource_id=res["id"])
    wait_until(
        "load after the restart",
        lambda: (
            _phase(res["id"]) in ("complete", "error")
            and (progress.get(res["id"]) or {}).get("rows_loaded") == 3
        ),
        300,
        detail=job_workers.logs,
    )
    assert _phase(res["id"]) == "complete"
    assert helpers.call_action("datastore_search", resource_id=res["id"])["total"] == 3
    assert all(p.poll() is None for p in job_workers.procs)


@pytest.mark.usefixtures("clean_datastore", "clean_queues")
def test_redis_down_pages_serve_and_a_load_that_cannot_be_queued_says_so(app, loader_site):
    admin_token = loader_site.token(loader_site.admin["name"], "t")
    pkg = loader_site.pkg
    with services_down_then_up("redis"):
        assert app.get(f"/dataset/{pkg['name']}").status_code == 200
        assert app.get("/").status_code == 200
        # an upload saved while the queue is down: saved, its load marked failed, why
        r = app.post(
            "/api/3/action/resource_create",
            headers={"Authorization": admin_token},
            json={"package_id": pkg["id"], "url": "http://127.0.0.1:9/a.csv", "format": "CSV"},
        )
        assert r.status_code == 200, r.get_data(as_text=True)[:300]
        rid = r.json["result"]["id"]
        task = helpers.call_action(
            "task_status_show", entity_id=rid, task_type="xloader", key="xloader"
        )
        assert task["state"] == "error"
        assert json.loads(task["error"])["message"] == queue.message()
        assert progress.get(rid)["error"] == queue.message()
        # "Upload to DataStore" again while the queue is down: told so
        r = app.post(
            "/api/3/action/xloader_submit",
            headers={"Authorization": admin_token},
            json={"resource_id": rid},
        )
        assert r.status_code == 409 and queue.message() in json.dumps(
            r.json["error"], ensure_ascii=False
        )
    # Redis back: the load is queued
    r = app.post(
        "/api/3/action/xloader_submit",
        headers={"Authorization": admin_token},
        json={"resource_id": rid},
    )
    assert r.status_code == 200 and r.json["result"] is True
    from ckan.lib import jobs

    assert any(rid in json.dumps(j.args, default=str) for j in jobs.get_queue().get_jobs())
