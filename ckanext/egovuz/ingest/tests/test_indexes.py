"""Column indexes built when a filter or sort first uses them (issue 14): a load builds
only the primary key and the full-text index; the Table tab's first filter or sort on a
column of a large table queues a CREATE INDEX CONCURRENTLY of that column."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.datatabs.logic import search as table_search
from ckanext.egovuz.ingest import indexes, loader
from ckanext.egovuz.testing import Dataset

CSV = "kod,nomi,summa\n" + "".join(f"{i},joy {i % 7},{i * 1.5}\n" for i in range(1, 301))


def column_indexes(resource_id):
    with loader.write_engine().connect() as conn:
        return {
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
                "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
                "WHERE c.relname = %(t)s AND i.indisvalid AND NOT i.indisprimary "
                "AND a.attname <> '_full_text'",
                {"t": resource_id},
            )
        }


@pytest.fixture
def table(tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.versions.synchronous", True)
    pkg = Dataset()
    res = factories.Resource(package_id=pkg["id"], url="http://127.0.0.1:9/x.csv", format="CSV")
    path = tmp_path / "t.csv"
    path.write_text(CSV)
    result = loader.load(str(path), res["id"])
    assert result["rows"] == 300
    # what xloader's callback does after a load: the Table tab then shows the table
    res = helpers.call_action(
        "resource_patch",
        {"user": factories.Sysadmin()["name"]},
        id=res["id"],
        datastore_active=True,
    )
    return pkg, res


@pytest.fixture
def queued(monkeypatch):
    """The jobs the page queues, captured (and the queue-once marks of Redis cleared)."""
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    for key in redis.scan_iter("egovuz:ingest:index:*"):
        redis.delete(key)
    jobs = []
    monkeypatch.setattr(
        indexes.tk, "enqueue_job", lambda fn, args, **kw: jobs.append((fn, list(args)))
    )
    return jobs


@pytest.mark.usefixtures("clean_datastore")
def test_load_builds_no_column_index_and_first_use_queues_one(app, table, queued, monkeypatch):
    pkg, res = table
    assert column_indexes(res["id"]) == set()
    url = f"/dataset/{pkg['name']}/table"
    # a small table (under MIN_ROWS): no index is worth it
    app.get(url, query_string={"resource_id": res["id"], "f.nomi": "joy 3"})
    assert queued == []
    monkeypatch.setattr(indexes, "MIN_ROWS", 100)
    page = app.get(
        url, query_string={"resource_id": res["id"], "f.nomi": "joy 3", "sort": "summa desc"}
    ).get_data(as_text=True)
    assert "joy 3" in page
    assert sorted(args[1] for fn, args in queued) == ["nomi", "summa"]
    assert {fn for fn, args in queued} == {indexes.build_column_index}
    # queued once: the next page does not queue them again
    app.get(url, query_string={"resource_id": res["id"], "f.nomi": "joy 4"})
    assert len(queued) == 2
    # the job builds the index, and then nothing is missing any more
    for fn, args in queued:
        assert fn(*args) is True
    assert column_indexes(res["id"]) == {"nomi", "summa"}
    assert indexes.missing(res["id"], ["nomi", "summa", "kod"]) == ["kod"]
    assert indexes.build_column_index(res["id"], "nomi") is False
    # the DataStore's search uses the column's index
    with loader.write_engine().connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        plan = "\n".join(
            r[0]
            for r in conn.exec_driver_sql(
                f'EXPLAIN SELECT * FROM "{res["id"]}" WHERE nomi = %(v)s', {"v": "joy 3"}
            )
        )
    assert indexes.index_name(res["id"], "nomi") in plan


@pytest.mark.usefixtures("clean_datastore")
def test_sort_and_filter_columns_are_read_from_the_search(table):
    assert table_search.used_columns({"filters": {"a": 1}, "sort": 'b desc, "c d" asc,e'}) == [
        "a",
        "b",
        "c d",
        "e",
    ]
    assert table_search.used_columns({"sort": ["x desc"]}) == ["x"]
    # an unknown column is refused by the search before any index is asked for
    pkg, res = table
    with pytest.raises(helpers.logic.ValidationError):
        table_search.search_page(
            {"ignore_auth": True}, {"resource_id": res["id"], "sort": "nope desc"}
        )
