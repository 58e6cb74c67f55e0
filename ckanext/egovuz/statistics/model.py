"""Statistics (S-STAT): pre-aggregated tables and their incremental refresh.

- `egovuz_stats_daily`: downloads (from downloads.model.download_table) and page views
  (from ckanext.tracking's TrackingSummary, when the tracking plugin is on) per dataset per day;
- `egovuz_stats_dataset`: totals per dataset, stars and the rating;
- `egovuz_search_log`: every dataset search, one INSERT on the request path;
  `egovuz_search_daily`: searches and searches that found nothing per query per day;
- `egovuz_stats_state`: the watermarks (last aggregated download id and search id).

`refresh()` aggregates only the events after the watermarks (cheap, fit for a cron job
every few minutes and for a throttled catch-up from the pages); `refresh(full=True)`
rebuilds everything. One refresh at a time (a PostgreSQL advisory lock).

Rating (0..100, documented in docs/statistics.md):

    rating = 100 * (0.4 * ln(1 + downloads) / ln(1 + max_downloads)
                  + 0.3 * ln(1 + views)     / ln(1 + max_views)
                  + 0.3 * stars_avg / 5)

rounded to one decimal; the maxima are over the public, active datasets; a term whose
maximum is 0 counts 0. Stars are the users' ratings of the participation plugin
(participation.model.rating_table, when egovuz_participation is loaded); without it every
dataset has 0 stars. Downloads are the events of downloads.model.download_table."""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata

import sqlalchemy as sa
from ckan.model import meta
from ckan.plugins import plugin_loaded
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ..downloads.model import download_table

log = logging.getLogger(__name__)

daily_table = sa.Table(
    "egovuz_stats_daily",
    meta.metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("downloads", sa.Integer, nullable=False, server_default="0"),
    sa.Column("views", sa.Integer, nullable=False, server_default="0"),
)
dataset_table = sa.Table(
    "egovuz_stats_dataset",
    meta.metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("downloads", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("views", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("stars_avg", sa.Float, nullable=False, server_default="0"),
    sa.Column("stars_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rating", sa.Float, nullable=False, server_default="0"),
    *[
        sa.Column(f"{m}_{w}d", sa.BigInteger, nullable=False, server_default="0")
        for m in ("downloads", "views")
        for w in (7, 30, 365)
    ],
)
WINDOWS = {"7d": 7, "30d": 30, "365d": 365}
state_table = sa.Table(
    "egovuz_stats_state",
    meta.metadata,
    sa.Column("key", sa.Unicode(32), primary_key=True),
    sa.Column("last_download_id", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("last_search_id", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("refreshed", sa.DateTime),
    sa.Column("windows_day", sa.Date),
    sa.Column("total_downloads", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("total_views", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("total_searches", sa.BigInteger, nullable=False, server_default="0"),
)
sphere_table = sa.Table(
    "egovuz_stats_sphere",
    meta.metadata,
    sa.Column("group_id", sa.UnicodeText, primary_key=True),
    sa.Column("datasets", sa.Integer, nullable=False, server_default="0"),
    sa.Column("downloads", sa.BigInteger, nullable=False, server_default="0"),
)
search_total_table = sa.Table(
    "egovuz_search_total",
    meta.metadata,
    sa.Column("query", sa.UnicodeText, primary_key=True),
    sa.Column("searches", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("empty", sa.BigInteger, nullable=False, server_default="0"),
)
search_log_table = sa.Table(
    "egovuz_search_log",
    meta.metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("query", sa.UnicodeText, nullable=False),
    sa.Column("results", sa.Integer, nullable=False),
    sa.Column("created", sa.DateTime, nullable=False),
    # who searched (a keyed hash of the user id, or of the address of an anonymous
    # visitor: never the address itself) and whether the search found public datasets
    sa.Column("visitor", sa.UnicodeText, nullable=True),
    sa.Column("public_results", sa.Boolean, nullable=False, server_default=sa.false()),
)
# The distinct visitors whose search for a query found public datasets: a query enters
# the public lists once `ckanext.egovuz.stats.search_min_visitors` of them typed it.
search_visitor_table = sa.Table(
    "egovuz_search_visitor",
    meta.metadata,
    sa.Column("query", sa.UnicodeText, primary_key=True),
    sa.Column("visitor", sa.UnicodeText, primary_key=True),
)
search_daily_table = sa.Table(
    "egovuz_search_daily",
    meta.metadata,
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("query", sa.UnicodeText, primary_key=True),
    sa.Column("searches", sa.Integer, nullable=False, server_default="0"),
    sa.Column("empty", sa.Integer, nullable=False, server_default="0"),
)

WEIGHTS = {"downloads": 0.4, "views": 0.3, "stars": 0.3}
LOCK_ID = 804_551_2026
MAX_QUERY = 200

_APOSTROPHES = re.compile("[\u0027\u2018\u2019\u0060\u02bb\u02bc\u00b4]")
_SPACES = re.compile(r"\s+")


def normalize_query(text: str) -> str:
    """Lowercased, whitespace collapsed, every apostrophe folded to the ASCII one."""
    text = unicodedata.normalize("NFC", text or "")
    text = _APOSTROPHES.sub("'", text)
    text = _SPACES.sub(" ", text).strip().lower()
    return text[:MAX_QUERY]


def log_search(
    query: str, results: int, visitor: str | None = None, public_results: bool = False
) -> None:
    """One INSERT in its own connection (not the request's transaction)."""
    norm = normalize_query(query)
    if not norm:
        return
    with meta.engine.begin() as conn:
        conn.execute(
            search_log_table.insert().values(
                query=norm,
                results=int(results or 0),
                created=datetime.datetime.utcnow(),
                visitor=visitor,
                public_results=bool(public_results),
            )
        )


def _add_views(conn, since: datetime.date) -> None:
    """CKAN's page views per dataset and day since `since`, from ckanext.tracking's
    TrackingSummary (rewritten per day by `ckan tracking update`), into the daily table."""
    from ckanext.tracking.model import TrackingSummary

    ts = TrackingSummary.__table__
    views = (
        sa.select(ts.c.tracking_date, ts.c.package_id, sa.literal(0), sa.func.sum(ts.c.count))
        .where(
            ts.c.tracking_type == "page",
            ts.c.tracking_date >= since,
            ts.c.package_id.isnot(None),
            ts.c.package_id != "~~not~found~~",
        )
        .group_by(ts.c.tracking_date, ts.c.package_id)
    )
    stmt = pg_insert(daily_table).from_select(["day", "package_id", "downloads", "views"], views)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["day", "package_id"], set_={"views": stmt.excluded.views}
        )
    )


def refresh(full: bool = False, conn=None) -> dict:
    """Aggregate new events into the daily tables, then update totals and ratings.
    Returns what was done, or {"skipped": True} when another refresh holds the lock."""
    if conn is None:
        with meta.engine.begin() as own:
            return refresh(full, own)
    if not conn.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": LOCK_ID}).scalar():
        return {"skipped": True}
    now = datetime.datetime.utcnow()
    if full:
        for t in (
            daily_table,
            dataset_table,
            search_daily_table,
            search_total_table,
            search_visitor_table,
            sphere_table,
            state_table,
        ):
            conn.execute(t.delete())
    state = conn.execute(sa.select(state_table).where(state_table.c.key == "main")).first()
    if state is None:
        conn.execute(state_table.insert().values(key="main", last_download_id=0, last_search_id=0))
        last_dl, last_search, refreshed, windows_day = 0, 0, None, None
    else:
        last_dl, last_search, refreshed = (
            state.last_download_id,
            state.last_search_id,
            state.refreshed,
        )
        windows_day = state.windows_day
    today = now.date()

    dl = download_table
    max_dl = conn.execute(sa.select(sa.func.coalesce(sa.func.max(dl.c.id), 0))).scalar()
    max_search = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(search_log_table.c.id), 0))
    ).scalar()
    _add_downloads(conn, last_dl, max_dl)

    views_since = None
    if plugin_loaded("tracking"):
        # the page views are rewritten per day by `ckan tracking update`: take the days
        # since the previous refresh again (a full refresh takes them all).
        views_since = (
            (refreshed.date() - datetime.timedelta(days=1))
            if refreshed and not full
            else datetime.date(1970, 1, 1)
        )
        _add_views(conn, views_since)

    conn.execute(
        sa.text("""
        INSERT INTO egovuz_search_daily (day, query, searches, empty)
        SELECT created::date, query, count(*), count(*) FILTER (WHERE results = 0)
        FROM egovuz_search_log WHERE id > :a AND id <= :b GROUP BY 1, 2
        ON CONFLICT (day, query) DO UPDATE SET
          searches = egovuz_search_daily.searches + excluded.searches,
          empty = egovuz_search_daily.empty + excluded.empty
    """),
        {"a": last_search, "b": max_search},
    )
    conn.execute(
        sa.text("""
        INSERT INTO egovuz_search_total (query, searches, empty)
        SELECT query, count(*), count(*) FILTER (WHERE results = 0)
        FROM egovuz_search_log WHERE id > :a AND id <= :b GROUP BY 1
        ON CONFLICT (query) DO UPDATE SET
          searches = egovuz_search_total.searches + excluded.searches,
          empty = egovuz_search_total.empty + excluded.empty
    """),
        {"a": last_search, "b": max_search},
    )
    conn.execute(
        sa.text("""
        INSERT INTO egovuz_search_visitor (query, visitor)
        SELECT DISTINCT query, visitor FROM egovuz_search_log
        WHERE id > :a AND id <= :b AND public_results AND visitor IS NOT NULL
        ON CONFLICT DO NOTHING
    """),
        {"a": last_search, "b": max_search},
    )

    # Totals and sliding windows of the datasets touched since the last refresh; of all
    # of them on a full refresh and on the first refresh of a day (the windows slide).
    if full or windows_day != today:
        where = ""
    else:
        touched = [f"SELECT DISTINCT package_id FROM {dl.name} WHERE id > :a AND id <= :b"]
        if views_since is not None:
            touched.append(
                "SELECT DISTINCT package_id FROM egovuz_stats_daily "
                "WHERE day >= :since AND views > 0"
            )
        where = f"WHERE d.package_id IN ({' UNION '.join(touched)})"
    windows = ", ".join(
        f"coalesce(sum(d.{m}) FILTER (WHERE d.day > :today - {w}), 0)"
        for m in ("downloads", "views")
        for w in WINDOWS.values()
    )
    cols = [f"{m}_{w}" for m in ("downloads", "views") for w in WINDOWS]
    conn.execute(
        sa.text(f"""
        INSERT INTO egovuz_stats_dataset (package_id, downloads, views, {", ".join(cols)})
        SELECT d.package_id, sum(d.downloads), sum(d.views), {windows}
        FROM egovuz_stats_daily d {where}
        GROUP BY d.package_id
        ON CONFLICT (package_id) DO UPDATE SET
          downloads = excluded.downloads, views = excluded.views,
          {", ".join(f"{c} = excluded.{c}" for c in cols)}
    """),
        {"a": last_dl, "b": max_dl, "since": views_since, "today": today},
    )
    _refresh_spheres(conn)

    stars = _refresh_stars(conn)
    _refresh_ratings(conn)
    if full or max_dl - last_dl > 100000:
        # fresh statistics for the planner, or it plans the period sums as for empty tables
        conn.execute(
            sa.text(
                "ANALYZE egovuz_stats_daily, egovuz_stats_dataset, egovuz_search_daily,"
                " egovuz_search_total"
            )
        )
    totals = conn.execute(
        sa.text("""
        SELECT (SELECT coalesce(sum(downloads), 0) FROM egovuz_stats_dataset),
               (SELECT coalesce(sum(views), 0) FROM egovuz_stats_dataset),
               (SELECT coalesce(sum(searches), 0) FROM egovuz_search_total)""")
    ).first()
    conn.execute(
        state_table.update()
        .where(state_table.c.key == "main")
        .values(
            last_download_id=max_dl,
            last_search_id=max_search,
            refreshed=now,
            windows_day=today,
            total_downloads=totals[0],
            total_views=totals[1],
            total_searches=totals[2],
        )
    )
    return {
        "downloads": max_dl - last_dl,
        "searches": max_search - last_search,
        "stars": stars,
        "full": full,
    }


def _add_downloads(conn, after: int, upto: int) -> None:
    """The download events with after < id <= upto, counted into the daily table."""
    dl = download_table
    day = sa.cast(dl.c.created, sa.Date)
    events = (
        sa.select(day, dl.c.package_id, sa.func.count(), sa.literal(0))
        .where(dl.c.id > after, dl.c.id <= upto)
        .group_by(day, dl.c.package_id)
    )
    stmt = pg_insert(daily_table).from_select(["day", "package_id", "downloads", "views"], events)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["day", "package_id"],
            set_={"downloads": daily_table.c.downloads + stmt.excluded.downloads},
        )
    )


def _refresh_spheres(conn) -> None:
    conn.execute(sphere_table.delete())
    conn.execute(
        sa.text("""
        INSERT INTO egovuz_stats_sphere (group_id, datasets, downloads)
        SELECT g.id, count(p.id), coalesce(sum(s.downloads), 0)
        FROM "group" g
        LEFT JOIN member mb ON mb.group_id = g.id AND mb.state = 'active'
             AND mb.table_name = 'package'
        LEFT JOIN package p ON p.id = mb.table_id AND p.state = 'active'
             AND NOT p.private AND p.type = 'dataset'
        LEFT JOIN egovuz_stats_dataset s ON s.package_id = p.id
        WHERE NOT g.is_organization AND g.state = 'active'
        GROUP BY g.id
    """)
    )


def _refresh_stars(conn) -> bool:
    """Stars of every dataset from the participation plugin's ratings (its model's table
    object); False when that plugin is off."""
    if not plugin_loaded("egovuz_participation"):
        return False
    from ..participation.model import rating_table as r

    stars = (
        sa.select(
            r.c.package_id, sa.cast(sa.func.avg(r.c.rating), sa.Float), sa.func.count(r.c.rating)
        )
        .where(r.c.rating.isnot(None))
        .group_by(r.c.package_id)
    )
    stmt = pg_insert(dataset_table).from_select(["package_id", "stars_avg", "stars_count"], stars)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["package_id"],
            set_={"stars_avg": stmt.excluded.stars_avg, "stars_count": stmt.excluded.stars_count},
        )
    )
    return True


def _refresh_ratings(conn) -> None:
    w = WEIGHTS
    conn.execute(
        sa.text(f"""
        WITH mx AS (SELECT ln(1 + coalesce(max(s.downloads), 0)) AS d,
                           ln(1 + coalesce(max(s.views), 0)) AS v
                    FROM egovuz_stats_dataset s JOIN package p ON p.id = s.package_id
                    WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset')
        UPDATE egovuz_stats_dataset s SET rating = round(CAST(100 * (
            {w["downloads"]} * CASE WHEN mx.d > 0 THEN ln(1 + s.downloads) / mx.d ELSE 0 END
          + {w["views"]} * CASE WHEN mx.v > 0 THEN ln(1 + s.views) / mx.v ELSE 0 END
          + {w["stars"]} * least(greatest(s.stars_avg, 0), 5) / 5) AS numeric), 1)
        FROM mx
    """)
    )


def publishable_queries():
    """Queries typed by at least `ckanext.egovuz.stats.search_min_visitors` distinct
    visitors whose search found public datasets (a subquery of query texts)."""
    from ckan.plugins import toolkit as tk

    n = max(1, int(tk.config.get("ckanext.egovuz.stats.search_min_visitors")))
    v = search_visitor_table
    return sa.select(v.c.query).group_by(v.c.query).having(sa.func.count() >= n)


def maybe_refresh(max_age: int) -> None:
    """Catch up from a page when the last refresh is older than max_age seconds (0: never)."""
    if max_age <= 0:
        return
    with meta.engine.connect() as conn:
        refreshed = conn.execute(
            sa.select(state_table.c.refreshed).where(state_table.c.key == "main")
        ).scalar()
    if refreshed and (datetime.datetime.utcnow() - refreshed).total_seconds() < max_age:
        return
    try:
        refresh()
    except Exception:  # a page must not fail because the catch-up did
        log.exception("statistics refresh failed")
