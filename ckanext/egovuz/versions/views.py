"""The Versions tab: /dataset/<id>/versions and the streamed downloads."""

from __future__ import annotations

from flask import Blueprint, Response, stream_with_context
from ckan.plugins import toolkit as tk

from ckanext.egovuz.core.context import action_context as _context
from ckanext.egovuz.downloads.model import log_download

from . import export

bp = Blueprint("egovuz_versions", __name__)


@bp.route("/dataset/<id>/versions")
def index(id):
    context = _context()
    try:
        pkg = tk.get_action("package_show")(context, {"id": id})
        versions = tk.get_action("egovuz_version_list")(context, {"package_id": pkg["id"]})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:  # as the dataset page: a private dataset does not exist for them
        return tk.abort(404, tk._("Dataset not found"))
    by_resource = {}
    for v in versions:
        by_resource.setdefault(v["resource_id"], []).append(v)
    resources = [(r, by_resource.get(r["id"], [])) for r in pkg.get("resources", [])]
    return tk.render(
        "egovuz_versions/index.html",
        {
            "pkg_dict": pkg,
            "pkg": pkg,
            "resources": resources,
            "formats": list(export.FORMATS),
            "xlsx_max": export.XLSX_MAX_ROWS,
        },
    )


@bp.route("/dataset/<id>/versions/<version_id>/download")
def download(id, version_id):
    context = _context()
    fmt = tk.request.args.get("format", "csv")
    try:
        info = tk.get_action("egovuz_version_download")(context, {"id": version_id, "format": fmt})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Version not found"))
    except tk.NotAuthorized:  # as for the dataset page: no hint that it exists
        return tk.abort(404, tk._("Version not found"))
    except tk.ValidationError as e:
        msg = "; ".join(m for ms in e.error_dict.values() for m in ms)
        return tk.abort(400, msg)
    version = info["version"]
    from .model import get_version

    full = get_version(version["id"])
    user_id = tk.g.userobj.id if tk.g.userobj else None
    log_download(version["package_id"], version["resource_id"], info["format"], "version", user_id)
    headers = {"Content-Disposition": f'attachment; filename="{info["filename"]}"'}
    return Response(
        stream_with_context(export.stream(info["format"], full)),
        mimetype=info["mimetype"].split(";")[0],
        content_type=info["mimetype"],
        headers=headers,
    )


def get_blueprints():
    return [bp]
