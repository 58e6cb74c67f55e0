from __future__ import annotations

from ckan.plugins import toolkit as tk


def version_list_schema():
    ignore_missing = tk.get_validator("ignore_missing")
    unicode_safe = tk.get_validator("unicode_safe")
    return {
        "resource_id": [ignore_missing, unicode_safe],
        "package_id": [ignore_missing, unicode_safe],
        "__before": [_one_of_resource_or_package],
    }


def _one_of_resource_or_package(key, data, errors, context):
    if not data.get(("resource_id",)) and not data.get(("package_id",)):
        errors[("resource_id",)] = [tk._("Give resource_id or package_id.")]


def version_show_schema():
    return {"id": [tk.get_validator("not_empty"), tk.get_validator("unicode_safe")]}


def version_download_schema():
    not_empty = tk.get_validator("not_empty")
    unicode_safe = tk.get_validator("unicode_safe")
    default = tk.get_validator("default")
    return {
        "id": [not_empty, unicode_safe],
        "format": [default("csv"), unicode_safe, _known_format],
    }


def _known_format(value, context):
    from ..export import FORMATS

    v = (value or "").strip().lower()
    if v not in FORMATS:
        raise tk.Invalid(
            tk._("Unknown format {fmt}. Use one of: {known}.").format(
                fmt=value[:20], known=", ".join(FORMATS)
            )
        )
    return v
