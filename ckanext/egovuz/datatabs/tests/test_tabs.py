import csv
import io
import json

import pytest
import sqlalchemy as sa
from ckan.tests import helpers as th
from ckanext.datastore.backend import DatastoreBackend

from ckanext.egovuz.downloads.model import count_downloads
from .conftest import headers


@pytest.mark.usefixtures("with_request_context")
class TestStructure:
    def test_action(self, world):
        st = th.call_action("egovuz_structure_show", resource_id=world["public_res"]["id"])
        names = [f["name"] for f in st["fields"]]
        assert names == ["id", "tuman", "aholi", "sana", "izoh"]
        tuman = st["fields"][1]
        assert tuman["label"] == "Tuman nomi" and tuman["description"] == "Tuman (district)"
        assert tuman["type"] == "text" and st["fields"][2]["type"] == "numeric"
        types = [f["type"] for f in st["table_schema"]["fields"]]
        assert types == ["integer", "string", "number", "datetime", "string"]

    def test_action_reads_only_the_fields(self, world, solr_requests):
        """Issue 14: the fields and their Data Dictionary as datastore_info gives them,
        without what datastore_info also does: no dataset built (no read of the index),
        no count of the rows, no sizes of the table and the database."""
        rid = world["public_res"]["id"]
        info = th.call_action("datastore_info", id=rid)
        engine = DatastoreBackend.get_active_backend()._get_read_engine()
        statements = []

        def on_sql(conn, cursor, statement, *args):
            statements.append(statement)

        solr_requests.clear()
        sa.event.listen(engine, "before_cursor_execute", on_sql)
        try:
            st = th.call_action("egovuz_structure_show", resource_id=rid)
        finally:
            sa.event.remove(engine, "before_cursor_execute", on_sql)
        assert st["package_id"] == world["public"]["id"]
        assert [p for p in solr_requests if p.startswith("select")] == []
        assert statements and not [
            x for x in statements if "count(" in x or "_size(" in x or "WHERE alias_of" in x
        ]
        expected = [
            (f["id"], f["type"], f.get("info") or {})
            for f in info["fields"]
            if not f["id"].startswith("_")
        ]
        assert [
            (f["name"], f["type"], {"label": f["label"], "notes": f["description"]})
            for f in st["fields"]
        ] == [
            (
                name,
                meta.get("type_override") or kind,
                {"label": meta.get("label") or "", "notes": meta.get("notes") or ""},
            )
            for name, kind, meta in expected
        ]

    def test_page_and_downloads(self, app, world):
        ds, res = world["public"], world["public_res"]
        page = app.get(f"/dataset/{ds['name']}/structure").get_data(as_text=True)
        assert "Tuman nomi" in page and "Tuman (district)" in page
        before = count_downloads(ds["id"])
        r = app.get(f"/dataset/{ds['name']}/structure/download", query_string={"format": "json"})
        schema = json.loads(r.get_data())
        r.close()  # the count is written when the server closes the response
        assert schema["fields"][1] == {
            "name": "tuman",
            "type": "string",
            "title": "Tuman nomi",
            "description": "Tuman (district)",
        }
        r = app.get(
            f"/dataset/{ds['name']}/structure/download",
            query_string={"format": "csv", "resource_id": res["id"]},
        )
        rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
        r.close()
        assert rows[0] == ["name", "label", "type", "description"]
        assert rows[2] == ["tuman", "Tuman nomi", "text", "Tuman (district)"]
        assert count_downloads(ds["id"]) == before + 2
        app.get(
            f"/dataset/{ds['name']}/structure/download", query_string={"format": "pdf"}, status=400
        )

    def test_not_tabular(self, app, world):
        ds, res = world["public"], world["public_file"]
        for tab in ("structure", "table", "api"):
            page = app.get(
                f"/dataset/{ds['name']}/{tab}", query_string={"resource_id": res["id"]}
            ).get_data(as_text=True)
            assert "not tabular" in page and "http://example.com/doc.pdf" in page
        with pytest.raises(th.logic.NotFound):
            th.call_action("egovuz_structure_show", resource_id=res["id"])


@pytest.mark.usefixtures("with_request_context")
class TestTable:
    def test_tabs_navigation_and_selector(self, app, world):
        ds = world["public"]
        page = app.get(f"/dataset/{ds['name']}/table").get_data(as_text=True)
        for label in ("Passport", "Structure", "Table", "Web service"):
            assert label in page
        assert f"/dataset/{ds['name']}/structure" in page
        # the first DataStore resource is the default; only tabular ones are offered
        assert "Chilonzor" in page
        read = app.get(f"/dataset/{ds['name']}").get_data(as_text=True)
        assert f"/dataset/{ds['name']}/table" in read

    def test_sort_filter_q(self, app, world):
        ds = world["public"]
        url = f"/dataset/{ds['name']}/table"
        page = app.get(url, query_string={"sort": "aholi desc"}).get_data(as_text=True)
        assert page.index("8831287.6") < page.index("Mirzo")
        page = app.get(url, query_string={"f.tuman": "Тошкент"}).get_data(as_text=True)
        assert "Тошкент" in page and "Chilonzor" not in page
        page = app.get(url, query_string={"q": "Yunusobod"}).get_data(as_text=True)
        assert "Yunusobod" in page and "Olmazor" not in page
        # the download links carry the same filter and sort
        page = app.get(url, query_string={"sort": "id desc", "f.tuman": "Olmazor"}).get_data(
            as_text=True
        )
        assert "table/download?" in page and "sort=id+desc" in page and "f.tuman=Olmazor" in page

    def test_hostile_input(self, app, world):
        ds = world["public"]
        url = f"/dataset/{ds['name']}/table"
        r = app.get(url, query_string={"sort": '"; DROP TABLE x; --'}, status=400)
        assert "sort" in r.get_data(as_text=True)
        r = app.get(url, query_string={"q": "<script>alert(1)</script>"})
        assert "<script>alert(1)</script>" not in r.get_data(as_text=True)
        app.get(url, query_string={"page": "abc"})
        # " :word" would be a bind parameter in CKAN's DataStore SQL text
        assert app.get(url, query_string={"q": "Chilonzor :x"}).status_code == 200
        assert (
            app.get(url + "/download", query_string={"q": "a :b", "format": "csv"}).status_code
            == 200
        )
        app.get(url, query_string={"f.nope": "1"}, status=400)

    def test_export_action_over_api(self, app, world):
        res = world["public_res"]
        r = app.get(
            "/api/3/action/egovuz_export", query_string={"resource_id": res["id"], "format": "xlsx"}
        )
        result = r.json["result"]
        assert result["rows"] == 5 and result["format"] == "xlsx"
        assert "/table/download?" in result["url"]
        r = app.get(
            "/api/3/action/egovuz_export",
            query_string={"resource_id": res["id"], "format": "doc"},
            status=409,
        )
        assert "format" in r.json["error"]


class TestWebService:
    # no with_request_context here: its app context would cache the logged-in user
    # (flask-login's g._login_user) across the requests of one test
    def test_anonymous_told_to_log_in(self, app, world):
        page = app.get(f"/dataset/{world['public']['name']}/api").get_data(as_text=True)
        assert "Log in to get an API token" in page
        assert "datastore_search" in page and "curl" in page and "Python" in page
        assert "JavaScript" in page and "_egovuz_data.js" in page

    def test_get_token(self, app, world):
        user = world["user"]
        hdrs = headers(user)
        name = world["public"]["name"]
        page = app.get(f"/dataset/{name}/api", headers=hdrs).get_data(as_text=True)
        assert "Get token" in page
        import re

        csrf = re.search(r'name="_csrf_token" value="([^"]+)"', page)
        data = {"_csrf_token": csrf.group(1)} if csrf else {}
        before = th.call_action("api_token_list", user_id=user["name"])
        r = app.post(f"/dataset/{name}/api/token", data=data, headers=hdrs)
        assert r.status_code == 200, r.get_data(as_text=True)[:500]
        token = re.search(r'id="egovuz-token">([^<]+)<', r.get_data(as_text=True)).group(1)
        after = th.call_action("api_token_list", user_id=user["name"])
        assert len(after) == len(before) + 1
        # the token works
        me = app.get("/api/3/action/status_show", headers={"Authorization": token})
        assert me.status_code == 200
        # anonymous cannot
        r = app.post(f"/dataset/{name}/api/token", data=data, follow_redirects=False)
        assert r.status_code in (302, 400, 403)
        assert 'id="egovuz-token"' not in r.get_data(as_text=True)
