import pytest

from . import dcat_site


@pytest.fixture(scope="module")
def dcat_catalogue():
    """The DCAT test catalogue (dcat_site.build), built once per test module on an empty
    database and index."""
    dcat_site.reset()
    return dcat_site.build()


@pytest.fixture(scope="module")
def dcat_app():
    """One test client for a module's requests (CKAN's `app` builds one per test)."""
    from ckan.tests.helpers import _get_test_app

    return _get_test_app()
