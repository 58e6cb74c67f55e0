"""Shared by the monitoring, statistics and AI plugins: validation schemas of the list
parameters (organization, period, limit, offset) and the CSV rendering of a result."""

from __future__ import annotations

import csv
import datetime
import io

from ckan import model
from ckan.plugins import toolkit as tk

from .context import validate  # noqa: F401  (the actions' validation, re-exported)

MAX_LIMIT = 100000


def _v(name):
    return tk.get_validator(name)


def org_id(value, context):
    """Organization name or id -> id."""
    value = (value or "").strip()
    if not value:
        return None
    group = model.Group.get(value)
    if group is None or not group.is_organization or group.state != "active":
        raise tk.Invalid(tk._("Organization not found"))
    return group.id


def limit_range(value, context):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value  # int_validator has already reported it
    if not (1 <= number <= MAX_LIMIT):
        raise tk.Invalid(tk._("Must be between 1 and {max}").format(max=MAX_LIMIT))
    return number


def list_schema(default_limit: int = 50) -> dict:
    ignore_missing, isodate = _v("ignore_missing"), _v("isodate")
    return {
        "organization": [ignore_missing, _v("unicode_safe"), org_id],
        "date_from": [ignore_missing, isodate],
        "date_to": [ignore_missing, isodate],
        "limit": [_v("default")(default_limit), _v("int_validator"), limit_range],
        "offset": [_v("default")(0), _v("natural_number_validator")],
    }


def period_bounds(data: dict):
    """(start, end) datetimes; date_to is inclusive (the whole day)."""
    start = data.get("date_from")
    end = data.get("date_to")
    if end is not None and end.time() == datetime.time(0):
        end = end + datetime.timedelta(days=1)
    if start is not None and end is not None and start >= end:
        raise tk.ValidationError({"date_to": [tk._("Must be after the start date")]})
    return start, end


def iso(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


def to_csv(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    """columns: (key, header). Values that a spreadsheet would run as a formula are
    prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([header for _, header in columns])
    for row in rows:
        values = []
        for key, _ in columns:
            value = row
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            value = "" if value is None else str(iso(value))
            if value[:1] in ("=", "+", "-", "@") and not _is_number(value):
                value = "'" + value
            values.append(value)
        writer.writerow(values)
    return out.getvalue()


def _is_number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def csv_response(text: str, filename: str):
    from flask import Response

    return Response(
        "\ufeff" + text,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
