"""Actions of the statistics (S-STAT). They read the pre-aggregated tables of
statistics/model.py (through their indexes) joined with the public, active datasets."""

from __future__ import annotations

import sqlalchemy as sa
from ckan import model
from ckan.plugins import plugin_loaded
from ckan.plugins import toolkit as tk

from ...core import lists as common
from .. import model as stats_model
from ..model import daily_table as daily, dataset_table as totals

p = model.package_table
g = model.group_table


def _catch_up():
    stats_model.maybe_refresh(tk.config.get("ckanext.egovuz.stats.max_age"))


def _schema(default_limit=10):
    s = common.list_schema(default_limit)
    s["period"] = [
        tk.get_validator("ignore_missing"),
        tk.get_validator("one_of")(list(stats_model.WINDOWS)),
    ]
    return s


def _dataset_select(*cols):
    return sa.select(
        p.c.id,
        p.c.name,
        p.c.title,
        p.c.owner_org,
        g.c.name.label("org_name"),
        g.c.title.label("org_title"),
        *cols,
    ).where(p.c.state == "active", p.c.private.is_(False), p.c.type == "dataset")


def _item(r, **extra):
    item = {
        "id": r.id,
        "name": r.name,
        "title": r.title,
        "organization": {"id": r.owner_org, "name": r.org_name, "title": r.org_title},
    }
    item.update(extra)
    return item


def _top(metric: str, data: dict) -> dict:
    start, end = common.period_bounds(data)
    if start is None and end is None or metric == "rating":
        # all time, or a preset period (last 7/30/365 days): the pre-aggregated totals
        value = (
            totals.c[metric]
            if metric == "rating" or not data.get("period")
            else totals.c[f"{metric}_{data['period']}"].label(metric)
        )
        src = totals
        q = _dataset_select(
            *{
                c.name: c
                for c in (
                    totals.c.downloads,
                    totals.c.views,
                    totals.c.rating,
                    totals.c.stars_avg,
                    totals.c.stars_count,
                    value,
                )
            }.values()
        )
        q = q.select_from(
            totals.join(p, p.c.id == totals.c.package_id).outerjoin(g, g.c.id == p.c.owner_org)
        )
        q = q.where(value > 0)
    else:
        agg = sa.select(daily.c.package_id, sa.func.sum(daily.c[metric]).label(metric))
        if start is not None:
            agg = agg.where(daily.c.day >= start.date())
        if end is not None:
            agg = agg.where(daily.c.day < end.date())
        src = agg.group_by(daily.c.package_id).having(sa.func.sum(daily.c[metric]) > 0).subquery()
        value = src.c[metric]
        q = _dataset_select(value).select_from(
            src.join(p, p.c.id == src.c.package_id).outerjoin(g, g.c.id == p.c.owner_org)
        )
    if data.get("organization"):
        q = q.where(p.c.owner_org == data["organization"])
    rows = model.Session.execute(
        q.order_by(value.desc(), p.c.name).limit(data["limit"]).offset(data["offset"])
    ).fetchall()
    results = []
    for r in rows:
        m = r._mapping
        results.append(
            _item(
                r,
                **{
                    k: (float(m[k]) if k in ("rating", "stars_avg") else int(m[k]))
                    for k in ("downloads", "views", "rating", "stars_avg", "stars_count")
                    if k in m
                },
            )
        )
    return {"results": results}


@tk.side_effect_free
def egovuz_stats_top_rated(context, data_dict):
    """The datasets' rating ("Maʼlumotlar toʻplamlari reytingi": 0..100 from downloads,
    views and stars, see docs/statistics.md), best first.

    :param organization, limit (default 10), offset
    """
    tk.check_access("egovuz_stats_top_rated", context, data_dict)
    data = common.validate(data_dict, _schema(), context)
    _catch_up()
    return _top("rating", data)


@tk.side_effect_free
def egovuz_stats_top_stars(context, data_dict):
    """Highest rated by the users' stars alone ("Eng yuqori baholangan"): the average of
    the stars, among datasets with at least `ckanext.egovuz.stats.min_votes` votes; more
    votes first on equal averages.

    :param organization, limit (default 10), offset
    """
    tk.check_access("egovuz_stats_top_stars", context, data_dict)
    data = common.validate(data_dict, _schema(), context)
    _catch_up()
    min_votes = max(1, tk.config.get("ckanext.egovuz.stats.min_votes"))
    q = _dataset_select(totals.c.stars_avg, totals.c.stars_count).select_from(
        totals.join(p, p.c.id == totals.c.package_id).outerjoin(g, g.c.id == p.c.owner_org)
    )
    q = q.where(totals.c.stars_count >= min_votes)
    if data.get("organization"):
        q = q.where(p.c.owner_org == data["organization"])
    rows = model.Session.execute(
        q.order_by(totals.c.stars_avg.desc(), totals.c.stars_count.desc(), p.c.name)
        .limit(data["limit"])
        .offset(data["offset"])
    ).fetchall()
    return {
        "min_votes": min_votes,
        "results": [
            _item(r, stars_avg=round(float(r.stars_avg), 2), stars_count=int(r.stars_count))
            for r in rows
        ],
    }


@tk.side_effect_free
def egovuz_stats_most_downloaded(context, data_dict):
    """Most downloaded datasets, all time or in a period.

    :param date_from, date_to: period (optional, inclusive)
    :param organization, limit (default 10), offset
    """
    tk.check_access("egovuz_stats_most_downloaded", context, data_dict)
    data = common.validate(data_dict, _schema(), context)
    _catch_up()
    return _top("downloads", data)


@tk.side_effect_free
def egovuz_stats_most_viewed(context, data_dict):
    """Most viewed datasets (CKAN's page-view tracking), all time or in a period.

    :param date_from, date_to, organization, limit (default 10), offset
    """
    tk.check_access("egovuz_stats_most_viewed", context, data_dict)
    data = common.validate(data_dict, _schema(), context)
    _catch_up()
    return _top("views", data)


@tk.side_effect_free
def egovuz_stats_spheres(context, data_dict):
    """Per sphere (CKAN group): public datasets and their downloads (all time)."""
    tk.check_access("egovuz_stats_spheres", context, data_dict)
    _catch_up()
    # pre-aggregated by the refresh (a sphere created since shows 0 until the next one)
    rows = model.Session.execute(
        sa.text("""
        SELECT g.id, g.name, g.title, coalesce(s.datasets, 0) AS datasets,
               coalesce(s.downloads, 0) AS downloads
        FROM "group" g LEFT JOIN egovuz_stats_sphere s ON s.group_id = g.id
        WHERE NOT g.is_organization AND g.state = 'active'
        ORDER BY 4 DESC, g.title
    """)
    ).fetchall()
    return {
        "results": [
            {
                "id": r.id,
                "name": r.name,
                "title": r.title,
                "datasets": int(r.datasets),
                "downloads": int(r.downloads),
            }
            for r in rows
        ]
    }


def _rejected_proposals(conn, limit):
    """Rejected proposals, newest decision first, read through the participation
    plugin's proposal_table (none when that plugin is off)."""
    if not plugin_loaded("egovuz_participation"):
        return []
    from ...participation.model import proposal_table as pr

    rows = conn.execute(
        sa.select(pr.c.id, pr.c.title, pr.c.reject_reason, pr.c.modified)
        .where(pr.c.state == "rejected")
        .order_by(pr.c.modified.desc(), pr.c.id)
        .limit(limit)
    ).fetchall()
    return [
        {"id": r.id, "title": r.title, "reason": r.reject_reason, "date": common.iso(r.modified)}
        for r in rows
    ]


@tk.side_effect_free
def egovuz_stats_rejected(context, data_dict):
    """Rejected proposals (from the participation plugin, when it is loaded) and withdrawn
    (deleted) datasets, newest first.

    :param limit (default 50)
    """
    tk.check_access("egovuz_stats_rejected", context, data_dict)
    data = common.validate(data_dict, _schema(50), context)
    conn = model.Session.connection()
    proposals = _rejected_proposals(conn, data["limit"])
    q = (
        sa.select(
            p.c.id,
            p.c.name,
            p.c.title,
            p.c.metadata_modified,
            p.c.owner_org,
            g.c.name.label("org_name"),
            g.c.title.label("org_title"),
        )
        .select_from(p.outerjoin(g, g.c.id == p.c.owner_org))
        .where(p.c.state == "deleted", p.c.type == "dataset", p.c.private.is_(False))
        .order_by(p.c.metadata_modified.desc())
        .limit(data["limit"])
    )
    datasets = [
        _item(r, withdrawn=common.iso(r.metadata_modified), reason=None) for r in conn.execute(q)
    ]
    return {"proposals": proposals, "datasets": datasets}


PUBLIC_MAX = 100  # rows of the public search-query list, whatever `limit` asks


def _searches(data, empty: bool, public: bool = False):
    """The most frequent queries; `public`: only those enough distinct visitors typed
    and that found public datasets (stats_model.publishable_queries), at most PUBLIC_MAX."""
    start, end = common.period_bounds(data)
    limit = min(data["limit"], PUBLIC_MAX) if public else data["limit"]
    if start is None and end is None and not data.get("period"):
        t = stats_model.search_total_table
        col = t.c.empty if empty else t.c.searches
        q = sa.select(t.c.query, col.label("count")).where(col > 0)
        if public:
            q = q.where(t.c.query.in_(stats_model.publishable_queries()))
        q = q.order_by(col.desc(), t.c.query).limit(limit).offset(data["offset"])
        return {
            "results": [{"query": r.query, "count": int(r.count)} for r in model.Session.execute(q)]
        }
    if data.get("period"):
        import datetime

        start = datetime.datetime.utcnow() - datetime.timedelta(
            days=stats_model.WINDOWS[data["period"]] - 1
        )
        start, end = start.replace(hour=0, minute=0, second=0, microsecond=0), None
    s = stats_model.search_daily_table
    col = s.c.empty if empty else s.c.searches
    total = sa.func.sum(col)
    q = sa.select(s.c.query, total.label("count"))
    if public:
        q = q.where(s.c.query.in_(stats_model.publishable_queries()))
    if start is not None:
        q = q.where(s.c.day >= start.date())
    if end is not None:
        q = q.where(s.c.day < end.date())
    q = (
        q.group_by(s.c.query)
        .having(total > 0)
        .order_by(total.desc(), s.c.query)
        .limit(limit)
        .offset(data["offset"])
    )
    return {
        "results": [{"query": r.query, "count": int(r.count)} for r in model.Session.execute(q)]
    }


@tk.side_effect_free
def egovuz_stats_search_queries(context, data_dict):
    """Most popular search queries (normalized: lowercased, spaces collapsed, apostrophes
    folded), top N in a period. Everyone but operators sees only the queries typed by at
    least `ckanext.egovuz.stats.search_min_visitors` distinct visitors whose search found
    public datasets, at most PUBLIC_MAX of them: what one person typed, what found
    nothing, what members typed to find their private datasets stays with operators.

    :param date_from, date_to, limit (default 10), offset
    """
    tk.check_access("egovuz_stats_search_queries", context, data_dict)
    data = common.validate(data_dict, _schema(), context)
    _catch_up()
    return _searches(data, empty=False, public=not _is_operator(context))


def _is_operator(context) -> bool:
    from ckan import authz

    return bool(context.get("user")) and authz.is_sysadmin(context.get("user"))


@tk.side_effect_free
def egovuz_stats_search_empty(context, data_dict):
    """Operators: the searches that found nothing, most frequent first.

    :param date_from, date_to, limit (default 10), offset
    """
    tk.check_access("egovuz_stats_search_empty", context, data_dict)
    data = common.validate(data_dict, _schema(), context)
    _catch_up()
    return _searches(data, empty=True)


@tk.side_effect_free
def egovuz_stats_overview(context, data_dict):
    """Totals: public datasets, downloads, views, searches (all time, aggregated)."""
    tk.check_access("egovuz_stats_overview", context, data_dict)
    _catch_up()
    row = model.Session.execute(
        sa.text("""
        SELECT (SELECT count(*) FROM package WHERE state = 'active' AND NOT private
                AND type = 'dataset') AS datasets,
               total_downloads, total_views, total_searches, refreshed
        FROM (SELECT 1) one LEFT JOIN egovuz_stats_state ON key = 'main'
    """)
    ).first()
    return {
        "datasets": int(row.datasets),
        "downloads": int(row.total_downloads or 0),
        "views": int(row.total_views or 0),
        "searches": int(row.total_searches or 0),
        "refreshed": common.iso(row.refreshed),
    }


def egovuz_stats_refresh(context, data_dict):
    """Operators: aggregate the new download, view and search events (incremental), or
    rebuild everything with full=true (also the monitoring snapshot and AI scores).

    :param full: boolean (default false)
    """
    tk.check_access("egovuz_stats_refresh", context, data_dict)
    v = tk.get_validator
    data = common.validate(
        data_dict, {"full": [v("default")(False), v("boolean_validator")]}, context
    )
    result = stats_model.refresh(full=data["full"])
    if data["full"]:
        # the other plugins' rebuilds, through their actions (when they are loaded)
        for plugin, action, key in (
            ("egovuz_monitoring", "egovuz_monitoring_rebuild", "monitoring"),
            ("egovuz_ai", "egovuz_ai_refresh", "ai"),
        ):
            if plugin_loaded(plugin):
                result[key] = tk.get_action(action)(dict(context), {})["datasets"]
    return result


def get_actions():
    return {
        f.__name__: f
        for f in (
            egovuz_stats_top_rated,
            egovuz_stats_top_stars,
            egovuz_stats_most_downloaded,
            egovuz_stats_most_viewed,
            egovuz_stats_spheres,
            egovuz_stats_rejected,
            egovuz_stats_search_queries,
            egovuz_stats_search_empty,
            egovuz_stats_overview,
            egovuz_stats_refresh,
        )
    }
