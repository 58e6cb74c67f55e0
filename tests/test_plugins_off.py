"""Each optional plugin switched off in turn (README: "plugins can be switched off one by
one"): the site still starts and its main pages answer without a server error. One
catalogue for the module; per plugin, the other plugins are loaded again and a new app is
made in this process (a few seconds each)."""

from __future__ import annotations

import pytest
from ckan import plugins
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import tabular_dataset
from ckanext.egovuz.tests.pytest_plugin import fresh_databases

OPTIONAL = (
    "egovuz_search",
    "egovuz_stats",
    "egovuz_monitoring",
    "egovuz_ingest",
    "egovuz_versions",
    "egovuz_ai",
    "egovuz_data",
    "egovuz_participation",
    "egovuz_content",
)
# the pages every visitor passes through, which other plugins extend (the pages of the
# plugin that is off answer 404)
PAGES = (
    "/",
    "/dataset/?q=maktab",
    "/dataset/{dataset}",
    "/dataset/{dataset}/resource/{resource}",
    "/organization/{org}",
    "/group/talim",
    "/statistics/",
    "/monitoring/",
    "/ai-data/",
    "/proposals",
    "/news",
    "/dataset/{dataset}/table",
    "/dataset/{dataset}/versions",
)


@pytest.fixture(scope="module")
def site():
    fresh_databases(datastore=True)
    admin = factories.Sysadmin()
    factories.Group(name="talim", title="Ta'lim")
    org = factories.Organization(name="maktab-vazirligi")
    ds, res = tabular_dataset(admin, name="maktablar", spheres=["talim"], owner_org=org["id"])
    return {"dataset": ds["name"], "resource": res["id"], "org": org["name"]}


@pytest.fixture
def without(ckan_config, monkeypatch):
    """A test app of the site with the named plugin left out of ckan.plugins; the full
    set is loaded again afterwards."""
    full = ckan_config["ckan.plugins"]

    def make(name):
        names = [n for n in tk.aslist(full) if n != name]
        assert len(names) == len(tk.aslist(full)) - 1, name
        monkeypatch.setitem(ckan_config, "ckan.plugins", " ".join(names))
        plugins.unload_all()
        plugins.load_all()
        assert not plugins.plugin_loaded(name)
        return helpers._get_test_app()

    yield make
    monkeypatch.setitem(ckan_config, "ckan.plugins", full)
    plugins.unload_all()
    plugins.load_all()


@pytest.mark.parametrize("name", OPTIONAL)
def test_main_pages_without_one_plugin(site, without, name):
    app = without(name)
    got = {page: app.get(page.format(**site), status=None) for page in PAGES}
    assert [(page, r.status_code) for page, r in got.items() if r.status_code >= 500] == []
    # what every visitor sees is still there
    assert got["/"].status_code == 200
    assert got["/dataset/{dataset}"].status_code == 200
    assert 'href="/dataset/maktablar"' in got["/dataset/?q=maktab"].body
