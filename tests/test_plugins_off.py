"""Each optional plugin switched off in turn (README: "plugins can be switched off one by
one"): the site still starts and its main pages answer without a server error. And the
base plugin `egovuz` switched off: another plugin's page still speaks Uzbek, because every
plugin registers the one shared catalog (core/plugin.py, Translation).

One catalogue and one pass for the module: the `visits` fixture makes the app of each
switched-off set once, in turn, opens every page and keeps the answers; the full set is
loaded again only once, at the end. The tests then check the answers of one plugin each."""

from __future__ import annotations

import dataclasses

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
# with the base plugin off: pages of other plugins in Uzbek, and a string of each that
# only the shared catalog translates
UZBEK_PAGES = {
    "/uz/faq": "Tez-tez beriladigan savollar",  # Frequently asked questions
    "/uz/news": "Yangiliklar",  # News
}


@dataclasses.dataclass
class Answer:
    status: int
    body: str


@pytest.fixture(scope="module")
def site():
    fresh_databases(datastore=True)
    admin = factories.Sysadmin()
    factories.Group(name="talim", title="Ta'lim")
    org = factories.Organization(name="maktab-vazirligi")
    ds, res = tabular_dataset(admin, name="maktablar", spheres=["talim"], owner_org=org["id"])
    return {"dataset": ds["name"], "resource": res["id"], "org": org["name"]}


def _app_without(full: list[str], name: str):
    """A test app of the site with the named plugin left out of ckan.plugins."""
    from ckan.common import config

    names = [n for n in full if n != name]
    assert len(names) == len(full) - 1, name
    config["ckan.plugins"] = " ".join(names)
    plugins.unload_all()
    plugins.load_all()
    assert not plugins.plugin_loaded(name)
    return helpers._get_test_app()


@pytest.fixture(scope="module")
def visits(site):
    """{plugin switched off: {page: Answer}}, every app made once in one pass."""
    from ckan.common import config

    full_setting = config["ckan.plugins"]
    full = tk.aslist(full_setting)
    out: dict[str, dict[str, Answer]] = {}
    try:
        for name in OPTIONAL:
            app = _app_without(full, name)
            out[name] = {}
            for page in PAGES:
                r = app.get(page.format(**site), status=None)
                out[name][page] = Answer(r.status_code, r.body)
        app = _app_without(full, "egovuz")
        out["egovuz"] = {}
        for page in UZBEK_PAGES:
            r = app.get(page, status=None)
            out["egovuz"][page] = Answer(r.status_code, r.body)
    finally:
        config["ckan.plugins"] = full_setting
        plugins.unload_all()
        plugins.load_all()
    return out


@pytest.mark.parametrize("name", OPTIONAL)
def test_main_pages_without_one_plugin(visits, name):
    got = visits[name]
    assert [(page, a.status) for page, a in got.items() if a.status >= 500] == []
    # what every visitor sees is still there
    assert got["/"].status == 200
    assert got["/dataset/{dataset}"].status == 200
    assert 'href="/dataset/maktablar"' in got["/dataset/?q=maktab"].body


@pytest.mark.parametrize("page", sorted(UZBEK_PAGES))
def test_other_plugins_speak_uzbek_without_the_base_plugin(visits, page):
    answer = visits["egovuz"][page]
    assert answer.status == 200
    assert UZBEK_PAGES[page] in answer.body
