"""A page of a DataStore table for the Table tab and the stable data API, fast on large
tables with a full-text query.

CKAN's datastore_search with `q` and no sort orders every matching row by its rank and
counts them all: on a 1,000,000-row table a common word matches hundreds of thousands of
rows, and the page took about 650 ms. Here, with `q`:
- without a sort the rows come in the table's order (`_id`), so PostgreSQL stops after
  the page; the rank is still computed, for the rows shown only (CKAN selects it over
  the page);
- the total costs no query when the page is short (fewer rows than asked for: the
  rows before it and on it are all there are); else the planner's estimate comes first
  (EXPLAIN, from the column's statistics): beyond ESTIMATE_TRUSTED it is the total, and
  `total_was_estimated` says so (as CKAN's own `total_estimation_threshold` does for a
  table without filters); below it the count is exact up to COUNT_CAP matches (a
  count(*) over at most COUNT_CAP + 1 rows), and estimated beyond. A common word
  matches hundreds of thousands of rows: counting even 10,001 of them meant building
  the GIN bitmap of every match, most of such a query's time.
Without `q` it is datastore_search as it comes."""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from ckan import plugins
from ckan.plugins import toolkit as tk
from ckanext.datastore.backend import postgres as pg

from ckanext.egovuz.exports import query as export_query

COUNT_CAP = 10_000
# an estimate this far beyond the cap is taken as it is (the planner's estimate of a
# tsquery is off by a factor of a few at most, not by ten)
ESTIMATE_TRUSTED = 10 * COUNT_CAP


def search_page(context: dict, search: dict[str, Any]) -> dict[str, Any]:
    """datastore_search(`search`) with the two changes above when `search` has `q`. The
    columns it filters or sorts by get their index (queued, on large tables)."""
    result = _search(context, search)
    if plugins.plugin_loaded("egovuz_ingest"):
        from ckanext.egovuz.ingest import indexes

        indexes.request(search["resource_id"], used_columns(search))
    return result


def used_columns(search: dict[str, Any]) -> list[str]:
    """The columns a search filters or sorts by."""
    columns = list((search.get("filters") or {}).keys())
    sort = search.get("sort") or ""
    for clause in sort if isinstance(sort, list) else sort.split(","):
        name = re.sub(r"\s+(asc|desc)\s*$", "", clause.strip(), flags=re.I).strip()
        columns.append(name[1:-1].replace('""', '"') if name.startswith('"') else name)
    return [c for c in columns if c]


def _search(context: dict, search: dict[str, Any]) -> dict[str, Any]:
    if not search.get("q"):
        return tk.get_action("datastore_search")(dict(context), dict(search))
    want_total = search.get("include_total", True)
    page = dict(search, include_total=False)
    page.setdefault("sort", "_id")
    if not page["sort"]:
        page["sort"] = "_id"
    result = tk.get_action("datastore_search")(dict(context), page)
    if not search.get("sort"):
        result.pop("sort", None)
    if want_total:
        shown = len(result.get("records") or [])
        offset = int(search.get("offset") or 0)
        limit = int(result.get("limit", 100) or 0)
        if shown < limit and (shown or not offset):  # a short page: the last one
            result["total"], result["total_was_estimated"] = offset + shown, False
        else:
            result["total"], result["total_was_estimated"] = count(
                context, search, _table_fields(search, result)
            )
    return result


def _table_fields(search: dict[str, Any], result: dict[str, Any]) -> dict[str, str] | None:
    """The table's {column: type} from a datastore_search's result (all columns asked
    for): its fields but the rank columns that `q` added; None when `fields` narrowed
    them. (The result names a `nested` column `json`: the WHERE clauses only ask whether
    a type is text or an array, which neither is.)"""
    if search.get("fields"):
        return None
    q = search.get("q")
    ranks = {"rank"} if isinstance(q, str) else {f"rank {k}" for k in (q or {})}
    return {f["id"]: f["type"] for f in result.get("fields") or [] if f["id"] not in ranks}


def count(
    context: dict, search: dict[str, Any], fields_types: dict[str, str] | None = None
) -> tuple[int, bool]:
    """(matching rows, estimated?): the planner's estimate when it is beyond
    ESTIMATE_TRUSTED, else exact up to COUNT_CAP, else the estimate. `fields_types`: the
    table's columns when the caller has them (one query less)."""
    where = {
        k: search[k] for k in ("resource_id", "q", "filters", "plain", "language") if k in search
    }
    with pg.get_read_engine().connect() as conn:
        _columns, from_sql, _order, params = export_query.clauses(
            context, where, conn, fields_types
        )
        plan = conn.execute(sa.text(f"EXPLAIN (FORMAT JSON) SELECT 1 {from_sql}"), params).scalar()
        plan = json.loads(plan) if isinstance(plan, str) else plan
        estimate = int(plan[0]["Plan"].get("Plan Rows") or 0)
        if estimate > ESTIMATE_TRUSTED:
            return estimate, True
        n = conn.execute(
            sa.text(f"SELECT count(*) FROM (SELECT 1 {from_sql} LIMIT {COUNT_CAP + 1}) capped"),
            params,
        ).scalar()
    if n <= COUNT_CAP:
        return int(n), False
    return max(estimate, COUNT_CAP + 1), True
