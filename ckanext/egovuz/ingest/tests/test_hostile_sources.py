"""The ingest worker against a hostile publisher (issue 11): no fetch into internal
networks (item 2), XLSX files whose declared size lies or that unpack to a bomb
(item 5), and one clear sentence in the publisher's language instead of a traceback
(item 8). Real HTTP servers on 127.0.0.x, the real DataStore, the real job."""

from __future__ import annotations

import functools
import http.server
import io
import ipaddress
import logging
import os
import re
import threading
import zipfile

import pytest
from ckan.tests import factories, helpers
from werkzeug.datastructures import FileStorage

from ckanext.egovuz.ingest import fetch, jobs, progress
from ckanext.egovuz.ingest.messages import PublisherError
from ckanext.egovuz.testing import Dataset

log = logging.getLogger(__name__)


class _Handler(http.server.SimpleHTTPRequestHandler):
    hosts: list = []
    redirect_to: str | None = None

    def do_GET(self):
        type(self).hosts.append(self.headers.get("Host"))
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *a):
        pass


@pytest.fixture
def serve(tmp_path):
    """serve(address, redirect_to=None) -> (base URL, Host headers received)."""
    servers = []

    def start(address="127.0.0.1", redirect_to=None):
        handler = type("H", (_Handler,), {"hosts": [], "redirect_to": redirect_to})
        server = http.server.ThreadingHTTPServer(
            (address, 0), functools.partial(handler, directory=str(tmp_path))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://{address}:{server.server_port}", handler.hosts

    (tmp_path / "data.csv").write_text("a,b\n1,x\n2,y\n", encoding="utf-8")
    yield start
    for s in servers:
        s.shutdown()


def _download(url):
    data = {}
    tmp, md5 = fetch.download_resource_data({"id": "x", "url": url}, data, None, log)
    try:
        with open(tmp.name, "rb") as f:
            return f.read()
    finally:
        tmp.close()


def test_forbidden_addresses():
    for a in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.5.4",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.251",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ):
        assert fetch.forbidden_address(ipaddress.ip_address(a)), a
    for a in ("8.8.8.8", "195.158.1.1", "172.32.0.1", "2001:4860:4860::8888"):
        assert not fetch.forbidden_address(ipaddress.ip_address(a)), a


def test_loopback_refused_by_default_loaded_when_allow_listed(serve, ckan_config, monkeypatch):
    base, hosts = serve("127.0.0.1")
    for url in (base + "/data.csv", base.replace("127.0.0.1", "localhost") + "/data.csv"):
        with pytest.raises(PublisherError) as e:
            _download(url)
        assert "private or internal network" in str(e.value)
    assert hosts == []  # nothing ever connected
    for kind in ("ftp://127.0.0.1/x.csv", "file:///etc/passwd", "gopher://127.0.0.1:6379/_"):
        with pytest.raises(PublisherError) as e:
            _download(kind)
        assert "only http:// and https://" in str(e.value)
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.fetch_allow", ["127.0.0.0/30"])
    assert _download(base + "/data.csv") == b"a,b\n1,x\n2,y\n"
    # by host name: the connection goes to the checked address, with the name as Host
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.fetch_allow", ["localhost"])
    port = base.rsplit(":", 1)[1]
    assert _download(f"http://localhost:{port}/data.csv") == b"a,b\n1,x\n2,y\n"
    assert hosts[-1] == f"localhost:{port}"


def test_a_redirect_into_a_refused_address_is_refused(serve, ckan_config, monkeypatch):
    inside, inside_hosts = serve("127.0.0.1")
    allowed, _ = serve("127.0.0.2", redirect_to=inside + "/data.csv")
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.fetch_allow", ["127.0.0.2"])
    with pytest.raises(PublisherError) as e:
        _download(allowed + "/data.csv")
    assert "127.0.0.1" in str(e.value) and inside_hosts == []
    # a redirect loop ends
    loop, _ = serve("127.0.0.2", redirect_to="/again")
    with pytest.raises(PublisherError) as e:
        _download(loop + "/x.csv")
    assert "redirects more than 5 times" in str(e.value)


def _xlsx(rows, dimension=None, pad=0):
    """An XLSX file made by openpyxl; its <dimension ref> rewritten, `pad` bytes of
    whitespace added to the sheet (they compress to almost nothing)."""
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                if dimension:
                    text = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"', text)
                if pad:
                    text = text.replace("</worksheet>", " " * pad + "</worksheet>")
                data = text.encode()
            z.writestr(info.filename, data)
    return out.getvalue()


def _upload(pkg, name, content, fmt="XLSX"):
    sysadmin = factories.Sysadmin()
    return helpers.call_action(
        "resource_create",
        {"user": sysadmin["name"]},
        package_id=pkg["id"],
        format=fmt,
        upload=FileStorage(io.BytesIO(content), name),
    )


def _run_step(res):
    from ckanext.xloader import jobs as xjobs

    site_user = helpers.call_action("get_site_user")
    token = helpers.call_action(
        "api_token_create", {"user": site_user["name"]}, user=site_user["name"], name="xloader"
    )["token"]
    job_input = {
        "api_key": token,
        "job_type": "xloader_to_datastore",
        "metadata": {
            "resource_id": res["id"],
            "ignore_hash": True,
            "ckan_url": "http://127.0.0.1:9",
        },
    }
    xjobs.xloader_data_into_datastore_(job_input, {"metadata": job_input["metadata"]}, log)


@pytest.fixture
def sync_versions(ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.versions.synchronous", True)


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_xlsx_declared_size_is_not_trusted(tmp_path):
    pkg = Dataset()
    rows = [["viloyat", "soni"], ["Buxoro", 12]]
    # declared A1:Z100000 -> two columns, one row, read from the portal's storage
    res = _upload(pkg, "a.xlsx", _xlsx(rows, "A1:Z100000"))
    _run_step(res)
    got = helpers.call_action("datastore_search", resource_id=res["id"])
    assert [f["id"] for f in got["fields"]][1:] == ["viloyat", "soni"]
    assert [(r["viloyat"], r["soni"]) for r in got["records"]] == [("Buxoro", 12)]
    # declared A1:XFD1048576 -> the same two columns, a CSV of a few bytes
    path = tmp_path / "b.xlsx"
    path.write_bytes(_xlsx(rows, "A1:XFD1048576"))
    out = jobs.xlsx_to_csv(str(path))
    try:
        assert os.path.getsize(out) < 100
        assert open(out, encoding="utf-8").read().splitlines() == ["viloyat,soni", "Buxoro,12"]
    finally:
        os.unlink(out)
    # trailing empty cells and rows written by a spreadsheet program are dropped
    path.write_bytes(_xlsx([["a", "b", None, ""], [1, 2, None], [None, None], ["", ""]]))
    out = jobs.xlsx_to_csv(str(path))
    try:
        assert open(out, encoding="utf-8").read().splitlines() == ["a,b", "1,2"]
    finally:
        os.unlink(out)


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_xlsx_bomb_and_too_many_cells_are_refused_with_a_reason(tmp_path, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.xlsx_max_uncompressed", 5_000_000)
    bomb = _xlsx([["a"], [1]], pad=20_000_000)
    assert len(bomb) < 100_000
    pkg = Dataset()
    res = _upload(pkg, "bomb.xlsx", bomb)
    with pytest.raises(PublisherError) as e:
        _run_step(res)
    assert "unpacks to more than 5 MB" in str(e.value)
    status = helpers.call_action("egovuz_ingest_status", resource_id=res["id"])
    assert status["phase"] == "error" and "unpacks to more than 5 MB" in status["error"]
    assert helpers.call_action("resource_show", id=res["id"])["datastore_active"] is False
    # a sheet over the cell limit: a value far away makes the extent, and it is refused
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.xlsx_max_cells", 1000)
    path = tmp_path / "far.xlsx"
    rows = [["a", "b"]] + [[None, None]] * 600 + [[1, 2]]
    path.write_bytes(_xlsx(rows))
    with pytest.raises(PublisherError) as e:
        jobs.xlsx_to_csv(str(path))
    assert "more than the 1000 the portal loads" in str(e.value)
    path.write_bytes(b"not a zip at all")
    with pytest.raises(PublisherError) as e:
        jobs.xlsx_to_csv(str(path))
    assert "not a readable XLSX workbook" in str(e.value)


SENTENCES = {
    "en": "it unpacks to more than 5 MB",
    "ru": "распаковывается более чем в 5 МБ",
    "uz": "5 MB dan ortiq hajmga ochiladi",
}


@pytest.mark.usefixtures("clean_datastore", "sync_versions")
def test_a_refused_file_is_one_sentence_in_the_publishers_language(app, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.ingest.xlsx_max_uncompressed", 5_000_000)
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    pkg = Dataset(owner_org=org["id"])
    res = _upload(pkg, "bomb.xlsx", _xlsx([["a"], [1]], pad=20_000_000))
    with pytest.raises(PublisherError):
        _run_step(res)
    token = helpers.call_action(
        "api_token_create", {"user": editor["name"]}, user=editor["name"], name="t"
    )["token"]
    for lang, sentence in SENTENCES.items():
        prefix = "" if lang == "en" else f"/{lang}"
        body = app.get(
            f"{prefix}/dataset/{pkg['name']}/resource/{res['id']}", headers={"Authorization": token}
        ).body
        block = body[body.index("egovuz-ingest-progress") :][:2000]
        assert sentence in block, (lang, block)
        assert "Traceback" not in body and 'File "' not in body and "jobs.py" not in body
        others = [s for k, s in SENTENCES.items() if k != lang]
        assert not any(s in block for s in others), lang


@pytest.mark.usefixtures("clean_datastore", "with_test_worker", "clean_queues")
def test_the_job_refuses_an_internal_link_without_a_traceback(
    live_server, serve, ckan_config, monkeypatch
):
    """The whole xloader job, as the issue reproduced it: a CSV link into the portal's own
    network. Nothing is fetched, the job ends in error with one sentence, no traceback."""
    base, hosts = serve("127.0.0.1")
    site_user = helpers.call_action("get_site_user")
    token = helpers.call_action(
        "api_token_create",
        context={"user": site_user["name"]},
        user=site_user["name"],
        name="xloader",
    )["token"]
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", token)
    sysadmin = factories.Sysadmin()
    pkg = Dataset(user=sysadmin)
    res = helpers.call_action(
        "resource_create",
        context={"user": sysadmin["name"]},
        package_id=pkg["id"],
        url=base + "/data.csv",
        format="CSV",
    )
    from ckan.lib import jobs as ckan_jobs

    ckan_jobs.Worker(["default"]).work(burst=True)
    assert hosts == []
    status = helpers.call_action("xloader_status", resource_id=res["id"])
    assert status["status"] == "error", status
    assert "private or internal network" in status["error"]["message"]
    assert status["task_info"]["error"] == status["error"]
    text = repr(status)
    assert 'File "' not in text and "Traceback" not in text
    assert progress.get(res["id"])["phase"] == "error"
    assert helpers.call_action("resource_show", id=res["id"])["datastore_active"] is False


def test_what_the_publisher_reads_for_each_kind_of_failure(app):
    from ckanext.xloader.job_exceptions import JobError, LoaderError, XLoaderTimeoutError

    from ckanext.egovuz.ingest import loader, messages

    own = PublisherError(fetch.REFUSED, host="10.0.0.1")
    assert messages.publisher_error(own) is own
    assert (
        str(messages.publisher_error(loader.LoadError("Line 3: bad value"))) == "Line 3: bad value"
    )
    for e in (LoaderError('COPY failed: ... File "/x.py", line 3'), JobError("tabulator")):
        assert str(messages.publisher_error(e)) == messages.NOT_A_TABLE
    assert str(messages.publisher_error(XLoaderTimeoutError("x"))) == messages.TIMED_OUT
    assert str(messages.publisher_error(KeyError("resource"))) == messages.INTERNAL
    stored = own.stored()
    with app.flask_app.test_request_context():
        assert stored.startswith('{"msgid"') and messages.translate(stored) == str(own)
        assert messages.translate("plain text") == "plain text"
