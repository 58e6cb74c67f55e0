"""Issue 12, item 4: a job worker killed (SIGKILL) in the middle of a load: the previous
data stays served, the load is marked failed with a message, no temporary table stays,
and the versions job is idempotent."""

from __future__ import annotations

import datetime

import pytest
import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

from ckanext.egovuz.ingest import jobs, loader, messages, progress
from ckanext.egovuz.testing import tabular_dataset
from faultlib import wait_until


def temp_tables() -> list[str]:
    with loader.write_engine().connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                sa.text(
                    "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE "
                    "'egovuz\\_ingest\\_%'"
                )
            )
        ]


def big_csv(path, rows: int) -> None:
    with open(path, "w") as f:
        f.write("kod,nomi,soni,izoh\n")
        line = "{0},Tuman {0},{1},Lorem ipsum dolor sit amet consectetur adipiscing\n"
        f.writelines(line.format(i, i * 7) for i in range(rows))


@pytest.mark.usefixtures("clean_datastore", "clean_queues")
def test_worker_killed_mid_load(
    file_server, job_workers, web_server, loader_site, ckan_config, monkeypatch
):
    # xloader's job reports "running" and "complete" to the site over HTTP, as on the
    # portal. xloader (2.5.2) queues a load by itself when a resource is created or its
    # URL changes (it has no setting to turn that off), from inside the save: an
    # explicit xloader_submit then is a duplicate and is refused.
    monkeypatch.setitem(ckan_config, "ckan.site_url", web_server)
    folder, base = file_server
    (folder / "small.csv").write_text("kod,nomi\n1,Bir\n2,Ikki\n3,Uch\n")
    big_csv(folder / "big.csv", 1_500_000)
    ctx = loader_site.ctx
    res = loader_site.resource(f"{base}/small.csv", "CSV")
    [worker] = job_workers.start(1)

    def phase(rid):
        return (progress.get(rid) or {}).get("phase")

    wait_until("first load", lambda: phase(res["id"]) == "complete", 300, detail=job_workers.logs)
    assert helpers.call_action("datastore_search", resource_id=res["id"])["total"] == 3

    # the file changes to a large one (its load is queued by the save, which may not
    # have committed when the idle worker starts it); the worker dies while COPY runs
    helpers.call_action("resource_patch", context=ctx(), id=res["id"], url=f"{base}/big.csv")
    wait_until(
        "the large load copying",
        lambda: (
            (progress.get(res["id"]) or {}).get("phase") == "loading"
            and (progress.get(res["id"]) or {}).get("rows_loaded")
        ),
        300,
        0.2,
        detail=job_workers.logs,
    )
    job_workers.kill(worker)

    # the previous data is still served, flagged active
    assert helpers.call_action("datastore_search", resource_id=res["id"])["total"] == 3
    model.Session.expire_all()
    assert helpers.call_action("resource_show", id=res["id"])["datastore_active"] is True

    # no new load needed: reading the load's status (the resource page does) finds it
    # dead (its lock is free), marks it failed with a message, drops its temporary table
    def status():
        return helpers.call_action("xloader_status", context=ctx(), resource_id=res["id"])

    wait_until("the dead load found", lambda: status()["status"] == "error", 120)
    assert status()["error"]["message"] == jobs.stopped_message()
    state = helpers.call_action("egovuz_ingest_status", context=ctx(), resource_id=res["id"])
    assert (state["phase"], state["error"]) == ("error", jobs.stopped_message())
    task = helpers.call_action(
        "task_status_show", entity_id=res["id"], task_type="xloader", key="xloader"
    )
    assert task["state"] == "error" and jobs.stopped_message() in task["error"]
    assert temp_tables() == []
    assert helpers.call_action("datastore_search", resource_id=res["id"])["total"] == 3

    # loading the file again works (a new worker)
    (folder / "four.csv").write_text("kod,nomi\n1,Bir\n2,Ikki\n3,Uch\n4,Tort\n")
    job_workers.start(1)
    helpers.call_action("resource_patch", context=ctx(), id=res["id"], url=f"{base}/four.csv")
    wait_until(
        "the load again", lambda: phase(res["id"]) == "complete", 300, detail=job_workers.logs
    )
    assert helpers.call_action("datastore_search", resource_id=res["id"])["total"] == 4
    assert temp_tables() == []


@pytest.mark.usefixtures("clean_datastore")
def test_the_next_load_marks_dead_loads_failed_live_ones_kept():
    """What every load does before it starts (`recover_stopped_loads`): a load that
    says it runs while its lock is free died; one whose lock is held is alive; a task
    submitted after the dead load's last step is a new load's and is left alone."""
    admin = factories.Sysadmin()
    rids = [tabular_dataset(admin)[1]["id"] for _ in range(3)]
    dead, live, resubmitted = rids
    for rid in rids:
        progress.update(rid, "loading", 10, 100, started=True)
        helpers.call_action(
            "task_status_update",
            entity_id=rid,
            entity_type="resource",
            task_type="xloader",
            key="xloader",
            value="{}",
            state="running",
            last_updated=str(datetime.datetime.utcnow() - datetime.timedelta(minutes=1)),
        )
    task = helpers.call_action(
        "task_status_show", entity_id=resubmitted, task_type="xloader", key="xloader"
    )
    task.update(state="pending", last_updated=str(datetime.datetime.utcnow()))
    helpers.call_action("task_status_update", **task)
    owner = loader._Owner(loader.write_engine(), jobs.RESOURCE_LOCK + live)
    try:
        assert sorted(jobs.recover_stopped_loads()) == sorted([dead, resubmitted])
    finally:
        owner.close()

    def task_state(rid):
        return helpers.call_action(
            "task_status_show", entity_id=rid, task_type="xloader", key="xloader"
        )["state"]

    assert [progress.get(r)["phase"] for r in rids] == ["error", "loading", "error"]
    assert [task_state(r) for r in rids] == ["error", "running", "pending"]
    assert messages.translate(progress.get(dead)["error"]) == jobs.stopped_message()


@pytest.mark.usefixtures("clean_datastore")
def test_orphan_tables_of_dead_loads_are_dropped_live_ones_kept():
    engine = loader.write_engine()
    with engine.begin() as conn:
        for name in ("egovuz_ingest_dead00000000000", "egovuz_ingest_live00000000000"):
            conn.exec_driver_sql(f'CREATE TABLE "{name}" (a int)')
    owner = loader._Owner(engine, loader.TMP_LOCK + "egovuz_ingest_live00000000000")
    try:
        assert loader.drop_orphans() == ["egovuz_ingest_dead00000000000"]
        assert temp_tables() == ["egovuz_ingest_live00000000000"]
    finally:
        owner.close()
    assert loader.drop_orphans() == ["egovuz_ingest_live00000000000"]
    assert temp_tables() == []


@pytest.mark.usefixtures("clean_datastore")
def test_versions_job_is_idempotent():
    from ckanext.egovuz.versions import model as vmodel, snapshot

    _, res = tabular_dataset(factories.Sysadmin())
    for _ in range(3):  # a job run again (retried, or enqueued twice) adds nothing
        snapshot.take_version_job(res["id"])
    assert [v["number"] for v in vmodel.list_versions(resource_id=res["id"])] == [1]
