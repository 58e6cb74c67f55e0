"""Blueprints: the dataset tabs (/dataset/<id>/structure, /table, /api), their downloads,
and the portal's stable data API (/api/egovuz/v1/...). Every page calls the actions in
logic/actions.py; every download is counted once, after the response has been sent."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, jsonify, request

from ckan.common import current_user
from ckan.lib import base
from ckan.plugins import toolkit as tk

from ckanext.egovuz.core.context import action_context as _context
from ckanext.egovuz.downloads.model import log_download
from . import helpers
from . import openapi
from .logic import actions
from .logic import schema as schemas
from .logic import search as table_search

log = logging.getLogger(__name__)


FILTER_PREFIX = "f."
STRUCTURE_FORMATS = ("json", "csv")

tabs = Blueprint("egovuz_data", __name__)
data_api = Blueprint("egovuz_data_api", __name__, url_prefix="/api/egovuz/v1")


def _user_id() -> str | None:
    return current_user.id if current_user.is_authenticated else None


def _package(id: str) -> dict:
    try:
        return tk.get_action("package_show")(_context(), {"id": id})
    except tk.ObjectNotFound:
        base.abort(404, tk._("Dataset not found"))
    except tk.NotAuthorized:  # as the dataset page: a private dataset does not exist for them
        base.abort(404, tk._("Dataset not found"))


def _resource(pkg: dict) -> dict | None:
    rid = request.args.get("resource_id")
    if rid and not any(r["id"] == rid for r in pkg.get("resources") or []):
        base.abort(404, tk._("Resource not found in this dataset"))
    return helpers.current_resource(pkg, rid)


def _filters() -> dict[str, Any]:
    """Per-column value filters from ?f.<column>=value (repeatable) or ?filters=<JSON>."""
    filters: dict[str, Any] = {}
    raw = request.args.get("filters")
    if raw:
        try:
            parsed = json.loads(raw)
        except ValueError:
            base.abort(400, tk._("filters: not a JSON object"))
        if not isinstance(parsed, dict):
            base.abort(400, tk._("filters: not a JSON object"))
        filters.update(parsed)
    for key in request.args:
        if key.startswith(FILTER_PREFIX) and len(key) > len(FILTER_PREFIX):
            values = [v for v in request.args.getlist(key) if v != ""]
            if values:
                filters[key[len(FILTER_PREFIX) :]] = values[0] if len(values) == 1 else values
    return filters


def _tab_vars(pkg: dict, resource: dict | None, **extra) -> dict:
    out = {
        "pkg_dict": pkg,
        "pkg": pkg,
        "dataset_type": pkg.get("type", "dataset"),
        "resource": resource,
        "tabular": helpers.tabular_resources(pkg),
    }
    out.update(extra)
    return out


def _errors_text(e: tk.ValidationError) -> str:
    parts = []
    for key, value in (e.error_dict or {}).items():
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = "; ".join(f"{k}: {v}" for k, v in value.items())
        parts.append(f"{key}: {value}")
    return " ".join(parts) or str(e)


# Structure ------------------------------------------------------------------------------


@tabs.route("/dataset/<id>/structure")
def structure(id: str):
    pkg = _package(id)
    resource = _resource(pkg)
    structure = None
    if resource and resource.get("datastore_active"):
        try:
            structure = tk.get_action("egovuz_structure_show")(
                _context(), {"resource_id": resource["id"]}
            )
        except tk.NotAuthorized:
            base.abort(404, tk._("Dataset not found"))
        except tk.ObjectNotFound:
            structure = None
    return tk.render("datatabs/structure.html", _tab_vars(pkg, resource, structure=structure))


@tabs.route("/dataset/<id>/structure/download")
def structure_download(id: str):
    pkg = _package(id)
    resource = _resource(pkg)
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in STRUCTURE_FORMATS:
        base.abort(
            400,
            tk._("Unknown format {fmt!r}; choose one of: {known}").format(
                fmt=fmt, known=", ".join(STRUCTURE_FORMATS)
            ),
        )
    if not resource or not resource.get("datastore_active"):
        base.abort(
            404,
            tk._(
                "The data of this resource is not tabular (it is not in the "
                "DataStore); download the original file instead."
            ),
        )
    try:
        st = tk.get_action("egovuz_structure_show")(_context(), {"resource_id": resource["id"]})
    except tk.NotAuthorized:
        base.abort(404, tk._("Dataset not found"))
    except tk.ObjectNotFound as e:
        base.abort(404, str(e))
    if fmt == "json":
        body = json.dumps(st["table_schema"], ensure_ascii=False, indent=2).encode("utf-8")
        mimetype = "application/json; charset=utf-8"
    else:
        body = actions.structure_csv(st)
        mimetype = "text/csv; charset=utf-8"
    resp = Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="structure-{resource["id"]}.{fmt}"'},
    )
    user_id = _user_id()
    resp.call_on_close(lambda: _log(pkg["id"], resource["id"], fmt, "structure", user_id))
    return resp


def _log(package_id, resource_id, fmt, source, user_id):
    try:
        log_download(package_id, resource_id, fmt, source, user_id)
    except Exception:  # counting must never break a download
        log.exception("could not count a download")


# Table ----------------------------------------------------------------------------------


def _page_number() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        return 1


def _table_page(resource: dict, q: str, sort: str, filters: dict, page: int, size: int):
    """(result, error, status) of one page of the table: the DataStore rows, or the
    per-field error of a bad query (400)."""
    search = {
        "resource_id": resource["id"],
        "limit": size,
        "offset": (page - 1) * size,
        "include_total": True,
        "total_estimation_threshold": 100000,
    }
    search_q = schemas.full_text_query(q, {})
    for key, value in (("q", search_q), ("sort", sort), ("filters", filters)):
        if value:
            search[key] = value
    try:
        result = table_search.search_page(_context(), search)
    except tk.NotAuthorized:
        base.abort(404, tk._("Dataset not found"))
    except tk.ValidationError as e:
        return None, _errors_text(e), 400
    except tk.ObjectNotFound:
        return None, None, 200
    result["fields"] = [
        f for f in result["fields"] if f["id"] != "_id" and not (q and f["id"] == "rank")
    ]
    return result, None, 200


@tabs.route("/dataset/<id>/table")
def table(id: str):
    pkg = _package(id)
    resource = _resource(pkg)
    q = request.args.get("q", "").strip()
    sort = request.args.get("sort", "").strip()
    filters = _filters()
    page = _page_number()
    size = helpers.page_size()
    result, error, status = None, None, 200
    if resource and resource.get("datastore_active"):
        result, error, status = _table_page(resource, q, sort, filters, page, size)
    params = {"resource_id": resource["id"] if resource else None, "q": q, "sort": sort}
    for key, value in filters.items():
        params[FILTER_PREFIX + key] = value
    pages = max(1, -(-int(result.get("total") or 0) // size)) if result else 0
    return tk.render(
        "datatabs/table.html",
        _tab_vars(
            pkg,
            resource,
            result=result,
            error=error,
            q=q,
            sort=sort,
            filters=filters,
            page=page,
            pages=pages,
            params=params,
            formats=_export_formats(),
        ),
    ), status


def _export_formats():
    return [
        ("csv", "CSV"),
        ("json", "JSON"),
        ("xml", "XML"),
        ("xlsx", "XLSX"),
        ("ttl", "RDF Turtle"),
        ("rdf", "RDF/XML"),
    ]


@tabs.route("/dataset/<id>/table/download")
def table_download(id: str):
    pkg = _package(id)
    resource = _resource(pkg)
    if not resource:
        base.abort(404, tk._("Resource not found in this dataset"))
    data = {"resource_id": resource["id"], "format": request.args.get("format", "")}
    for key in ("q", "sort"):
        if request.args.get(key, "").strip():
            data[key] = request.args[key].strip()
    filters = _filters()
    if filters:
        data["filters"] = filters
    context = dict(_context(), egovuz_stream=True)
    try:
        result = tk.get_action("egovuz_export")(context, data)
    except tk.NotAuthorized:
        base.abort(404, tk._("Dataset not found"))
    except tk.ObjectNotFound as e:
        base.abort(404, str(e) or tk._("Not found"))
    except tk.ValidationError as e:
        base.abort(400, _errors_text(e))
    # the stream needs no request context: the export query is built already
    resp = Response(
        result["stream"],
        mimetype=result["mimetype"],
        headers={
            "Content-Disposition": f'attachment; filename="{result["filename"]}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
    user_id = _user_id()
    resp.call_on_close(lambda: _log(pkg["id"], resource["id"], result["format"], "table", user_id))
    return resp


# Web service ----------------------------------------------------------------------------


@tabs.route("/dataset/<id>/api", endpoint="api")
def api_tab(id: str):
    pkg = _package(id)
    resource = _resource(pkg)
    return tk.render(
        "datatabs/api.html", _tab_vars(pkg, resource, token=None, **_api_urls(pkg, resource))
    )


@tabs.route("/dataset/<id>/api/token", methods=["POST"])
def api_token(id: str):
    pkg = _package(id)
    resource = (
        _resource(pkg)
        if request.args.get("resource_id")
        else helpers.current_resource(pkg, request.form.get("resource_id"))
    )
    if not current_user.is_authenticated:
        base.abort(403, tk._("Log in to get an API token"))
    name = (request.form.get("name") or "").strip()[:200] or tk.config.get(
        "ckanext.egovuz.data.api_token_name"
    )
    try:
        token = tk.get_action("api_token_create")(
            _context(), {"user": current_user.name, "name": name}
        )["token"]
    except tk.NotAuthorized:
        base.abort(403, tk._("Not authorized to create an API token"))
    except tk.ValidationError as e:
        base.abort(400, _errors_text(e))
    resp = tk.render(
        "datatabs/api.html", _tab_vars(pkg, resource, token=token, **_api_urls(pkg, resource))
    )
    return resp, 200, {"Cache-Control": "no-store"}


def _api_urls(pkg: dict, resource: dict | None) -> dict:
    out = {"search_url": None, "code_url": None}
    code = pkg.get("dataset_code")
    if code:
        out["code_url"] = tk.url_for("egovuz_data_api.dataset_data", code=code, _external=True)
    if resource and resource.get("datastore_active"):
        out["search_url"] = tk.url_for(
            "api.action", logic_function="datastore_search", ver=3, _external=True
        )
    out["openapi_url"] = tk.url_for("egovuz_data_api.openapi_json", _external=True)
    return out


# Stable API -----------------------------------------------------------------------------


def _api_error(status: int, message: str, errors: dict | None = None):
    body = {"success": False, "error": {"message": message}}
    if errors:
        body["error"]["fields"] = errors
    return jsonify(body), status


@data_api.route("/datasets/<code>/data")
def dataset_data(code: str):
    data: dict[str, Any] = {"code": code}
    for key in ("limit", "offset", "lang", "q", "sort", "resource_id", "filters"):
        if key in request.args:
            data[key] = request.args[key]
    try:
        result = tk.get_action("egovuz_data_by_code")(_context(), data)
    except tk.ObjectNotFound as e:
        return _api_error(404, str(e) or tk._("Not found"))
    except tk.NotAuthorized:  # egovuz_data_by_code answers not-found itself; never tell more
        return _api_error(404, tk._("No dataset with code {code}").format(code=code))
    except tk.ValidationError as e:
        return _api_error(400, tk._("Invalid request"), e.error_dict)
    resp = jsonify(result)
    user_id = _user_id()
    resp.call_on_close(
        lambda: _log(result["dataset_id"], result["resource_id"], "json", "api", user_id)
    )
    return resp


@data_api.route("/openapi.json")
def openapi_json():
    return jsonify(openapi.document())


API_PREFIX = "/api/egovuz/v1/"


def json_errors_under_api(app):
    """Errors under /api/egovuz/v1/ (a wrong path or method too, which no view of ours
    sees) as the API's JSON error object instead of CKAN's HTML error page; a 405 carries
    `Allow` everywhere. Wraps the handlers CKAN registered on the Flask app."""
    from werkzeug.exceptions import HTTPException, MethodNotAllowed

    def wrap(handler):
        def handle(e):
            if request.path.startswith(API_PREFIX):
                if isinstance(e, HTTPException):
                    status, message = e.code or 500, e.description or e.name
                else:
                    log.error(e, exc_info=e)
                    status, message = 500, tk._("Internal server error")
                resp = jsonify({"success": False, "error": {"message": message}})
                resp.status_code = status
            else:
                resp = app.make_response(handler(e))
            if isinstance(e, MethodNotAllowed) and e.valid_methods:
                resp.headers["Allow"] = ", ".join(sorted(e.valid_methods))
            return resp

        handle.__wrapped__ = handler
        return handle

    spec = getattr(app, "error_handler_spec", None)
    if spec is None:
        return app
    for code, handlers in spec.get(None, {}).items():
        for cls, handler in list(handlers.items()):
            if not hasattr(handler, "__wrapped__"):
                handlers[cls] = wrap(handler)
    return app


def get_blueprints():
    return [tabs, data_api]
