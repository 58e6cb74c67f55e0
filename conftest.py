"""Fixtures shared by every domain's tests. All run against the real PostgreSQL, Solr and
Redis that `make test` starts."""
import pytest

# Plugins with alembic migrations of their own (CKAN's and ours).
MIGRATED_PLUGINS = ("activity", "tracking", "egovuz")


@pytest.fixture(autouse=True)
def _egovuz_plugins(with_plugins):
    """Every test runs with the portal's plugins (ckan.plugins of test.ini) loaded."""
    yield


@pytest.fixture
def clean_db(reset_db, migrate_db_for, with_plugins):
    """CKAN's clean_db plus the migrations of our plugins."""
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        migrate_db_for(plugin)


@pytest.fixture
def clean_datastore(clean_db, clean_index):
    """An empty DataStore database (CKAN's own fixture, with our clean_db)."""
    from ckanext.datastore.tests import helpers as ds_helpers
    engine = ds_helpers.db.get_write_engine()
    ds_helpers.rebuild_all_dbs(ds_helpers.orm.scoped_session(ds_helpers.orm.sessionmaker(bind=engine)))
    # rebuild_all_dbs may re-create CKAN's tables: make sure ours are there too.
    from ckan.cli.db import _run_migrations
    for plugin in MIGRATED_PLUGINS:
        _run_migrations(plugin, "head", True)
