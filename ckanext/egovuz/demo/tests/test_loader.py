"""The demo loader through the real Action API, database and Solr (3 datasets)."""

import pytest
from ckan.tests import helpers

from ckanext.egovuz.demo import catalog, loader
from ckanext.egovuz.ingest import queue


def _task_state(resource_id):
    return helpers.call_action(
        "task_status_show", entity_id=resource_id, task_type="xloader", key="xloader"
    )["state"]


def _xloader_jobs():
    from ckan.lib.jobs import get_queue

    return [j for j in get_queue().jobs if "xloader" in j.func_name]


@pytest.mark.usefixtures("clean_db", "clean_index", "clean_queues")
def test_load_is_complete_and_idempotent(ckan_config, monkeypatch, tmp_path):
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    stats = loader.load(limit=3, echo=lambda *_: None)
    assert stats == {
        "spheres": len(catalog.SPHERES),
        "organizations": len(catalog.ORGANIZATIONS),
        "datasets": 3,
        "skipped": 0,
        "reloaded": 0,
    }
    for ds in catalog.DATASETS[:3]:
        pkg = helpers.call_action("package_show", id=ds["name"])
        assert pkg["dataset_code"].isdigit()
        assert pkg["title_ru"] == ds["title_ru"]
        assert sorted(g["name"] for g in pkg["groups"]) == sorted(ds["spheres"])
        formats = sorted(r["format"] for r in pkg["resources"])
        assert formats == ["CSV", "XLSX"]
        assert all(r["url_type"] == "upload" for r in pkg["resources"])
    # a past: dates moved back (first publication before the last data change), downloads logged
    from ckanext.egovuz.downloads.model import count_downloads

    for ds in catalog.DATASETS[:3]:
        pkg = helpers.call_action("package_show", id=ds["name"])
        assert pkg["first_published"] < pkg["data_last_changed"] < pkg["metadata_modified"]
        assert count_downloads(pkg["id"]) >= 2
    again = loader.load(limit=3, echo=lambda *_: None)
    assert again == {"spheres": 0, "organizations": 0, "datasets": 0, "skipped": 3, "reloaded": 0}
    assert helpers.call_action("package_search", q="*:*")["count"] == 3
    # a load that failed in an earlier run is queued again by the next run, and only it
    pkg = helpers.call_action("package_show", id=catalog.DATASETS[0]["name"])
    failed = pkg["resources"][0]["id"]
    queue.mark_not_queued(failed)  # what a run with Redis down leaves
    helpers.call_action("job_clear")  # the first run's loads
    assert _task_state(failed) == "error"
    assert loader.load(limit=3, echo=lambda *_: None)["reloaded"] == 1
    assert _task_state(failed) == "pending"
    assert [j.args[0]["metadata"]["resource_id"] for j in _xloader_jobs()] == [failed]
