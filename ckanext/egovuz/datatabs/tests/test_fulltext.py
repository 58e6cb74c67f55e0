"""Full-text `q` on the Table tab and the stable data API (issue 14): rows in the table's
order unless a sort is asked for (no ranking of every match), the total exact up to a cap
and estimated beyond it."""

import re

import pytest
from ckan.tests import factories
from ckan.tests import helpers as th

from ckanext.egovuz.datatabs.logic import search as table_search
from ckanext.egovuz.testing import Dataset

# the later a row, the more often it says "maktab": CKAN's rank order is the reverse
ROWS = [{"n": i, "izoh": " ".join(["maktab"] * i + ["bog'cha"])} for i in range(1, 7)]
ROWS.append({"n": 7, "izoh": "shifoxona"})


@pytest.fixture(scope="module")
def ranked(world):
    ds = Dataset(owner_org=world["org"]["id"], user=world["sysadmin"])
    res = factories.Resource(
        package_id=ds["id"], url="http://example.com/m.csv", format="CSV", name="maktablar"
    )
    th.call_action(
        "datastore_create",
        resource_id=res["id"],
        force=True,
        records=ROWS,
        fields=[{"id": "n", "type": "int"}, {"id": "izoh", "type": "text"}],
    )
    return th.call_action("package_show", id=ds["id"]), res


def _numbers(page: str) -> list[int]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [int(x) for x in re.findall(r"<tr><td>(\d+)</td>", body)]


@pytest.mark.usefixtures("with_request_context")
class TestFullText:
    def test_q_keeps_the_table_order_and_an_exact_small_total(self, app, ranked):
        ds, res = ranked
        url = f"/dataset/{ds['name']}/table"
        page = app.get(url, query_string={"resource_id": res["id"], "q": "maktab"}).get_data(
            as_text=True
        )
        assert _numbers(page) == [1, 2, 3, 4, 5, 6]
        assert re.search(r"egovuz-table__total\">[^<]*: 6</p>", page)
        body = th.call_action("egovuz_data_by_code", code=ds["dataset_code"], q="maktab")
        assert [r["n"] for r in body["records"]] == [1, 2, 3, 4, 5, 6]
        assert body["total"] == 6

    def test_q_with_a_sort_is_sorted(self, app, ranked):
        ds, res = ranked
        body = th.call_action(
            "egovuz_data_by_code", code=ds["dataset_code"], q="maktab", sort="n desc", limit=2
        )
        assert [r["n"] for r in body["records"]] == [6, 5] and body["total"] == 6

    def test_total_beyond_the_cap_is_estimated(self, app, ranked, monkeypatch, ckan_config):
        monkeypatch.setattr(table_search, "COUNT_CAP", 3)
        monkeypatch.setitem(ckan_config, "ckanext.egovuz.data.page_size", 2)
        ds, res = ranked
        # a full page (2 of 6 matches): the capped count passes the cap, so an estimate
        page = app.get(
            f"/dataset/{ds['name']}/table", query_string={"resource_id": res["id"], "q": "maktab"}
        ).get_data(as_text=True)
        m = re.search(r"egovuz-table__total\">[^<]*: ≈(\d+)</p>", page)
        assert m and int(m.group(1)) >= 4
        assert _numbers(page) == [1, 2]
        body = th.call_action("egovuz_data_by_code", code=ds["dataset_code"], q="maktab", limit=2)
        assert body["total"] >= 4 and [r["n"] for r in body["records"]] == [1, 2]
        # a rare word stays exact
        body = th.call_action("egovuz_data_by_code", code=ds["dataset_code"], q="shifoxona")
        assert body["total"] == 1 and [r["n"] for r in body["records"]] == [7]

    def test_a_short_page_is_the_last_one_and_its_total_is_exact(self, app, ranked, monkeypatch):
        """Fewer rows than asked for: the total is offset + rows, whatever the cap (it
        used to be estimated past the cap, with a count and an EXPLAIN)."""
        monkeypatch.setattr(table_search, "COUNT_CAP", 3)
        ds, res = ranked
        page = app.get(
            f"/dataset/{ds['name']}/table", query_string={"resource_id": res["id"], "q": "maktab"}
        ).get_data(as_text=True)
        assert re.search(r"egovuz-table__total\">[^<]*: 6</p>", page)
        assert _numbers(page) == [1, 2, 3, 4, 5, 6]
        site = {"user": th.call_action("get_site_user")["name"]}
        got = table_search.search_page(
            dict(site), {"resource_id": res["id"], "q": "maktab", "limit": 4, "offset": 4}
        )
        assert [r["n"] for r in got["records"]] == [5, 6]
        assert (got["total"], got["total_was_estimated"]) == (6, False)
        # past the end: no row to go by, so it is counted (exact, under the cap)
        monkeypatch.setattr(table_search, "COUNT_CAP", 100)
        got = table_search.search_page(
            dict(site), {"resource_id": res["id"], "q": "maktab", "limit": 4, "offset": 40}
        )
        assert got["records"] == [] and (got["total"], got["total_was_estimated"]) == (6, False)

    def test_a_large_estimate_is_the_total_without_counting(self, ranked, monkeypatch):
        """Beyond ESTIMATE_TRUSTED the planner's estimate is taken as it is: no count."""
        ds, res = ranked
        site = {"user": th.call_action("get_site_user")["name"]}
        search = {"resource_id": res["id"], "q": "maktab", "limit": 2}
        got = table_search.search_page(dict(site), dict(search))
        assert (got["total"], got["total_was_estimated"]) == (6, False)  # counted
        monkeypatch.setattr(table_search, "ESTIMATE_TRUSTED", 0)
        got = table_search.search_page(dict(site), dict(search))
        assert got["total_was_estimated"] is True and got["total"] >= 1
        assert [r["n"] for r in got["records"]] == [1, 2]

    def test_filters_apply_to_the_count(self, ranked):
        ds, res = ranked
        body = th.call_action(
            "egovuz_data_by_code", code=ds["dataset_code"], q="maktab", filters='{"n": 3}'
        )
        assert body["total"] == 1 and [r["n"] for r in body["records"]] == [3]
