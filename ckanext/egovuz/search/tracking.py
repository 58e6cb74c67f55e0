"""The views (tracking_summary) of search results in two queries instead of one a dataset
and one a resource (issue 14, 17).

CKAN 2.11's `tracking` plugin adds `tracking_summary` to every dataset and every resource
of a `package_search` answer with one query each (TrackingSummary.get_for_package and
get_for_resource): 20 results with 3 resources are ~80 queries, which were ~80 % of the
time of a search with facets on the 100,000-dataset catalogue (upstream: ckan/ckan#8772,
open). `install()` gives the tracking plugin an `after_dataset_search` that answers the
same values (the newest row by tracking_date of each package id and of each url, as
get_for_package / get_for_resource do) from two queries. Nothing else of the plugin
changes; without the tracking plugin nothing is installed.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from ckan import model

_ZERO = {"total": 0, "recent": 0}
ORIGINAL = None


def _newest(column, keys: list[str]) -> dict[str, dict[str, int]]:
    from ckanext.tracking.model import TrackingSummary as T

    if not keys:
        return {}
    rows = model.Session.execute(
        sa.select(column, T.running_total, T.recent_views)
        .where(column.in_(keys))
        .distinct(column)
        .order_by(column, T.tracking_date.desc())
    ).fetchall()
    return {key: {"total": total, "recent": recent} for key, total, recent in rows}


def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]):
    from ckanext.tracking.model import TrackingSummary as T

    results = [d for d in search_results["results"] if "id" in d]
    packages = _newest(T.package_id, sorted({d["id"] for d in results}))
    urls = sorted({r["url"] for d in results for r in d.get("resources", []) if "url" in r})
    resources = _newest(T.url, urls)
    for d in results:
        d["tracking_summary"] = dict(packages.get(d["id"], _ZERO))
        for r in d.get("resources", []):
            if "url" in r:
                r["tracking_summary"] = dict(resources.get(r["url"], _ZERO))
    return search_results


def install() -> bool:
    """The bulk after_dataset_search on CKAN's TrackingPlugin (idempotent)."""
    try:
        from ckanext.tracking.plugin import TrackingPlugin
    except ImportError:
        return False
    from ..core import compat

    compat.require_tracking_internals()
    global ORIGINAL
    if TrackingPlugin.after_dataset_search is not after_dataset_search:
        ORIGINAL = TrackingPlugin.after_dataset_search  # CKAN's, for comparison (bench)
        TrackingPlugin.after_dataset_search = after_dataset_search
    return True
