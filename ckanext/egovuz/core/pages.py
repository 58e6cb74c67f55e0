"""What the monitoring, statistics and AI pages share: their layout, chart, filter and
pager templates (core/templates/egovuz_core/), the chart assets, the view helpers (page
number, query parameters, an action call that turns invalid parameters into per-field
errors) and the template helpers of the charts and tables.

Each of those plugins calls `register(config)` from its update_config and adds
`template_helpers()` to its own helpers; CKAN adds a template directory and an asset
library once however many plugins register them."""

from __future__ import annotations

import json

from flask import request

from ckan.plugins import toolkit as tk

from . import lists
from .context import action_context

PAGE_SIZE = 20


def register(config) -> None:
    tk.add_template_directory(config, "templates")
    tk.add_resource("assets", "egovuz_core")


# ---- views ----------------------------------------------------------------------


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100000))
    except ValueError:
        return 1


def query_params(*keys) -> dict:
    return {k: request.args[k] for k in keys if request.args.get(k, "") != ""}


def wants_csv() -> bool:
    return request.args.get("format") == "csv"


def call(action, params, csv=False):
    """(result, errors): errors is a per-field dict when the parameters are invalid."""
    data = dict(params)
    if csv:
        data.update(limit=lists.MAX_LIMIT, offset=0)
    try:
        return tk.get_action(action)(action_context(), data), {}
    except tk.ValidationError as e:
        return None, e.error_dict
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))


def render(template, status=200, **extra):
    extra.setdefault("organizations", tk.h.egovuz_organizations_for_search())
    return tk.render(template, extra_vars=extra), status


def paged(action, params, page, csv=False):
    return call(action, dict(params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE), csv=csv)


def list_page(action, keys, template, csv_name, columns):
    """A paged list of an action's results filtered by the query parameters `keys`: its
    rows as CSV (`columns`: [(key, header)]) with ?format=csv, else the template; 400
    with the per-field errors of invalid parameters."""
    params = query_params(*keys)
    page = page_number()
    result, errors = paged(action, params, page, csv=wants_csv())
    if wants_csv() and result:
        return lists.csv_response(lists.to_csv(result["results"], columns), csv_name)
    return render(
        template,
        400 if errors else 200,
        result=result,
        errors=errors,
        params=params,
        page=page,
        page_size=PAGE_SIZE,
    )


# ---- template helpers -----------------------------------------------------------


def chart_data(results: list[dict], label_key: str, series: list) -> str:
    """JSON for a chart canvas' data-chart attribute; series: [(key, label), ...]."""
    labels = [str(cell(r, label_key) or "")[:60] for r in results]
    data = {
        "labels": labels,
        "series": [
            {"label": str(label), "values": [r.get(k) or 0 for r in results]} for k, label in series
        ],
    }
    return json.dumps(data)  # the template's autoescape makes it a safe attribute value


def cell(row: dict, key: str):
    """row["organization"]["title"] for key "organization.title"."""
    value = row
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def is_operator() -> bool:
    user = tk.g.get("userobj") if hasattr(tk, "g") else None
    return bool(user and user.sysadmin)


def template_helpers() -> dict:
    return {
        "egovuz_chart_data": chart_data,
        "egovuz_is_operator": is_operator,
        "egovuz_cell": cell,
    }
