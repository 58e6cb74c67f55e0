"""The third-party internals our plugins rely on, checked at start-up.

The ingest plugin replaces one function of xloader's job module and calls its helpers
(one of them private); the ingest loader, the exports and the Structure tab call private
functions of the DataStore's PostgreSQL backend. They were written for the versions
below: on any other version, or when one of those functions is gone or takes other
parameters, the plugin refuses to start with a message that names what changed (better
than a load or an export failing later on a user's request). Review the overrides, then
widen the range."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect

from ckan.plugins import toolkit as tk

CKAN_VERSIONS = ("2.11.0", "2.11.99")
XLOADER_VERSIONS = ("2.5.0", "2.5.99")

# module -> {function: its parameters, in order}
XLOADER_FUNCTIONS = {
    "ckanext.xloader.jobs": {
        "xloader_data_into_datastore_": ("input", "job_dict", "logger"),
        "_download_resource_data": ("resource", "data", "api_key", "logger"),
        "get_resource_and_dataset": ("resource_id", "api_key"),
        "set_datastore_active": ("data", "resource", "logger"),
        "callback_xloader_hook": ("result_url", "api_key", "job_dict"),
        "update_resource": ("resource", "patch_only"),
        "validate_input": ("input",),
    },
    "ckanext.xloader.utils": {"cleanup_temp_file": ("tmp_file",)},
}
DATASTORE_FUNCTIONS = {
    "ckanext.datastore.backend.postgres": {
        "_get_fields_types": ("connection", "resource_id"),
        "_get_field_info": ("connection", "resource_id"),
        "_where": ("where_clauses_and_values",),
        "_generate_index_name": ("resource_id", "field"),
        "identifier": ("s",),
    },
}


# the search plugin replaces the tracking plugin's per-result summaries with two queries
# that read the same values (search/tracking.py); "Class.method" names a method
TRACKING_FUNCTIONS = {
    "ckanext.tracking.plugin": {
        "TrackingPlugin.after_dataset_search": ("self", "search_results", "search_params"),
    },
    "ckanext.tracking.model": {
        "TrackingSummary.get_for_package": ("package_id",),
        "TrackingSummary.get_for_resource": ("url",),
    },
}


class IncompatibleVersion(RuntimeError):
    """A third-party version or function the overrides were not written for."""


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def check_version(distribution: str, supported: tuple[str, str], installed: str | None = None):
    installed = installed or importlib.metadata.version(distribution)
    low, high = supported
    if not _version_tuple(low) <= _version_tuple(installed) <= _version_tuple(high):
        raise IncompatibleVersion(
            f"{distribution} {installed} is installed; ckanext-egovuz overrides parts of it "
            f"and was written for {low} to {high}: review ckanext/egovuz/core/compat.py"
        )


def check_functions(functions: dict[str, dict[str, tuple[str, ...]]]):
    for module_name, expected in functions.items():
        module = importlib.import_module(module_name)
        for name, params in expected.items():
            func = module
            for part in name.split("."):
                func = getattr(func, part, None)
            if not callable(func):
                raise IncompatibleVersion(
                    f"{module_name}.{name} is gone: ckanext-egovuz "
                    "relies on it (see ckanext/egovuz/core/compat.py)"
                )
            got = tuple(inspect.signature(func).parameters)
            if got != params:
                raise IncompatibleVersion(
                    f"{module_name}.{name} takes {got}, ckanext-egovuz was written for "
                    f"{params} (see ckanext/egovuz/core/compat.py)"
                )


def require_ckan():
    if not tk.check_ckan_version(*CKAN_VERSIONS):
        raise IncompatibleVersion(
            f"CKAN {tk.ckan.__version__} is installed; ckanext-egovuz was written for "
            f"{CKAN_VERSIONS[0]} to {CKAN_VERSIONS[1]}"
        )


def require_datastore_internals():
    """For the users of the DataStore backend's private functions (ingest, exports)."""
    require_ckan()
    check_functions(DATASTORE_FUNCTIONS)


def require_tracking_internals():
    """For the search plugin, which answers the tracking plugin's search summaries."""
    require_ckan()
    check_functions(TRACKING_FUNCTIONS)


def require_xloader_internals():
    """For the ingest plugin, which replaces a step of xloader's job."""
    check_version("ckanext-xloader", XLOADER_VERSIONS)
    check_functions(XLOADER_FUNCTIONS)
