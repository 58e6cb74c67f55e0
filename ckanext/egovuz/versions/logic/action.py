"""Actions of the versions domain (S-VER)."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from .. import export, model
from . import auth, schema


def _validate(data_dict, sch, context):
    data, errors = tk.navl_validate(data_dict, sch, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


@tk.side_effect_free
def egovuz_version_list(context, data_dict):
    """The versions of a resource's data (resource_id) or of every resource of a
    dataset (package_id), newest first.

    :param resource_id: a resource id
    :param package_id: a dataset id or name
    :returns: list of versions (number, created, user_id, row_count, checksum,
        fields, key_field, rows_added, rows_removed, rows_changed, ...)
    """
    data = _validate(data_dict, schema.version_list_schema(), context)
    if data.get("resource_id"):
        # the resource itself, deleted or not: a deleted one's versions are for its
        # dataset's editors (the auth function decides), a missing one is a 404
        from ckan import model as ckan_model

        res = ckan_model.Resource.get(data["resource_id"])
        if res is None:
            raise tk.ObjectNotFound(tk._("Resource not found"))
        tk.check_access("egovuz_version_list", context, {"resource_id": res.id})
        return [_public(v, context) for v in model.list_versions(resource_id=res.id)]
    pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": data["package_id"]})
    tk.check_access("egovuz_version_list", context, {"package_id": pkg["id"]})
    versions = model.list_versions(package_id=pkg["id"])
    if not auth.can_edit_package(context, pkg["id"])["success"]:
        # versions of a deleted resource are for the dataset's editors only
        active = {r["id"] for r in pkg.get("resources", [])}
        versions = [v for v in versions if v["resource_id"] in active]
    return [_public(v, context) for v in versions]


def _public(v: dict, context=None) -> dict:
    """A version as callers see it: no storage location; who made it by their public name
    (security.users), the user id only where user details are public."""
    from ...security.users import details_public, public_name

    v = dict(v)
    v.pop("location", None)
    v.pop("storage", None)
    v["author"] = public_name(v.get("user_id"), context) if v.get("user_id") else ""
    if not details_public(context, v.get("user_id")):
        v.pop("user_id", None)
    return v


def _get(context, data):
    version = model.get_version(data["id"])
    if version is None:
        raise tk.ObjectNotFound(tk._("Version not found"))
    return version


@tk.side_effect_free
def egovuz_version_show(context, data_dict):
    """One version.

    :param id: the version id
    """
    data = _validate(data_dict, schema.version_show_schema(), context)
    tk.check_access("egovuz_version_show", context, data)
    return _public(_get(context, data), context)


@tk.side_effect_free
def egovuz_version_download(context, data_dict):
    """Where and how to download one version: the URL streams the version's rows in
    the format (csv, json, xml, xlsx). The web page calls this action too.

    :param id: the version id
    :param format: csv (default), json, xml or xlsx
    :returns: {"url", "format", "mimetype", "filename", "version"}
    """
    data = _validate(data_dict, schema.version_download_schema(), context)
    tk.check_access("egovuz_version_download", context, data)
    version = _get(context, data)
    fmt = data["format"]
    if fmt == "xlsx" and version["row_count"] > export.XLSX_MAX_ROWS:
        raise tk.ValidationError(
            {
                "format": [
                    tk._(
                        "This version has {rows} rows, more than a spreadsheet sheet holds; "
                        "download it as CSV."
                    ).format(rows=version["row_count"])
                ]
            }
        )
    mimetype, ext = export.FORMATS[fmt]
    pkg = tk.get_action("package_show")({"ignore_auth": True}, {"id": version["package_id"]})
    return {
        "url": tk.url_for(
            "egovuz_versions.download",
            id=pkg["name"],
            version_id=version["id"],
            format=fmt,
            _external=True,
        ),
        "format": fmt,
        "mimetype": mimetype,
        "filename": f"{pkg['name']}-{version['resource_id'][:8]}-v{version['number']}.{ext}",
        "version": _public(version, context),
    }


def get_actions():
    return {
        "egovuz_version_list": egovuz_version_list,
        "egovuz_version_show": egovuz_version_show,
        "egovuz_version_download": egovuz_version_download,
    }
