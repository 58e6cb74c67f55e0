"""The COPY loader against the real DataStore, and xloader's job step running it."""

from __future__ import annotations

import decimal
import functools
import http.server
import logging
import threading

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.ingest import detect, jobs, loader, progress
from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.tests.helpers import xloader_hook as hook

log = logging.getLogger(__name__)

CP1251 = (
    "Код;Наименование;Сумма;Дата;Izoh\r\n"
    "1;Тошкент шахри;1234,50;31.12.2024;o'quvchi\r\n"
    "2;Ўзбекистон;20,00;01.02.2025;\r\n"
    "3;Бухоро;-3,5;15.06.2023;\"yo'l; ko'cha\"\r\n"
)


@pytest.fixture
def setup(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.versions.synchronous", True)
    pkg = Dataset()
    res = factories.Resource(package_id=pkg["id"], url="http://127.0.0.1:9/x.csv", format="CSV")
    return pkg, res


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(p)


def search(resource_id, **kw):
    return helpers.call_action("datastore_search", resource_id=resource_id, **kw)


def types(resource_id):
    info = helpers.call_action("datastore_info", id=resource_id)
    return {f["id"]: f["type"] for f in info["fields"]}


def test_detect_utf8_bom_tab_and_types():
    import tempfile

    text = "\ufeffid\tcode\tamount\twhen\tat\n1\t007\t1.5\t2024-01-02\t2024-01-02T10:00:00\n"
    with tempfile.NamedTemporaryFile("wb", suffix=".csv") as f:
        f.write(text.encode("utf-8"))
        f.flush()
        info = detect.sniff(f.name)
    assert (info.encoding, info.bom, info.delimiter) == ("utf-8", 3, "\t")
    assert [(c.id, c.type) for c in info.columns] == [
        ("id", "int8"),
        ("code", "text"),
        ("amount", "numeric"),
        ("when", "date"),
        ("at", "timestamp"),
    ]
    # identifiers made of digits stay text; quantities are integers
    assert detect.guess_type(["301234567", "302345678"], ",", "stir").type == "text"
    assert detect.guess_type(["12", "45"], ",", "yonalish_raqami").type == "text"
    assert detect.guess_type(["12", "45"], ",", "aholi_soni").type == "int8"
    assert detect.clean_headers(["a", "a", "", "_x", "ж" * 40]) == [
        "a",
        "a_2",
        "column_3",
        "x",
        "ж" * 31,
    ]


@pytest.mark.usefixtures("clean_datastore")
def test_cp1251_semicolon_loads_with_types_and_broken_file_changes_nothing(setup, tmp_path):
    pkg, res = setup
    path = write(tmp_path, "a.csv", CP1251, "cp1251")
    result = loader.load(path, res["id"])
    assert result["rows"] == 3
    assert result["messages"] == []  # nothing fell back, the search index was built
    assert result["indexes"]["btree"] == []  # column indexes: when first used (indexes.py)
    with loader.write_engine().connect() as conn:
        n_idx = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_indexes WHERE tablename = %(t)s", {"t": res["id"]}
        ).scalar()
        triggers = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = %(t)s AND t.tgname = 'zfulltext'",
            {"t": res["id"]},
        ).scalar()
    assert n_idx == 2 and triggers == 1  # pkey, GIN full text
    assert types(res["id"]) == {
        "Код": "int8",
        "Наименование": "text",
        "Сумма": "numeric",
        "Дата": "date",
        "Izoh": "text",
    }
    rows = search(res["id"], sort="_id")["records"]
    assert rows[0]["Наименование"] == "Тошкент шахри"
    assert rows[1]["Наименование"] == "Ўзбекистон"
    assert decimal.Decimal(str(rows[0]["Сумма"])) == decimal.Decimal("1234.50")
    assert decimal.Decimal(str(rows[2]["Сумма"])) == decimal.Decimal("-3.5")
    assert rows[0]["Дата"].startswith("2024-12-31")
    assert rows[2]["Izoh"] == "yo'l; ko'cha"
    # a filter on one column and the full text search work, with indexes
    assert search(res["id"], filters={"Код": 2})["records"][0]["Дата"].startswith("2025-02-01")
    assert search(res["id"], q="Тошкент")["total"] == 1
    # the DataStore's own writes still work on the swapped table (trigger, sequence)
    helpers.call_action(
        "datastore_upsert",
        resource_id=res["id"],
        method="insert",
        force=True,
        records=[{"Код": 4, "Наименование": "Xiva"}],
    )
    assert search(res["id"], filters={"Код": 4})["records"][0]["_id"] == 4
    hook(res["id"])
    versions = helpers.call_action("egovuz_version_list", resource_id=res["id"])
    assert len(versions) == 1

    # a broken file: clear reason, previous data and versions untouched
    broken = write(tmp_path, "b.csv", "Код;Наименование\r\n1;a\r\n2;b;c;d\r\n", "cp1251")
    with pytest.raises(loader.LoadError) as e:
        loader.load(broken, res["id"])
    assert "line 3" in str(e.value) and "more values" in str(e.value)
    assert search(res["id"])["total"] == 4
    assert len(helpers.call_action("egovuz_version_list", resource_id=res["id"])) == 1
    # the loader stops where COPY failed; the job around it records the error
    stopped = progress.get(res["id"])
    assert (stopped["phase"], stopped["error"]) == ("loading", None)

    for bad in (b"", b"\x00\x01\x02binary", "\ufeff".encode() + b"a,b\r\n"):
        with pytest.raises(loader.LoadError):
            loader.load(write(tmp_path, "c.csv", bad), res["id"])
    assert search(res["id"])["total"] == 4


@pytest.mark.usefixtures("clean_datastore")
def test_mixed_column_falls_back_to_text_and_dictionary_override(setup, tmp_path):
    pkg, res = setup
    lines = ["n,code,price,when"]
    for i in range(1, 2501):
        lines.append(f"{i},{i * 7},{i}.25,2024-01-{i % 28 + 1:02d}")
    lines[2400] = "2400,N/A,1.25,2024-13-45"  # beyond the sample: not an int, not a date
    path = write(tmp_path, "m.csv", "\n".join(lines) + "\n")
    result = loader.load(path, res["id"])
    assert result["rows"] == 2500
    t = types(res["id"])
    assert t == {"n": "int8", "code": "text", "price": "numeric", "when": "text"}
    msgs = " ".join(result["messages"])
    assert "«code»" in msgs and "N/A" in msgs and "«when»" in msgs
    assert search(res["id"], filters={"n": 2400})["records"][0]["code"] == "N/A"
    assert progress.get(res["id"])["phase"] == "complete"
    assert "«code»" in " ".join(progress.get(res["id"])["messages"])

    # ASCII for more than the sample, then Windows-1251: read as Windows-1251, told so
    late = (
        "n,name\n" + "".join(f"{i},plain ascii text {i:08d}\n" for i in range(40000))
    ).encode() + "40000,Тошкент\n".encode("cp1251")
    assert len(late) > detect.SAMPLE_BYTES
    late_res = factories.Resource(
        package_id=pkg["id"], url="http://127.0.0.1:9/y.csv", format="CSV"
    )
    result = loader.load(write(tmp_path, "late.csv", late), late_res["id"])
    assert result["rows"] == 40001 and "Windows-1251" in " ".join(result["messages"])
    assert search(late_res["id"], filters={"n": 40000})["records"][0]["name"] == "Тошкент"

    # the publisher overrides a type in the Data Dictionary: the next load keeps it
    info = helpers.call_action("datastore_info", id=res["id"])
    fields = [
        {
            "id": f["id"],
            "type": f["type"],
            "info": {"type_override": "text", "label": "Raqam"} if f["id"] == "n" else {},
        }
        for f in info["fields"]
    ]
    helpers.call_action("datastore_create", resource_id=res["id"], force=True, fields=fields)
    loader.load(path, res["id"])
    info = helpers.call_action("datastore_info", id=res["id"])
    n = [f for f in info["fields"] if f["id"] == "n"][0]
    assert n["type"] == "text" and n["info"]["label"] == "Raqam"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


@pytest.mark.usefixtures("clean_datastore")
def test_xloader_job_step_runs_our_loader(setup, tmp_path, ckan_config, monkeypatch):
    from ckanext.xloader import jobs as xjobs

    # the test's source is on loopback, which the worker fetches only when allow-listed
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.fetch_allow", ["127.0.0.1"])
    assert xjobs.xloader_data_into_datastore_ is jobs.ingest_data_into_datastore
    pkg, res = setup
    write(tmp_path, "data.csv", "a;b\n1;x\n2;y\n", "utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/data.csv"
        sysadmin = factories.Sysadmin()
        helpers.call_action("resource_patch", {"user": sysadmin["name"]}, id=res["id"], url=url)
        token = helpers.call_action(
            "api_token_create", {"user": sysadmin["name"]}, user=sysadmin["name"], name="x"
        )["token"]
        xjobs.max_content_length = 10**9
        xjobs.apitoken_header_name = "Authorization"
        job_input = {
            "api_key": token,
            "job_type": "xloader_to_datastore",
            "result_url": "http://127.0.0.1:9/api/3/action/xloader_hook",
            "metadata": {
                "resource_id": res["id"],
                "ckan_url": "http://127.0.0.1:9",
                "ignore_hash": False,
            },
        }
        job_dict = {"metadata": job_input["metadata"], "status": "running"}
        xjobs.xloader_data_into_datastore_(job_input, job_dict, log)
    finally:
        server.shutdown()
    shown = helpers.call_action("resource_show", id=res["id"])
    assert shown["datastore_active"] is True and shown["hash"]
    assert types(res["id"]) == {"a": "int8", "b": "text"}
    assert search(res["id"])["total"] == 2


@pytest.mark.usefixtures("clean_db")
def test_status_action_per_role(app, request):
    users = {r: factories.User() for r in ("member", "editor", "admin", "outsider")}
    org = factories.Organization(
        users=[{"name": users[r]["name"], "capacity": r} for r in ("member", "editor", "admin")]
    )
    users["sysadmin"] = factories.Sysadmin()
    pkg = Dataset(owner_org=org["id"], private=True)
    res = factories.Resource(package_id=pkg["id"], url="http://127.0.0.1:9/x.csv", format="CSV")
    progress.update(res["id"], "loading", 500, 1000, started=True)
    # a live load holds its resource's lock (a load without one is dead: marked failed)
    live = loader._Owner(loader.write_engine(), jobs.RESOURCE_LOCK + res["id"])
    request.addfinalizer(live.close)
    for role in ("anonymous", "outsider", "member", "editor", "admin", "sysadmin"):
        user = users.get(role)
        ctx = {"user": user["name"] if user else "", "ignore_auth": False}
        if role in ("anonymous", "outsider"):
            with pytest.raises(helpers.logic.NotAuthorized):
                helpers.call_action("egovuz_ingest_status", ctx, resource_id=res["id"])
        else:
            st = helpers.call_action("egovuz_ingest_status", ctx, resource_id=res["id"])
            assert (st["phase"], st["rows_loaded"], st["percent"]) == ("loading", 500, 50)
    with pytest.raises(helpers.logic.ValidationError):
        helpers.call_action("egovuz_ingest_status", {"user": users["sysadmin"]["name"]})
    # the resource page shows the progress to its editors
    token = helpers.call_action(
        "api_token_create",
        {"user": users["editor"]["name"]},
        user=users["editor"]["name"],
        name="t",
    )["token"]
    page = app.get(f"/dataset/{pkg['name']}/resource/{res['id']}", headers={"Authorization": token})
    box = page.body[page.body.index("egovuz-ingest-progress") :]
    box = box[: box.index("</div>\n")]
    assert "500 of 1,000 rows" in box and 'style="width: 50%">50%<' in box


@pytest.mark.usefixtures("clean_datastore")
def test_queryable_before_the_search_index_and_served_if_it_fails(setup, tmp_path, monkeypatch):
    """COPY builds no index (issue 14): the table is served as soon as it is swapped in,
    rows in order; the full-text step adds the primary key and the GIN index. When that
    step fails, the publisher is told, and the served table still gets its primary key."""
    pkg, res = setup
    path = write(tmp_path, "q.csv", "kod,nomi\n" + "".join(f"{i},joy {i}\n" for i in range(1, 51)))

    def indexes():
        with loader.write_engine().connect() as conn:
            return sorted(
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT CASE WHEN i.indisprimary THEN 'pkey' ELSE am.amname END "
                    "FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                    "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam "
                    "WHERE c.relname = %(t)s",
                    {"t": res["id"]},
                )
            )

    seen = {}

    def on_queryable():
        seen["indexes"] = indexes()
        seen["first"] = [r["kod"] for r in search(res["id"], limit=3)["records"]]

    result = loader.load(path, res["id"], on_queryable=on_queryable)
    assert seen == {"indexes": [], "first": [1, 2, 3]}
    assert indexes() == ["gin", "pkey"] and result["messages"] == []
    assert {"copy", "queryable", "fts_table", "fts_gin", "complete"} <= set(result["timings"])

    def broken(*args, **kwargs):
        raise RuntimeError("no space left for the index")

    monkeypatch.setattr(loader, "build_search", broken)
    result = loader.load(path, res["id"])
    assert indexes() == ["pkey"]
    assert result["rows"] == 50 and search(res["id"], filters={"kod": 50})["total"] == 1
    assert result["messages"] == [
        "The data is loaded, but its search index could not be built: no space left for the index"
    ]


def test_the_job_log_is_in_ckans_database_unless_the_ini_names_another(ckan_config):
    from ckanext.xloader import db as xloader_db

    from ckanext.egovuz.ingest.plugin import JOBS_DB, job_log_in_ckans_database

    ckan_db = "postgresql://ckan_default:pw@127.0.0.1:5432/ckan"
    conf = {"sqlalchemy.url": ckan_db, JOBS_DB: "sqlite:////tmp/xloader_jobs.db"}
    job_log_in_ckans_database(conf)  # xloader's declared default
    assert conf[JOBS_DB] == ckan_db
    conf = {"sqlalchemy.url": ckan_db}
    job_log_in_ckans_database(conf)
    assert conf[JOBS_DB] == ckan_db
    other = "postgresql://jobs:pw@10.0.0.5:5432/jobs"
    conf = {"sqlalchemy.url": ckan_db, JOBS_DB: other}
    job_log_in_ckans_database(conf)
    assert conf[JOBS_DB] == other
    # this run: test.ini names no job database; its CKAN database is the one make test
    # gives (CKAN_SQLALCHEMY_URL, own port), and xloader's engine writes there
    assert ckan_config[JOBS_DB] == ckan_config["sqlalchemy.url"]
    xloader_db.init(ckan_config)
    url = xloader_db.ENGINE.url
    assert (url.drivername, url.port, url.database) == (
        "postgresql",
        sa_url(ckan_config["sqlalchemy.url"]).port,
        sa_url(ckan_config["sqlalchemy.url"]).database,
    )


def sa_url(text):
    import sqlalchemy

    return sqlalchemy.engine.make_url(text)
