"""The repository's conftest: the shared fixtures live in one pytest plugin,
ckanext/egovuz/tests/pytest_plugin.py (database reset and migrations, plugins, live
server, SMTP sink)."""

pytest_plugins = ("ckanext.egovuz.tests.pytest_plugin",)
