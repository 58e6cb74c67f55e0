"""Start-up checks of the third-party internals (issue 16): the installed versions pass,
another version or a changed function stops the plugin with a message naming it."""

import types

import pytest

from ckanext.egovuz.core import compat


def test_installed_versions_pass():
    compat.require_ckan()
    compat.require_datastore_internals()
    compat.require_xloader_internals()
    compat.require_tracking_internals()


@pytest.mark.parametrize("version", ["2.6.0", "2.4.9", "3.0"])
def test_an_xloader_it_was_not_written_for_stops_start_up(version):
    with pytest.raises(compat.IncompatibleVersion, match=f"ckanext-xloader {version}"):
        compat.check_version("ckanext-xloader", compat.XLOADER_VERSIONS, version)


def test_a_changed_or_missing_function_stops_start_up(monkeypatch):
    from ckanext.xloader import jobs as xjobs

    monkeypatch.setattr(
        xjobs, "_download_resource_data", lambda resource, data, api_key, logger, timeout: None
    )
    with pytest.raises(compat.IncompatibleVersion, match="_download_resource_data takes"):
        compat.require_xloader_internals()
    monkeypatch.delattr(xjobs, "_download_resource_data")
    with pytest.raises(compat.IncompatibleVersion, match="_download_resource_data is gone"):
        compat.require_xloader_internals()


def test_the_ingest_plugin_refuses_to_configure_on_a_changed_xloader(monkeypatch):
    from ckanext.egovuz.ingest.plugin import EgovuzIngestPlugin
    from ckanext.xloader import jobs as xjobs

    monkeypatch.setattr(xjobs, "get_resource_and_dataset", types.SimpleNamespace())
    with pytest.raises(compat.IncompatibleVersion, match="get_resource_and_dataset is gone"):
        EgovuzIngestPlugin().configure({})


def test_a_changed_tracking_plugin_stops_the_search_plugin(monkeypatch):
    from ckanext.egovuz.search import tracking
    from ckanext.tracking.model import TrackingSummary

    monkeypatch.setattr(TrackingSummary, "get_for_package", classmethod(lambda cls, pid, day: {}))
    with pytest.raises(compat.IncompatibleVersion, match="get_for_package takes"):
        tracking.install()
