"""Pages of the statistics (/statistics). Each section calls the same action as the API
and offers its data as CSV (/statistics/<section>.csv)."""

from __future__ import annotations

from flask import Blueprint

from ckan.plugins import toolkit as tk

from ..core import lists, pages

stats = Blueprint("egovuz_stats", __name__, url_prefix="/statistics")

TOP_COLUMNS = [("title", "title"), ("name", "name"), ("organization.title", "organization")]
SECTIONS = {
    # section: (action, takes a period, CSV columns)
    "top_rated": (
        "egovuz_stats_top_rated",
        False,
        TOP_COLUMNS
        + [
            ("rating", "rating"),
            ("downloads", "downloads"),
            ("views", "views"),
            ("stars_avg", "stars_avg"),
            ("stars_count", "stars_count"),
        ],
    ),
    "top_stars": (
        "egovuz_stats_top_stars",
        False,
        TOP_COLUMNS + [("stars_avg", "stars_avg"), ("stars_count", "stars_count")],
    ),
    "most_downloaded": (
        "egovuz_stats_most_downloaded",
        True,
        TOP_COLUMNS + [("downloads", "downloads")],
    ),
    "most_viewed": ("egovuz_stats_most_viewed", True, TOP_COLUMNS + [("views", "views")]),
    "spheres": (
        "egovuz_stats_spheres",
        False,
        [
            ("title", "sphere"),
            ("name", "name"),
            ("datasets", "datasets"),
            ("downloads", "downloads"),
        ],
    ),
    "search_queries": (
        "egovuz_stats_search_queries",
        True,
        [("query", "query"), ("count", "searches")],
    ),
    "search_empty": (
        "egovuz_stats_search_empty",
        True,
        [("query", "query"), ("count", "searches")],
    ),
    "rejected": ("egovuz_stats_rejected", False, None),
}


def _section_params(section, params):
    action, period, _ = SECTIONS[section]
    data = {
        k: v for k, v in params.items() if period or k not in ("date_from", "date_to", "period")
    }
    if section == "spheres":
        data = {}
    return action, data


def _section_result(name, params):
    action, data = _section_params(name, params)
    return pages.call(action, data)


@stats.route("/", endpoint="index")
@stats.route("/<section>", endpoint="section")
def stats_index(section="top_rated"):
    if section not in SECTIONS:
        return tk.abort(404, tk._("Not found"))
    if section == "search_empty" and not tk.h.egovuz_is_operator():
        return tk.abort(403, tk._("Only portal operators may see this"))
    params = pages.query_params("date_from", "date_to", "period", "limit")
    result, errors = _section_result(section, params)
    overview = pages.call("egovuz_stats_overview", {})[0] if section == "top_rated" else None
    return pages.render(
        "statistics/index.html",
        400 if errors else 200,
        section=section,
        sections={section: result},
        errors=errors,
        params=params,
        overview=overview,
        takes_period=SECTIONS[section][1],
    )


@stats.route("/<section>.csv", endpoint="csv")
def stats_csv(section):
    if section not in SECTIONS:
        return tk.abort(404, tk._("Not found"))
    action, data = _section_params(
        section, pages.query_params("date_from", "date_to", "period", "organization")
    )
    result, errors = pages.call(action, data, csv=section != "spheres")
    if errors:
        return tk.abort(400, "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    columns = SECTIONS[section][2]
    if section == "rejected":
        rows = [dict(kind="proposal", **r) for r in result["proposals"]] + [
            dict(
                kind="dataset",
                date=r["withdrawn"],
                **{k: r[k] for k in ("title", "name", "reason")},
            )
            for r in result["datasets"]
        ]
        columns = [
            ("kind", "kind"),
            ("title", "title"),
            ("name", "name"),
            ("date", "date"),
            ("reason", "reason"),
        ]
    else:
        rows = result["results"]
    return lists.csv_response(lists.to_csv(rows, columns), f"{section}.csv")


def get_blueprints():
    return [stats]
