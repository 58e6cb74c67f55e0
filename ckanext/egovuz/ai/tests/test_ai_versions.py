"""The "versions kept" criterion read from the versions plugin's own table (issue 16: it
used to count a guessed table `egovuz_version`, so it was never met). The version is
taken through the real path: a completed load -> xloader_hook -> IXloader.after_upload."""

from __future__ import annotations


import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.tests.helpers import xloader_hook

FIELDS = [
    {"id": "school", "type": "text", "info": {"label": "Maktab"}},
    {"id": "pupils", "type": "int"},
]


def _completed_load(resource_id, rows):
    ctx = {"ignore_auth": True}
    helpers.call_action(
        "datastore_create", ctx, resource_id=resource_id, force=True, fields=FIELDS, records=rows
    )
    xloader_hook(resource_id)


@pytest.fixture
def sync_versions(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.versions.synchronous", True)


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_a_dataset_with_versions_meets_the_versions_criterion():
    pkg = Dataset(title="Maktablar", license_id="cc-by", update_frequency="weekly")
    res = factories.Resource(package_id=pkg["id"], url="http://127.0.0.1:9/data.csv", format="CSV")
    before = helpers.call_action("egovuz_ai_readiness", id=pkg["name"])
    assert before["criteria"]["versions"] == {"met": False, "detail": 0}

    _completed_load(res["id"], [{"school": f"Maktab {i}", "pupils": i} for i in range(120)])
    assert len(helpers.call_action("egovuz_version_list", resource_id=res["id"])) == 1

    live = helpers.call_action("egovuz_ai_readiness", id=pkg["name"])
    assert live["criteria"]["versions"] == {"met": True, "detail": 1}
    assert live["score"] == 100  # all seven criteria met
    # the stored score, taken by the same hook after the version
    listed = {r["name"]: r for r in helpers.call_action("egovuz_ai_list")["results"]}
    assert listed[pkg["name"]]["score"] == 100
    assert listed[pkg["name"]]["criteria"]["versions"]["met"] is True

    # a second, different load keeps a second version
    _completed_load(res["id"], [{"school": "Yangi", "pupils": 1}])
    assert (
        helpers.call_action("egovuz_ai_readiness", id=pkg["name"])["criteria"]["versions"]["detail"]
        == 2
    )

    # the bulk refresh counts them too
    sysadmin = factories.Sysadmin()
    helpers.call_action("egovuz_stats_refresh", context={"user": sysadmin["name"]}, full=True)
    listed = {r["name"]: r for r in helpers.call_action("egovuz_ai_list")["results"]}
    assert listed[pkg["name"]]["criteria"]["versions"] == {"met": True, "detail": 2}
