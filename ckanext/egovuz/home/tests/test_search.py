"""Advanced search (S-HOME-2) against the real Solr: each field finds exactly the expected
datasets, through the API and through the search page in each UI language."""

import re

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import passport
from ckanext.egovuz.tests.pytest_plugin import fresh_databases


@pytest.fixture(scope="module")
def catalog():
    """Read-only tests share one catalog per module (the datasets are never changed)."""
    fresh_databases()
    admin = factories.Sysadmin()
    ctx = {"user": admin["name"]}
    factories.Group(name="talim", title="Ta'lim")
    factories.Group(name="transport", title="Transport")
    edu = factories.Organization(
        name="maktab-vazirligi", title="Maktabgacha va maktab ta'limi vazirligi"
    )
    trn = factories.Organization(name="transport-vazirligi", title="Transport vazirligi")

    def make(name, org, **kw):
        return helpers.call_action(
            "package_create", context=ctx, name=name, owner_org=org["id"], **passport(**kw)
        )

    sets = {
        "schools": make(
            "schools",
            edu,
            title="Umumta'lim maktablari ro'yxati",
            title_ru="Список школ",
            tag_string="maktab, talim",
            spheres=["talim"],
        ),
        "kindergartens": make(
            "kindergartens",
            edu,
            title="Maktabgacha ta'lim tashkilotlari",
            title_ru="Детские сады",
            tag_string="bogcha, talim",
            spheres=["talim"],
        ),
        "bus": make(
            "bus",
            trn,
            title="Avtobus yo'nalishlari",
            title_ru="Автобусные маршруты",
            title_en="Bus routes",
            tag_string="avtobus, transport",
            spheres=["transport"],
        ),
        "metro": make(
            "metro",
            trn,
            title="Metro bekatlari",
            title_ru="Станции метро",
            tag_string="metro, transport",
            spheres=["transport"],
        ),
    }
    return sets


def names(result):
    return sorted(r["name"] for r in result["results"])


def search(**extras):
    q = extras.pop("q", "*:*")
    fq = extras.pop("fq", "")
    return helpers.call_action("package_search", q=q, fq=fq, extras=extras, rows=100)


class TestAdvancedSearchApi:
    def test_by_code(self, catalog):
        code = catalog["bus"]["dataset_code"]
        assert names(search(ext_code=code)) == ["bus"]
        assert names(helpers.call_action("package_search", q=f"dataset_code:{code}")) == ["bus"]

    def test_by_name_in_any_language(self, catalog):
        assert names(search(ext_title="maktablari")) == ["schools"]
        assert names(search(ext_title="маршруты")) == ["bus"]
        assert names(search(ext_title="Bus routes")) == ["bus"]

    def test_by_organization(self, catalog):
        assert names(search(fq='organization:"transport-vazirligi"')) == ["bus", "metro"]

    def test_by_keywords(self, catalog):
        assert names(search(ext_keywords="talim")) == ["kindergartens", "schools"]
        assert names(search(ext_keywords="talim, maktab")) == ["schools"]

    def test_by_sphere_facet(self, catalog):
        result = helpers.call_action(
            "package_search", fq='groups:"talim"', **{"facet.field": ["groups"]}
        )
        assert names(result) == ["kindergartens", "schools"]
        counts = {i["name"]: i["count"] for i in result["search_facets"]["groups"]["items"]}
        assert counts == {"talim": 2}

    def test_combined_with_free_text(self, catalog):
        assert names(search(q="metro", fq='organization:"transport-vazirligi"')) == ["metro"]

    @pytest.mark.parametrize(
        "hostile", ['"', "title:*", "{!lucene}x", "((", "a) OR (b", "\\", "x" * 5000]
    )
    def test_hostile_values_do_not_break(self, catalog, hostile):
        result = search(ext_title=hostile, ext_code=hostile, ext_keywords=hostile)
        assert result["count"] == 0


class TestSearchPage:
    @pytest.mark.parametrize("prefix", ["/uz", "/ru", ""])
    def test_each_field_in_each_language(self, app, catalog, prefix):
        code = catalog["metro"]["dataset_code"]
        cases = [
            ({"ext_code": code}, ["metro"]),
            ({"ext_title": "Avtobus"}, ["bus"]),
            ({"organization": "maktab-vazirligi"}, ["kindergartens", "schools"]),
            ({"ext_keywords": "transport"}, ["bus", "metro"]),
        ]
        for params, expected in cases:
            resp = app.get(prefix + "/dataset/", params=params)
            assert resp.status_code == 200
            found = sorted(
                set(re.findall(r'href="(?:/(?:ru|en|uz))?/dataset/([a-z0-9-]+)"', resp.body))
            )
            assert found == expected, (prefix, params)

    def test_home_shows_spheres_with_counts(self, app, catalog):
        body = app.get("/").body
        spheres = re.findall(
            r'<a href="/dataset/\?groups=([a-z]+)">\s*'
            r'<span class="egovuz-spheres__title">([^<]*)</span>\s*'
            r'<span class="egovuz-spheres__count">([^<]*)</span>',
            body,
        )
        assert sorted(spheres) == [
            ("talim", "Ta&#39;lim", "2 datasets"),
            ("transport", "Transport", "2 datasets"),
        ]
        assert 'name="ext_code"' in body and 'name="ext_keywords"' in body

    def test_hostile_query_is_not_a_500(self, app, catalog):
        for q in ["title:*", "{!xmlparser v=x}", '"unbalanced', "((((", "x" * 10000, "!!!"]:
            resp = app.get("/dataset/", params={"q": q})
            assert resp.status_code in (200, 400)
            assert "org.apache.solr" not in resp.body
