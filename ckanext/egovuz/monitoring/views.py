"""Pages of monitoring (/monitoring). Each calls the same actions as the API and offers
its data as CSV (?format=csv)."""

from __future__ import annotations

from flask import Blueprint

from ..core import lists, pages

monitoring = Blueprint("egovuz_monitoring", __name__, url_prefix="/monitoring")

DATASET_COLUMNS = [
    ("title", "title"),
    ("name", "name"),
    ("organization.title", "organization"),
    ("update_frequency", "update_frequency"),
    ("data_last_changed", "data_last_changed"),
]


@monitoring.route("/", endpoint="index")
def monitoring_index():
    result, errors = pages.call("egovuz_monitoring_summary", {})
    if pages.wants_csv():
        return lists.csv_response(
            lists.to_csv(
                result["results"],
                [
                    ("rank", "rank"),
                    ("organization.title", "organization"),
                    ("total", "total"),
                    ("on_time", "on_time"),
                    ("overdue", "overdue"),
                    ("percent_on_time", "percent_on_time"),
                ],
            ),
            "monitoring.csv",
        )
    return pages.render("monitoring/index.html", result=result, errors=errors)


@monitoring.route("/updated", endpoint="updated")
def monitoring_updated():
    return pages.list_page(
        "egovuz_monitoring_updated",
        ("organization", "date_from", "date_to"),
        "monitoring/updated.html",
        "updated-datasets.csv",
        [("event", "event")] + DATASET_COLUMNS + [("metadata_created", "created")],
    )


@monitoring.route("/outdated", endpoint="outdated")
def monitoring_outdated():
    return pages.list_page(
        "egovuz_monitoring_outdated",
        ("organization",),
        "monitoring/outdated.html",
        "outdated-datasets.csv",
        DATASET_COLUMNS
        + [
            ("due_date", "due_date"),
            ("days_overdue", "days_overdue"),
            ("contact_name", "contact_name"),
            ("contact_email", "contact_email"),
            ("contact_phone", "contact_phone"),
        ],
    )


def get_blueprints():
    return [monitoring]
