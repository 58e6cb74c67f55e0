"""Versions are readable by whoever may read the resource (resource_show)."""

from __future__ import annotations

from ckan.plugins import toolkit as tk


def _can_read_resource(context, resource_id):
    from ckan import model

    res = model.Resource.get(resource_id) if resource_id else None
    if res is not None and res.state != "active":
        # a deleted resource's versions: for the dataset's editors only, never the public
        return can_edit_package(context, res.package_id)
    try:
        tk.check_access("resource_show", context, {"id": resource_id})
        return {"success": True}
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to read this resource")}


def can_edit_package(context, package_id):
    try:
        tk.check_access("package_update", dict(context), {"id": package_id})
        return {"success": True}
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return {"success": False, "msg": tk._("Not authorized to read this resource")}


def _can_read_package(context, package_id):
    try:
        tk.check_access("package_show", context, {"id": package_id})
        return {"success": True}
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to read this dataset")}


@tk.auth_allow_anonymous_access
def egovuz_version_list(context, data_dict):
    if data_dict.get("resource_id"):
        return _can_read_resource(context, data_dict["resource_id"])
    return _can_read_package(context, data_dict.get("package_id"))


@tk.auth_allow_anonymous_access
def egovuz_version_show(context, data_dict):
    from ..model import get_version

    version = get_version(data_dict.get("id") or "")
    if version is None:
        return {"success": True}  # the action answers 404
    return _can_read_resource(context, version["resource_id"])


@tk.auth_allow_anonymous_access
def egovuz_version_download(context, data_dict):
    return egovuz_version_show(context, data_dict)


def get_auth_functions():
    return {
        "egovuz_version_list": egovuz_version_list,
        "egovuz_version_show": egovuz_version_show,
        "egovuz_version_download": egovuz_version_download,
    }
