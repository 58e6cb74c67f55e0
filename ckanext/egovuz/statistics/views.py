"""Pages of monitoring (/monitoring), statistics (/statistics) and AI data (/ai-data).
Each page calls the same actions as the API and offers its data as CSV (?format=csv)."""
from __future__ import annotations

from flask import Blueprint, request

from ckan.plugins import toolkit as tk

from . import common

PAGE_SIZE = 20

monitoring = Blueprint("egovuz_monitoring", __name__, url_prefix="/monitoring")
stats = Blueprint("egovuz_stats", __name__, url_prefix="/statistics")
ai = Blueprint("egovuz_ai", __name__, url_prefix="/ai-data")


def _context():
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _page() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 100000))
    except ValueError:
        return 1


def _params(*keys) -> dict:
    return {k: request.args[k] for k in keys if request.args.get(k, "") != ""}


def _wants_csv() -> bool:
    return request.args.get("format") == "csv"


def _call(action, params, csv=False):
    """(result, errors): errors is a per-field dict when the parameters are invalid."""
    data = dict(params)
    if csv:
        data.update(limit=common.MAX_LIMIT, offset=0)
    try:
        return tk.get_action(action)(_context(), data), {}
    except tk.ValidationError as e:
        return None, e.error_dict
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Not authorized to see this page"))


def _render(template, status=200, **extra):
    extra.setdefault("organizations", tk.h.egovuz_organizations_for_search())
    return tk.render(template, extra_vars=extra), status


DATASET_COLUMNS = [
    ("title", "title"), ("name", "name"), ("organization.title", "organization"),
    ("update_frequency", "update_frequency"), ("data_last_changed", "data_last_changed"),
]


# ---- monitoring -----------------------------------------------------------------

@monitoring.route("/", endpoint="index")
def monitoring_index():
    result, errors = _call("egovuz_monitoring_summary", {})
    if _wants_csv():
        return common.csv_response(common.to_csv(result["results"], [
            ("rank", "rank"), ("organization.title", "organization"), ("total", "total"),
            ("on_time", "on_time"), ("overdue", "overdue"),
            ("percent_on_time", "percent_on_time")]), "monitoring.csv")
    return _render("monitoring/index.html", result=result, errors=errors)


@monitoring.route("/updated", endpoint="updated")
def monitoring_updated():
    params = _params("organization", "date_from", "date_to")
    page = _page()
    result, errors = _call("egovuz_monitoring_updated", dict(
        params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE), csv=_wants_csv())
    if _wants_csv() and result:
        return common.csv_response(common.to_csv(result["results"], [("event", "event")]
                                                 + DATASET_COLUMNS + [("metadata_created", "created")]),
                                   "updated-datasets.csv")
    return _render("monitoring/updated.html", 400 if errors else 200, result=result,
                   errors=errors, params=params, page=page, page_size=PAGE_SIZE)


@monitoring.route("/outdated", endpoint="outdated")
def monitoring_outdated():
    params = _params("organization")
    page = _page()
    result, errors = _call("egovuz_monitoring_outdated", dict(
        params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE), csv=_wants_csv())
    if _wants_csv() and result:
        return common.csv_response(common.to_csv(result["results"], DATASET_COLUMNS + [
            ("due_date", "due_date"), ("days_overdue", "days_overdue"),
            ("contact_name", "contact_name"), ("contact_email", "contact_email"),
            ("contact_phone", "contact_phone")]), "outdated-datasets.csv")
    return _render("monitoring/outdated.html", 400 if errors else 200, result=result,
                   errors=errors, params=params, page=page, page_size=PAGE_SIZE)


# ---- statistics -----------------------------------------------------------------

TOP_COLUMNS = [("title", "title"), ("name", "name"), ("organization.title", "organization")]
SECTIONS = {
    # section: (action, takes a period, CSV columns)
    "top_rated": ("egovuz_stats_top_rated", False, TOP_COLUMNS + [
        ("rating", "rating"), ("downloads", "downloads"), ("views", "views"),
        ("stars_avg", "stars_avg"), ("stars_count", "stars_count")]),
    "most_downloaded": ("egovuz_stats_most_downloaded", True, TOP_COLUMNS + [("downloads", "downloads")]),
    "most_viewed": ("egovuz_stats_most_viewed", True, TOP_COLUMNS + [("views", "views")]),
    "spheres": ("egovuz_stats_spheres", False, [("title", "sphere"), ("name", "name"),
                                                ("datasets", "datasets"), ("downloads", "downloads")]),
    "search_queries": ("egovuz_stats_search_queries", True, [("query", "query"), ("count", "searches")]),
    "search_empty": ("egovuz_stats_search_empty", True, [("query", "query"), ("count", "searches")]),
    "rejected": ("egovuz_stats_rejected", False, None),
}


def _section_params(section, params):
    action, period, _ = SECTIONS[section]
    data = {k: v for k, v in params.items()
            if period or k not in ("date_from", "date_to", "period")}
    if section == "spheres":
        data = {}
    return action, data


def _section_result(name, params):
    action, data = _section_params(name, params)
    return _call(action, data)


@stats.route("/", endpoint="index")
@stats.route("/<section>", endpoint="section")
def stats_index(section="top_rated"):
    if section not in SECTIONS:
        return tk.abort(404, tk._("Not found"))
    if section == "search_empty" and not tk.h.egovuz_is_operator():
        return tk.abort(403, tk._("Only portal operators may see this"))
    params = _params("date_from", "date_to", "period", "limit")
    result, errors = _section_result(section, params)
    overview, _ = _call("egovuz_stats_overview", {}) if section == "top_rated" else (None, {})
    return _render("statistics/index.html", 400 if errors else 200, section=section,
                   sections={section: result}, errors=errors, params=params,
                   overview=overview, takes_period=SECTIONS[section][1])


@stats.route("/<section>.csv", endpoint="csv")
def stats_csv(section):
    if section not in SECTIONS:
        return tk.abort(404, tk._("Not found"))
    action, data = _section_params(section, _params("date_from", "date_to", "period",
                                                    "organization"))
    result, errors = _call(action, data, csv=section != "spheres")
    if errors:
        return tk.abort(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    columns = SECTIONS[section][2]
    if section == "rejected":
        rows = [dict(kind="proposal", **r) for r in result["proposals"]] + [
            dict(kind="dataset", date=r["withdrawn"], **{k: r[k] for k in ("title", "name", "reason")})
            for r in result["datasets"]]
        columns = [("kind", "kind"), ("title", "title"), ("name", "name"), ("date", "date"),
                   ("reason", "reason")]
    else:
        rows = result["results"]
    return common.csv_response(common.to_csv(rows, columns), f"{section}.csv")


# ---- AI data --------------------------------------------------------------------

@ai.route("/", endpoint="index")
def ai_index():
    params = _params("min_score", "flagged", "organization", "sort")
    page = _page()
    result, errors = _call("egovuz_ai_list", dict(params, limit=PAGE_SIZE,
                                                  offset=(page - 1) * PAGE_SIZE), csv=_wants_csv())
    if _wants_csv() and result:
        from ..ai.scoring import CRITERIA
        return common.csv_response(common.to_csv(
            result["results"],
            [("title", "title"), ("name", "name"), ("organization.title", "organization"),
             ("score", "score"), ("flagged", "flagged")]
            + [(f"criteria.{c}.met", c) for c in CRITERIA]), "ai-data.csv")
    return _render("ai/index.html", 400 if errors else 200, result=result, errors=errors,
                   params=params, page=page, page_size=PAGE_SIZE)


@ai.route("/flag/<id>", methods=["POST"], endpoint="flag")
def ai_flag(id):
    data = {"id": id, "flagged": request.form.get("flagged", "true"),
            "note": request.form.get("note", "")}
    try:
        tk.get_action("egovuz_ai_flag_set")(_context(), data)
        tk.h.flash_success(tk._("Saved"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only portal operators may do this"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(f"{k}: {' '.join(v)}" for k, v in e.error_dict.items()))
    return tk.redirect_to("egovuz_ai.index")


def get_blueprints():
    return [monitoring, stats, ai]
