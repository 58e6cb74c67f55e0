"""Template helpers of monitoring: the home page's "most current" block (S-HOME-3)."""

from __future__ import annotations

import datetime

import sqlalchemy as sa

from ckan import model
from ckan.plugins import toolkit as tk

from .model import monitoring_table as m, public_rows


def most_current(limit: int | None = None) -> list[dict]:
    """Datasets on time with a regular schedule, whose data changed most recently."""
    limit = limit or tk.config.get("ckanext.egovuz.home.block_size")
    g = model.group_table
    now = datetime.datetime.utcnow()
    rows = model.Session.execute(
        sa.select(
            m.c.package_id,
            m.c.name,
            m.c.title,
            m.c.data_last_changed,
            m.c.update_frequency,
            g.c.title.label("org_title"),
        )
        .select_from(public_rows().outerjoin(g, g.c.id == m.c.owner_org))
        .where(m.c.due_date >= now)
        .order_by(m.c.data_last_changed.desc())
        .limit(limit)
    ).fetchall()
    return [dict(r._mapping) for r in rows]


def get_helpers():
    return {"egovuz_most_current": most_current}
