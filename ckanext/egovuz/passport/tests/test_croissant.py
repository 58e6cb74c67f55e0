"""Croissant (ckanext-dcat's croissant plugin with our egovuz_croissant profile), checked by
MLCommons' own mlcroissant (in .venv-interop, see requirements-interop.txt): the portal's
IRIs, every field typed, citeAs and version, no warnings, and the first records load."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import subprocess
import threading
import uuid

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset

ROOT = os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
)
MLCROISSANT = os.path.join(ROOT, ".venv-interop", "bin", "mlcroissant")
CSV = (
    "tuman,aholi,sana,izoh\n"
    "Chilonzor,250000,2024-01-05,markaz\n"
    'Yunusobod,330000,2024-02-05,"a, b"\n'
    "Olmazor,180000,2024-03-01,shimol\n"
).encode()
FIELDS = [
    {"id": "tuman", "type": "text"},
    {"id": "aholi", "type": "int"},
    {"id": "sana", "type": "date"},
    {"id": "izoh", "type": "text"},
]


@pytest.fixture
def csv_server(tmp_path):
    (tmp_path / "aholi.csv").write_bytes(CSV)
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(tmp_path)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/aholi.csv"
    server.shutdown()


def _v(value):
    """A JSON-LD value: plain, or {"@value": ...} (the context sets a language)."""
    return value["@value"] if isinstance(value, dict) else value


def _run(*args, cwd):
    return subprocess.run(
        [MLCROISSANT, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.usefixtures("non_clean_db")  # its own uniquely named dataset and table
def test_croissant_validates_and_loads(app, csv_server, tmp_path):
    sysadmin = factories.Sysadmin()
    ds = Dataset(user=sysadmin, name=f"aholi-soni-{uuid.uuid4().hex[:8]}", title="Aholi soni")
    res = helpers.call_action(
        "resource_create",
        context={"user": sysadmin["name"]},
        package_id=ds["id"],
        url=csv_server,
        format="CSV",
        name="aholi",
        hash=hashlib.sha256(CSV).hexdigest(),
    )
    rows = [
        dict(zip(["tuman", "aholi", "sana", "izoh"], line.split(",", 3)))
        for line in CSV.decode().splitlines()[1:]
    ]
    helpers.call_action(
        "datastore_create", resource_id=res["id"], fields=FIELDS, records=rows, force=True
    )

    body = app.get(f"/dataset/{ds['name']}/croissant.jsonld").body
    assert "example.org" not in body
    doc = json.loads(body)
    assert "aholi-soni" in _v(doc["citeAs"]) and "Aholi soni" in _v(doc["citeAs"])
    changed = helpers.call_action("package_show", id=ds["id"])["data_last_changed"][:10]
    year, month, day = (int(x) for x in changed.split("-"))
    assert _v(doc["version"]) == f"{year}.{month}.{day}"
    record_sets = doc["recordSet"]
    (record_set,) = record_sets if isinstance(record_sets, list) else [record_sets]
    assert record_set["@id"].startswith("http://") and "/resource/" + res["id"] in record_set["@id"]
    types = {_v(f["name"]): f["dataType"].removeprefix("sc:") for f in record_set["field"]}
    assert types == {"tuman": "Text", "aholi": "Integer", "sana": "Date", "izoh": "Text"}
    path = tmp_path / "croissant.json"
    path.write_text(body, encoding="utf-8")

    validated = _run("validate", "--jsonld", str(path), cwd=tmp_path)
    out = validated.stdout + validated.stderr
    assert validated.returncode == 0, out
    assert "warning" not in out.lower(), out

    loaded = _run(
        "load",
        "--jsonld",
        str(path),
        "--record_set",
        record_set["@id"],
        "--num_records",
        "2",
        cwd=tmp_path,
    )
    out = loaded.stdout + loaded.stderr
    assert loaded.returncode == 0, out
    assert "Chilonzor" in out and "Yunusobod" in out and "Olmazor" not in out
    # Typed values: mlcroissant gives sc:Text as bytes by design (its data_types.py maps
    # TEXT to bytes), sc:Integer as int, sc:Date as a timestamp.
    assert "records/tuman': b'Chilonzor'" in out
    assert re.search(r"records/aholi': 250000[,}]", out)
    assert "records/sana': Timestamp('2024-01-05 00:00:00')" in out
