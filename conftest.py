"""Fixtures shared by every domain's tests. All run against the real PostgreSQL, Solr and
Redis that `make test` starts."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.abspath(__file__))


def migrated_plugins():
    """Loaded plugins that ship alembic migrations (CKAN's activity, tracking and ours)."""
    from ckan.cli.db import _resolve_alembic_config
    from ckan.plugins import toolkit as tk
    names = []
    for name in tk.aslist(tk.config.get("ckan.plugins")):
        try:
            if os.path.exists(_resolve_alembic_config(name)):
                names.append(name)
        except Exception:  # a plugin that cannot be resolved has no migrations of ours
            continue
    return names


@pytest.fixture(scope="session", autouse=True)
def _egovuz_plugins():
    """Every test runs with the portal's plugins (ckan.plugins of test.ini) loaded, once per
    session: CKAN's function-scoped `with_plugins` reloads them for every test, which
    costs seconds each. A test that needs other plugins uses `with_plugins` itself."""
    import ckan.plugins
    ckan.plugins.load_all()
    yield
    ckan.plugins.unload_non_system_plugins()


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """CKAN's clean_db plus the migrations of every loaded plugin."""
    reset_db()
    for plugin in migrated_plugins():
        migrate_db_for(plugin)


@pytest.fixture
def clean_datastore(clean_db, clean_index):
    """An empty DataStore database (CKAN's own fixture, with our clean_db)."""
    from ckanext.datastore.tests import helpers as ds_helpers
    engine = ds_helpers.db.get_write_engine()
    ds_helpers.rebuild_all_dbs(ds_helpers.orm.scoped_session(ds_helpers.orm.sessionmaker(bind=engine)))
    # rebuild_all_dbs may re-create CKAN's tables: make sure every plugin's are there too.
    from ckan.cli.db import _run_migrations
    for plugin in migrated_plugins():
        _run_migrations(plugin, "head", True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(ckan_config, monkeypatch, tmp_path):
    """The test site served over real HTTP by gunicorn on a free port (same databases,
    Solr core and Redis as the test process), for what must cross HTTP: xloader's
    download and callback, browser tests. Yields the base URL; ckan.site_url points at it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, CKAN_SITE_URL=url, CKAN_INI=os.path.join(ROOT, "test.ini"))
    log = open(tmp_path / "live_server.log", "wb")
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    proc = subprocess.Popen(
        [gunicorn, "--chdir", os.path.join(ROOT, "config"), "wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "120"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/api/3/action/status_show", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("live server did not start: "
                                       + (tmp_path / "live_server.log").read_text()[-2000:])
                time.sleep(0.3)
        monkeypatch.setitem(ckan_config, "ckan.site_url", url)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
