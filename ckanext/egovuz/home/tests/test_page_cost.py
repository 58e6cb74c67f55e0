"""What a page costs (issue 14), counted on the real services, never timed: the home page
asks Solr once (CKAN's own home search is turned into the page's one) and shows the same
blocks; a bundle's asset URLs are worked out by webassets once per process; a dataset
page asks for its organization once (CKAN's template asks twice)."""

import re

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import passport


def _catalog():
    """Eight datasets in two spheres; the newest first (data_last_changed is set by the
    portal when a dataset is created)."""
    admin = factories.Sysadmin()
    ctx = {"user": admin["name"]}
    factories.Group(name="talim", title="Ta'lim")
    factories.Group(name="transport", title="Transport")
    org = factories.Organization()
    for i in range(8):  # more than the 6 recent ones and CKAN's own 4
        helpers.call_action(
            "package_create",
            context=dict(ctx),
            name=f"home-{i}",
            owner_org=org["id"],
            **passport(title=f"Uy sahifasi {i}", spheres=["talim"] if i % 2 else ["transport"]),
        )
    return [f"home-{i}" for i in reversed(range(8))]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_page_asks_solr_once_and_shows_the_same_blocks(app, solr_requests):
    newest_first = _catalog()
    solr_requests.clear()
    body = app.get("/").body
    selects = [p for p in solr_requests if "select" in p]
    assert len(selects) == 1, solr_requests  # was 2: CKAN's home search and the page's own
    recent = body[body.index('id="recent-title"') :]
    shown = re.findall(r'<a href="/dataset/(home-\d)" title=', recent)
    assert shown == newest_first[:6]
    spheres = re.findall(
        r'<a href="/dataset/\?groups=([a-z]+)">\s*'
        r'<span class="egovuz-spheres__title">[^<]*</span>\s*'
        r'<span class="egovuz-spheres__count">([^<]*)</span>',
        body,
    )
    assert sorted(spheres) == [("talim", "4 datasets"), ("transport", "4 datasets")]
    assert "8 datasets from 1 state organizations" in body


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_package_search_elsewhere_is_left_alone(app):
    """Only CKAN's home search on the home page is taken over: the same parameters
    through the API still answer as asked (4 rows, CKAN's sort)."""
    _catalog()
    res = helpers.call_action(
        "package_search", q="*:*", rows=4, sort="view_recent desc", fq='capacity:"public"'
    )
    assert len(res["results"]) == 4 and res["sort"] == "view_recent desc"
    api = app.get("/api/3/action/package_search", query_string={"q": "*:*", "rows": 4}).json[
        "result"
    ]
    assert len(api["results"]) == 4


def test_asset_urls_are_worked_out_once_per_bundle(app, monkeypatch):
    from ckan.lib import webassets_tools
    from webassets.bundle import Bundle

    calls = []
    real = Bundle._urls

    def counted(self, *args, **kwargs):
        calls.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Bundle, "_urls", counted)
    app.get("/dataset/")
    first = len(calls)
    before = re.findall(r'<(?:link href|script src)="([^"]+)"', app.get("/dataset/").body)
    assert len(calls) == first  # the second page asked webassets nothing
    bundle = webassets_tools.env["egovuz_search/egovuz-search-css"]
    assert bundle.urls() == Bundle.urls(bundle)  # the same answer as webassets' own
    assert any(u.startswith("/webassets/") for u in before)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_page_asks_for_its_organization_once(app, solr_requests):
    _catalog()
    # organization_show's dataset count: rows=0, no facets, the organization's datasets
    org_counts = lambda: [  # noqa: E731
        p for p in solr_requests if "owner_org" in p and "facet=false" in p
    ]
    solr_requests.clear()
    body = app.get("/dataset/home-3").body
    assert "Uy sahifasi 3" in body
    assert len(org_counts()) == 1  # was 2: organization_show for each secondary column
    solr_requests.clear()
    app.get("/dataset/home-3/versions")
    assert len(org_counts()) == 1
