"""Fixtures of the fault tests: real `ckan jobs worker` processes and a file server."""

from __future__ import annotations

import functools
import http.server
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from faultlib import services_down_then_up

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


@pytest.fixture(scope="session")
def site_ini(tmp_path_factory):
    """test.ini with the loader allowed to fetch from the tests' file server."""
    path = tmp_path_factory.mktemp("ini") / "site.ini"
    lines = ["[app:main]", f"use = config:{os.path.join(ROOT, 'test.ini')}"]
    # the tests' file server is on loopback, which the loader fetches only when allowed
    lines.append("ckanext.egovuz.ingest.fetch_allow = 127.0.0.1")
    # the logging sections of test.ini (a `use =` does not carry them)
    with open(os.path.join(ROOT, "test.ini")) as f:
        text = f.read()
    path.write_text("\n".join(lines) + "\n\n" + text[text.index("[loggers]") :])
    return str(path)


class Workers:
    """`ckan jobs worker` processes on the test site's queue."""

    def __init__(self, ini: str, folder):
        self.ini, self.folder, self.procs = ini, folder, []

    def start(self, n: int = 1) -> list[subprocess.Popen]:
        started = []
        for _ in range(n):
            i = len(self.procs)
            log = open(self.folder / f"worker{i}.log", "wb")
            # its own process group: killpg reaches the worker and its work horse
            proc = subprocess.Popen(
                [os.path.join(BIN, "ckan"), "-c", self.ini, "jobs", "worker"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env=dict(os.environ, CKAN_INI=self.ini),
            )
            proc.log_path = self.folder / f"worker{i}.log"
            self.procs.append(proc)
            started.append(proc)
        return started

    def logs(self) -> str:
        return "\n".join(p.log_path.read_text(errors="replace")[-3000:] for p in self.procs)

    def kill(self, proc: subprocess.Popen) -> None:
        """SIGKILL to the worker and its work horse (a crash, the OOM killer). RQ's work
        horse runs in a session of its own: it is found as the worker's child."""
        children = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == proc.pid:
                children.append(int(pid))
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        end = time.time() + 20
        for p in self.procs:
            try:
                p.wait(max(0.1, end - time.time()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


@pytest.fixture
def job_workers(site_ini, tmp_path):
    workers = Workers(site_ini, tmp_path)
    try:
        yield workers
    finally:
        workers.stop()


@pytest.fixture
def file_server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving a folder: (folder, base URL)."""
    folder = tmp_path / "files"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def solr_down():
    """The test run's own Solr stopped for the test, started again whatever happens."""
    from ckanext.egovuz.search import unavailable

    unavailable._state["checked"] = 0.0
    try:
        with services_down_then_up("solr"):
            yield
    finally:
        unavailable._state["checked"] = 0.0


@pytest.fixture
def web_server(site_ini, tmp_path):
    """The test site served by gunicorn (2 workers) on a free port, with site_ini (the
    right job database): yields the base URL."""
    import urllib.request

    from ckanext.egovuz.tests.pytest_plugin import free_port, gunicorn_argv

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "web.log", "wb")
    proc = subprocess.Popen(
        gunicorn_argv(port, workers=2, threads=2),
        env=dict(os.environ, CKAN_INI=site_ini, CKAN_SITE_URL=url),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        end = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(url + "/api/3/action/status_show", timeout=3)
                break
            except OSError:
                if proc.poll() is not None or time.time() > end:
                    raise RuntimeError((tmp_path / "web.log").read_text()[-2000:])
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


class LoaderSite:
    """What every fault test that loads files sets up: xloader's jobs call back with the
    site user's API token, a sysadmin (`admin`, `ctx()` for call_action) and a dataset
    of theirs (`pkg`). xloader (2.5.2) queues the load of a new resource, or of one
    whose URL changed, by itself: it has no setting to turn that off."""

    def __init__(self, ckan_config, monkeypatch):
        from ckan.tests import factories, helpers

        from ckanext.egovuz.testing import Dataset

        site_user = helpers.call_action("get_site_user")
        monkeypatch.setitem(
            ckan_config, "ckanext.xloader.api_token", self.token(site_user["name"], "xloader")
        )
        self.admin = factories.Sysadmin()
        self.pkg = Dataset(user=self.admin)

    def ctx(self) -> dict:
        """A fresh context of the sysadmin (call_action changes the one it is given)."""
        return {"user": self.admin["name"]}

    def resource(self, url: str, fmt: str, package_id: str | None = None, **extra) -> dict:
        """A new resource (of `pkg` unless `package_id` is given) created by the sysadmin."""
        from ckan.tests import helpers

        return helpers.call_action(
            "resource_create",
            context=self.ctx(),
            package_id=package_id or self.pkg["id"],
            url=url,
            format=fmt,
            **extra,
        )

    @staticmethod
    def token(user: str, name: str) -> str:
        """A new API token of `user`."""
        from ckan.tests import helpers

        return helpers.call_action(
            "api_token_create", context={"user": user}, user=user, name=name
        )["token"]


@pytest.fixture
def loader_site(ckan_config, monkeypatch):
    return LoaderSite(ckan_config, monkeypatch)
