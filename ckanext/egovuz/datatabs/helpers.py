"""Template helpers of the dataset tabs."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app
from ckan.plugins import toolkit as tk


def endpoint_exists(endpoint: str) -> bool:
    """True when a blueprint that serves `endpoint` is registered (e.g. the Versions tab
    appears only when its plugin is loaded)."""
    try:
        return endpoint in current_app.view_functions
    except RuntimeError:
        return False


def tabular_resources(pkg_dict: dict) -> list[dict]:
    return [r for r in pkg_dict.get("resources") or [] if r.get("datastore_active")]


def current_resource(pkg_dict: dict, resource_id: str | None = None) -> dict | None:
    """The resource a tab shows: the one asked for, else the first in the DataStore,
    else (not tabular) the first resource."""
    resources = pkg_dict.get("resources") or []
    if resource_id:
        for r in resources:
            if r["id"] == resource_id:
                return r
    tabular = tabular_resources(pkg_dict)
    if tabular:
        return tabular[0]
    return resources[0] if resources else None


def query_string(params: dict, **changes) -> str:
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    for k, v in changes.items():
        if v in (None, ""):
            merged.pop(k, None)
        else:
            merged[k] = v
    return urlencode(merged, doseq=True)


def page_size() -> int:
    return tk.config.get("ckanext.egovuz.data.page_size")


def get_helpers():
    return {
        "egovuz_endpoint_exists": endpoint_exists,
        "egovuz_tabular_resources": tabular_resources,
        "egovuz_current_resource": current_resource,
        "egovuz_query_string": query_string,
    }
