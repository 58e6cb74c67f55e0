"""Template helpers: the home page's statistics blocks (S-HOME-3), chart data, the AI
criteria labels."""
from __future__ import annotations

import datetime
import json

import sqlalchemy as sa

from ckan import model
from ckan.plugins import toolkit as tk

from ..ai.scoring import criteria_labels
from ..monitoring.model import monitoring_table as m


def _block_size():
    return tk.config.get("ckanext.egovuz.home.block_size")


def most_current(limit: int | None = None) -> list[dict]:
    """Datasets on time with a regular schedule, whose data changed most recently."""
    limit = limit or _block_size()
    g = model.group_table
    now = datetime.datetime.utcnow()
    rows = model.Session.execute(
        sa.select(m.c.package_id, m.c.name, m.c.title, m.c.data_last_changed,
                  m.c.update_frequency, g.c.title.label("org_title"))
        .select_from(m.outerjoin(g, g.c.id == m.c.owner_org))
        .where(m.c.due_date >= now)
        .order_by(m.c.data_last_changed.desc()).limit(limit)).fetchall()
    return [dict(r._mapping) for r in rows]


def most_popular(limit: int | None = None) -> list[dict]:
    try:
        return tk.get_action("egovuz_stats_most_downloaded")(
            {}, {"limit": limit or _block_size()})["results"]
    except tk.NotAuthorized:
        return []


def chart_data(results: list[dict], label_key: str, series: list) -> str:
    """JSON for a chart canvas' data-chart attribute; series: [(key, label), ...]."""
    labels = []
    for r in results:
        value = r
        for part in label_key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        labels.append(str(value or "")[:60])
    data = {"labels": labels,
            "series": [{"label": str(label), "values": [r.get(k) or 0 for r in results]}
                       for k, label in series]}
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


def get_helpers():
    return {
        "egovuz_most_current": most_current,
        "egovuz_most_popular": most_popular,
        "egovuz_chart_data": chart_data,
        "egovuz_ai_criteria_labels": criteria_labels,
        "egovuz_is_operator": is_operator,
        "egovuz_cell": cell,
    }
