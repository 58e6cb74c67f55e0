import pytest

from ckanext.egovuz.downloads.model import count_downloads


TYPES = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool}


def _check_scalar(schema, value, path):
    """The value's own type, minimum and enum."""
    t = schema.get("type")
    if t:
        assert isinstance(value, TYPES[t]), f"{path}: {value!r} is not {t}"
        if t == "integer":
            assert not isinstance(value, bool)
            if "minimum" in schema:
                assert value >= schema["minimum"], path
    if "enum" in schema:
        assert value in schema["enum"], path


def _check_object(schema, value, doc, path):
    for key in schema.get("required", []):
        assert key in value, f"{path}: missing {key}"
    for key, sub in schema.get("properties", {}).items():
        if key in value:
            _check(sub, value[key], doc, f"{path}.{key}")


def _check(schema, value, doc, path="$"):
    """A small structural validator for the OpenAPI document's schemas."""
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        return _check(doc["components"]["schemas"][name], value, doc, path)
    _check_scalar(schema, value, path)
    t = schema.get("type")
    if t == "object":
        _check_object(schema, value, doc, path)
    if t == "array" and "items" in schema:
        for i, item in enumerate(value):
            _check(schema["items"], item, doc, f"{path}[{i}]")


@pytest.mark.usefixtures("with_request_context")
class TestStableApi:
    def test_openapi_document(self, app):
        doc = app.get("/api/egovuz/v1/openapi.json").json
        assert doc["openapi"].startswith("3.")
        op = doc["paths"]["/datasets/{code}/data"]["get"]
        names = {p["name"] for p in op["parameters"]}
        assert {"code", "limit", "offset", "lang"} <= names
        assert "200" in op["responses"] and "404" in op["responses"]

    def test_data_by_code(self, app, world):
        doc = app.get("/api/egovuz/v1/openapi.json").json
        ds = world["public"]
        before = count_downloads(ds["id"])
        r = app.get(
            f"/api/egovuz/v1/datasets/{ds['dataset_code']}/data",
            query_string={"limit": 2, "offset": 1, "lang": "ru"},
        )
        body = r.json
        r.close()  # the count is written when the server closes the response
        schema = doc["paths"]["/datasets/{code}/data"]["get"]["responses"]["200"]
        _check(schema["content"]["application/json"]["schema"], body, doc)
        assert body["total"] == 5 and body["limit"] == 2 and body["offset"] == 1
        assert [r["id"] for r in body["records"]] == [2, 3]
        assert body["title"] == ds["title_ru"] == "Tumanlar aholisi (ru): Население районов"
        assert body["resource_id"] == world["public_res"]["id"]
        assert count_downloads(ds["id"]) == before + 1
        # without lang: the Uzbek title
        uz = app.get(
            f"/api/egovuz/v1/datasets/{ds['dataset_code']}/data", query_string={"limit": 1}
        )
        assert uz.json["title"] == ds["title"] != ds["title_ru"]
        uz.close()

    def test_uz_cyrl_title_is_cyrillic(self, app, world):
        """lang=uz_Cyrl gave the Latin title (it was read as uz); now the Uzbek title in
        Cyrillic, and uz keeps the Latin one."""
        from ckanext.egovuz.translit import to_cyrillic

        ds = world["public"]
        url = f"/api/egovuz/v1/datasets/{ds['dataset_code']}/data"
        cyr = app.get(url, query_string={"lang": "uz_Cyrl"}).json["title"]
        assert cyr == to_cyrillic(ds["title"]) and cyr != ds["title"]
        assert any("\u0400" <= ch <= "\u04ff" for ch in cyr)
        assert app.get(url, query_string={"lang": "uz"}).json["title"] == ds["title"]

    def test_q_and_filters(self, app, world):
        code = world["public"]["dataset_code"]
        body = app.get(f"/api/egovuz/v1/datasets/{code}/data", query_string={"q": "Chilonzor"}).json
        assert [r["tuman"] for r in body["records"]] == ["Chilonzor"]
        assert "rank" not in body["records"][0]
        body = app.get(
            f"/api/egovuz/v1/datasets/{code}/data", query_string={"filters": '{"tuman": "Тошкент"}'}
        ).json
        assert body["total"] == 1

    @pytest.mark.parametrize(
        "params,status",
        [
            ({"limit": "abc"}, 400),
            ({"offset": "-1"}, 400),
            ({"lang": "de"}, 400),
            ({"filters": "[1]"}, 400),
            ({"sort": "nope asc"}, 400),
        ],
    )
    def test_bad_input(self, app, world, params, status):
        doc = app.get("/api/egovuz/v1/openapi.json").json
        code = world["public"]["dataset_code"]
        r = app.get(f"/api/egovuz/v1/datasets/{code}/data", query_string=params, status=status)
        _check({"$ref": "#/components/schemas/Error"}, r.json, doc)

    def test_unknown_code_404(self, app, world):
        r = app.get("/api/egovuz/v1/datasets/99999999/data", status=404)
        assert r.json["success"] is False


class TestStableApiEdges:
    """Issue 13: what schemathesis found on the stable API's edges."""

    def test_filters_declared_as_json_content(self, app):
        doc = app.get("/api/egovuz/v1/openapi.json").json
        params = {p["name"]: p for p in doc["paths"]["/datasets/{code}/data"]["get"]["parameters"]}
        filters = params["filters"]
        assert "schema" not in filters
        assert filters["content"]["application/json"]["schema"]["type"] == "object"

    def test_wrong_method_is_405_with_allow_as_json(self, app, world):
        code = world["public"]["dataset_code"]
        r = app.post(f"/api/egovuz/v1/datasets/{code}/data", status=405)
        assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
        assert r.headers["Content-Type"].startswith("application/json")
        assert r.json["success"] is False and r.json["error"]["message"]

    def test_405_elsewhere_has_allow_too(self, app, world):
        r = app.post("/api/egovuz/v1/openapi.json", status=405)
        assert "GET" in r.headers["Allow"]

    @pytest.mark.parametrize(
        "path",
        [
            "/api/egovuz/v1/nope",
            "/api/egovuz/v1/datasets/a/b/data",
            "/api/egovuz/v1/datasets//data",
        ],
    )
    def test_unknown_path_under_api_is_json_404(self, app, world, path):
        r = app.get(path, status=404)
        assert r.headers["Content-Type"].startswith("application/json")
        assert r.json == {"success": False, "error": {"message": r.json["error"]["message"]}}

    def test_html_pages_keep_html_errors(self, app, world):
        r = app.get("/dataset/no-such-dataset-here", status=404)
        assert r.headers["Content-Type"].startswith("text/html")


@pytest.mark.usefixtures("with_request_context")
def test_resources_are_the_tables_in_the_dataset_order(app, world):
    """The action reads the dataset's resources from its model objects (not package_show):
    only active DataStore tables, in the dataset's order; a deleted one and a file are
    not listed, and `resource_id` picks one of them or is a 404."""
    from ckan.tests import factories
    from ckan.tests import helpers as th
    from ckanext.egovuz.testing import Dataset

    ds = Dataset(owner_org=world["org"]["id"], user=world["sysadmin"])
    made = []
    for name in ("birinchi", "ikkinchi", "fayl", "ochirilgan"):
        res = factories.Resource(
            package_id=ds["id"], url=f"http://example.com/{name}.csv", format="CSV", name=name
        )
        if name != "fayl":
            th.call_action(
                "datastore_create",
                resource_id=res["id"],
                fields=[{"id": "n", "type": "int"}],
                records=[{"n": len(made)}],
                force=True,
            )
        made.append(res["id"])
    first, second, _file, deleted = made
    as_admin = {"user": world["sysadmin"]["name"]}
    th.call_action("resource_delete", dict(as_admin), id=deleted)
    th.call_action("package_resource_reorder", dict(as_admin), id=ds["id"], order=[second, first])
    url = f"/api/egovuz/v1/datasets/{ds['dataset_code']}/data"
    body = app.get(url).json
    assert body["resources"] == [second, first] and body["resource_id"] == second
    assert body["records"] == [{"n": 1}] and body["dataset_id"] == ds["id"]
    assert app.get(url, query_string={"resource_id": first}).json["records"] == [{"n": 0}]
    for other in (deleted, _file):
        app.get(url, query_string={"resource_id": other}, status=404)
