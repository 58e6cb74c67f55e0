"""Reading a tab, a download or the data API is reading the resource: delegate to CKAN's
resource_show / package_show auth (private datasets → only their organization's members)."""

from __future__ import annotations

from ckan import authz
from ckan.plugins import toolkit as tk


@tk.auth_allow_anonymous_access
def egovuz_structure_show(context, data_dict):
    return authz.is_authorized("resource_show", context, {"id": data_dict.get("resource_id")})


@tk.auth_allow_anonymous_access
def egovuz_export(context, data_dict):
    return authz.is_authorized("resource_show", context, {"id": data_dict.get("resource_id")})


@tk.auth_allow_anonymous_access
def egovuz_data_by_code(context, data_dict):
    package_id = data_dict.get("package_id")
    if not package_id:
        return {"success": True}  # the action checks package_show once it knows the dataset
    return authz.is_authorized("package_show", context, {"id": package_id})


def get_auth_functions():
    return {
        "egovuz_structure_show": egovuz_structure_show,
        "egovuz_export": egovuz_export,
        "egovuz_data_by_code": egovuz_data_by_code,
    }
