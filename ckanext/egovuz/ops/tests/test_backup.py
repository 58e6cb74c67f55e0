"""`ckan egovuz backup DIR` and `ckan egovuz restore DIR` (issue 17), run as the CLI
(subprocesses against the test site's real databases, storage and Solr): a populated site
(datasets with DataStore tables, versions, proposals with votes, comments, ratings,
content, statistics, an uploaded file) is backed up, wiped to a fresh state, restored,
and compared: same datasets, same rows in every table of both databases (a checksum per
table), same versions, proposals, votes, comments, content and statistics through their
actions, the same uploaded bytes, and search answers from the rebuilt index."""

from __future__ import annotations

import io
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from ckanext.egovuz.tests.helpers import proposal_in_voting

ROOT = pathlib.Path(__file__).resolve().parents[4]


def _ckan(*args):
    ckan = os.path.join(os.path.dirname(sys.executable), "ckan")
    return subprocess.run(
        [ckan, "-c", str(ROOT / "test.ini"), "egovuz", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )


def _checksums(url):
    """{table: (rows, md5 of the rows in a stable order)} of every table in public."""
    engine = sa.create_engine(url)
    out = {}
    try:
        with engine.connect() as conn:
            for name in sorted(sa.inspect(conn).get_table_names(schema="public")):
                q = sa.text(
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' "
                    f"ORDER BY t::text), '')) FROM public.\"{name}\" t"
                )
                out[name] = tuple(conn.execute(q).one())
    finally:
        engine.dispose()
    return out


def _state(world):
    """What the operators and the public see, through the actions."""
    sysadmin = {"user": world["sysadmin"]["name"]}
    call = helpers.call_action
    datasets = {}
    for name in call("package_list", context=sysadmin):
        pkg = call("package_show", context=sysadmin, id=name)
        for key in ("metadata_modified",):
            pkg.pop(key, None)
        datasets[name] = pkg
    tables = {}
    for res_id in world["tables"]:
        tables[res_id] = call(
            "datastore_search", context=sysadmin, resource_id=res_id, limit=1000, sort="_id"
        )["records"]
    pid = world["proposal"]["id"]
    return {
        "datasets": datasets,
        "tables": tables,
        "versions": call("egovuz_version_list", context=sysadmin, resource_id=world["tables"][0]),
        "proposal": call("egovuz_proposal_show", context=sysadmin, id=pid),
        "comments": call("egovuz_comment_list", context=sysadmin, package_id=world["datasets"][0]),
        "news": call("egovuz_news_list", context=sysadmin),
        "glossary": call("egovuz_glossary_list", context=sysadmin),
        "stats": call("egovuz_stats_overview", context=sysadmin),
        "search": sorted(
            r["name"]
            for r in call("package_search", context=sysadmin, q="maktab", rows=100)["results"]
        ),
    }


@pytest.fixture
def world(clean_datastore, app):
    from ckanext.egovuz.testing import Dataset
    from ckanext.egovuz.versions.snapshot import take_version

    sysadmin = factories.Sysadmin()
    users = [factories.User() for _ in range(3)]
    org = factories.Organization()
    factories.Group(name="talim", title="Ta'lim")
    ctx = {"user": sysadmin["name"]}
    datasets, tables = [], []
    for n in range(3):
        ds = Dataset(owner_org=org["id"], title=f"Toshkent maktablari {n}", spheres=["talim"])
        datasets.append(ds["id"])
        t = helpers.call_action(
            "datastore_create",
            context=ctx,
            resource_id=factories.Resource(
                package_id=ds["id"],
                name=f"jadval {n}",
                format="CSV",
                url=f"https://data.egov.uz/jadval{n}.csv",
            )["id"],
            force=True,
            fields=[
                {"id": "id", "type": "int"},
                {"id": "nom", "type": "text"},
                {"id": "soni", "type": "numeric"},
            ],
            records=[
                {"id": i, "nom": f"Maktab №{i} «Oʻzbekiston»", "soni": i * 1.5}
                for i in range(200 + n)
            ],
            primary_key="id",
        )
        tables.append(t["resource_id"])
    take_version(tables[0])
    helpers.call_action(
        "datastore_upsert",
        context=ctx,
        resource_id=tables[0],
        records=[{"id": 1, "nom": "Yangilangan", "soni": 7}],
        method="upsert",
        force=True,
    )
    take_version(tables[0])
    proposal = proposal_in_voting(
        sysadmin, users[0], org, title="Bog'chalar ro'yxati", description="Manzillar bilan"
    )
    for u in users:
        helpers.call_action("egovuz_proposal_vote", context={"user": u["name"]}, id=proposal["id"])
        helpers.call_action(
            "egovuz_comment_create",
            context={"user": u["name"]},
            package_id=datasets[0],
            body=f"Rahmat, {u['name']}!",
        )
        helpers.call_action(
            "egovuz_rating_create", context={"user": u["name"]}, package_id=datasets[1], rating=4
        )
    helpers.call_action(
        "egovuz_news_create", context=ctx, title="Portal yangilandi", body="**Yangi** imkoniyatlar"
    )
    helpers.call_action(
        "egovuz_glossary_create",
        context=ctx,
        title="Ochiq maʼlumotlar",
        body="Erkin foydalanish mumkin boʻlgan maʼlumotlar",
    )
    token = factories.APIToken(user=sysadmin["name"])["token"]
    upload = "Hisobot: Toshkent\n".encode() * 500
    resp = app.post(
        "/api/3/action/resource_create",
        headers={"Authorization": token},
        data={
            "package_id": datasets[2],
            "name": "hisobot.txt",
            "format": "TXT",
            "upload": (io.BytesIO(upload), "hisobot.txt"),
        },
    )
    assert resp.status_code == 200, resp.body
    helpers.call_action("egovuz_stats_refresh", context=ctx, full=True)
    return {
        "sysadmin": sysadmin,
        "datasets": datasets,
        "tables": tables,
        "proposal": proposal,
        "upload": upload,
        "upload_res": json.loads(resp.body)["result"]["id"],
    }


def _upload_path(res_id):
    storage = tk.config.get("ckan.storage_path")
    return os.path.join(storage, "resources", res_id[:3], res_id[3:6], res_id[6:])


def _refusals(target, tmp_path):
    """A used folder, a damaged backup, a folder that is no backup: clear errors, nothing
    touched (the commands in process: each `ckan` start costs half a minute here)."""
    from click.testing import CliRunner
    from ckanext.egovuz.cli import egovuz

    runner = CliRunner()
    again = runner.invoke(egovuz, ["backup", str(target)])
    assert again.exit_code != 0 and "not empty" in again.output
    damaged = tmp_path / "damaged"
    shutil.copytree(target, damaged)
    with open(damaged / "datastore.dump", "r+b") as f:
        f.seek(100)
        f.write(b"XXXX")
    refused = runner.invoke(egovuz, ["restore", str(damaged), "--yes"])
    assert refused.exit_code != 0 and "damaged" in refused.output
    assert "Traceback" not in refused.output
    not_backup = runner.invoke(egovuz, ["restore", str(tmp_path), "--yes"])
    assert not_backup.exit_code != 0 and "not a backup" in not_backup.output
    assert helpers.call_action("package_search", q="maktab")["count"] == 3


def test_backup_wipe_restore_gives_the_same_site(world, tmp_path, reset_db, reset_index):
    from ckanext.datastore.tests import helpers as ds_helpers

    main_url = tk.config.get("sqlalchemy.url")
    ds_url = tk.config.get("ckan.datastore.write_url")
    before = {"ckan": _checksums(main_url), "datastore": _checksums(ds_url)}
    state = _state(world)
    assert len(state["datasets"]) == 3 and len(state["versions"]) == 2
    assert state["proposal"]["votes"] == 3 and len(state["comments"]["results"]) == 3
    assert len(state["search"]) == 3
    with open(_upload_path(world["upload_res"]), "rb") as f:
        assert f.read() == world["upload"]

    from ckan import model

    model.Session.remove()  # no open transaction of ours may hold a lock on a table
    target = tmp_path / "backup"
    done = _ckan("backup", str(target))
    assert done.returncode == 0, done.stderr[-3000:]
    manifest = json.loads((target / "manifest.json").read_text())
    assert {"ckan.dump", "datastore.dump", "storage.tar"} <= set(manifest["files"])
    assert manifest["rows"]["ckan"]["package"] == before["ckan"]["package"][0]
    _refusals(target, tmp_path)

    # a fresh state: empty databases, empty index, no uploads
    model.Session.remove()
    reset_db()
    ds_helpers.rebuild_all_dbs(
        ds_helpers.orm.scoped_session(
            ds_helpers.orm.sessionmaker(bind=ds_helpers.db.get_write_engine())
        )
    )
    reset_index()
    shutil.rmtree(tk.config.get("ckan.storage_path"), ignore_errors=True)
    assert helpers.call_action("package_search", q="maktab")["count"] == 0
    assert _checksums(main_url)["package"][0] == 0

    model.Session.remove()
    done = _ckan("restore", str(target), "--yes")
    assert done.returncode == 0, done.stderr[-3000:]
    model.Session.remove()
    after = {"ckan": _checksums(main_url), "datastore": _checksums(ds_url)}
    for db in ("ckan", "datastore"):
        assert set(after[db]) == set(before[db]), db
        differ = {t for t in before[db] if before[db][t] != after[db][t]}
        assert not differ, f"{db}: tables differ after restore: {sorted(differ)}"
    assert _state(world) == state
    with open(_upload_path(world["upload_res"]), "rb") as f:
        assert f.read() == world["upload"]
