"""GET /api/egovuz/health: 200 with {"status": "ok", ...} when every service answers,
503 when one does not (the body names which); for load balancers and monitoring.
Never cached."""

from __future__ import annotations

import json

from flask import Blueprint, Response, request
from ckan.plugins import toolkit as tk

blueprint = Blueprint("egovuz_ops", __name__)


def _json(body: dict, status: int) -> Response:
    resp = Response(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json"
    )
    resp.headers["Cache-Control"] = "no-store"
    return resp


@blueprint.route("/api/egovuz/health")
def health():
    context = {"user": tk.g.user if hasattr(tk.g, "user") else None}
    data = {}
    if request.args.get("checks"):
        data["checks"] = request.args.get("checks")
    try:
        result = tk.get_action("egovuz_health")(context, data)
    except tk.ValidationError as exc:
        return _json({"status": "error", "errors": exc.error_dict}, 400)
    except tk.NotAuthorized:
        return _json({"status": "error", "errors": {"auth": [tk._("Not authorized")]}}, 403)
    return _json(result, 200 if result["status"] == "ok" else 503)


@blueprint.after_app_request
def _stream_unbuffered(response):
    """A streamed response (table downloads in every format, DataStore dumps, versions,
    the DCAT catalogue) tells nginx not to buffer it, whatever its location blocks say."""
    if response.is_streamed and "X-Accel-Buffering" not in response.headers:
        response.headers["X-Accel-Buffering"] = "no"
    return response


def get_blueprints():
    return [blueprint]
