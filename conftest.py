"""Fixtures shared by every domain's tests. All run against the real PostgreSQL, Solr and
Redis that `make test` starts."""
import os

import pytest


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
