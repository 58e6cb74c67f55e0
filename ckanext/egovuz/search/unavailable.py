"""Solr down: what needs only PostgreSQL keeps serving, what searches says so.

- `package_search` (and so the search page, the home page's blocks, the API) raises
  `SearchUnavailable` with a localized message when Solr does not answer;
- the Action API answers 503 (with Retry-After) instead of CKAN's 409/500 for any action
  that failed because Solr is down, reads (package_search) and writes alike: a dataset
  saved while Solr is down fails as a whole (CKAN indexes before its commit, so nothing
  is written) and the message says to save again later;
- a page that needs search answers 503 with the message (not CKAN's 500);
- dataset pages, their tabs, downloads, the DataStore API and /api/egovuz/v1 read the
  database: package_show falls back to it by itself when Solr does not answer.
"""

from __future__ import annotations

import json
import logging
import time

import pysolr
import requests
from ckan.lib.search.common import SearchError, SearchIndexError, SolrConnectionError
from ckan.plugins import toolkit as tk

log = logging.getLogger(__name__)

_state = {"checked": 0.0, "up": True}
CHECK_EVERY = 2.0  # seconds a verdict on Solr is reused


class SearchUnavailable(SearchError):
    """Solr does not answer."""


def message() -> str:
    return tk._(
        "Search is temporarily unavailable. Dataset pages, downloads and the API "
        "keep working; please try the search again in a few minutes."
    )


def write_message() -> str:
    return tk._(
        "The search index is temporarily unavailable, so the dataset was not "
        "saved (nothing was changed). Please save it again in a few minutes."
    )


def solr_up(force: bool = False) -> bool:
    """Whether Solr answers a trivial query (the verdict is kept CHECK_EVERY seconds)."""
    now = time.monotonic()
    if not force and now - _state["checked"] < CHECK_EVERY:
        return _state["up"]
    url = tk.config.get("solr_url") or ""
    try:
        r = requests.get(url.rstrip("/") + "/select", params={"q": "*:*", "rows": 0}, timeout=3)
        up = r.status_code == 200
    except requests.RequestException:
        up = False
    if up != _state["up"]:
        log.warning("Solr at %s is %s", url, "back" if up else "not answering")
        if up:
            _drain()
    _state.update(checked=now, up=up)
    return up


def _drain() -> None:
    """Solr is back: a job indexes what was written while it was down."""
    from ckanext.egovuz.ingest import flags

    try:
        tk.enqueue_job(flags.reindex_stale, title="egovuz: index what changed while Solr was down")
    except Exception as e:  # Redis down too: `ckan egovuz reindex-stale` does it
        log.warning("could not enqueue the reindex of stale datasets: %s", e)


@tk.side_effect_free  # GET with URL parameters, as the action it wraps
@tk.chained_action
def package_search(up_func, context, data_dict):
    try:
        return up_func(context, data_dict)
    except (SearchError, SolrConnectionError, OSError) as e:
        if isinstance(e, SearchUnavailable) or solr_up(force=True):
            raise
        raise SearchUnavailable(message()) from e


def _db_dataset_count(group) -> int:
    """Public active datasets of an organization or a group, counted in the database."""
    from ckan import model

    q = (
        model.Session.query(model.Package.id)
        .filter(model.Package.state == "active")
        .filter(model.Package.private.is_(False))
    )
    if group.is_organization:
        q = q.filter(model.Package.owner_org == group.id)
    else:
        q = q.join(model.Member, model.Member.table_id == model.Package.id).filter(
            model.Member.group_id == group.id,
            model.Member.state == "active",
            model.Member.table_name == "package",
        )
    return q.count()


def _group_show(up_func, context, data_dict):
    """organization_show / group_show count the datasets with package_search: while
    Solr is down the count comes from the database (the dataset page's organization
    block, the organization page's header)."""
    try:
        return up_func(dict(context), data_dict)
    except SearchUnavailable:
        from ckan import model

        if tk.asbool(data_dict.get("include_datasets")):
            raise
        group = model.Group.get(data_dict.get("id") or "")
        if group is None:
            raise
        n = _db_dataset_count(group)
        return up_func(
            dict(context, dataset_counts={"owner_org": {group.id: n}, "groups": {group.name: n}}),
            data_dict,
        )


@tk.side_effect_free  # GET with URL parameters, as the action it wraps
@tk.chained_action
def organization_show(up_func, context, data_dict):
    return _group_show(up_func, context, data_dict)


@tk.side_effect_free  # GET with URL parameters, as the action it wraps
@tk.chained_action
def group_show(up_func, context, data_dict):
    return _group_show(up_func, context, data_dict)


def get_actions() -> dict:
    return {
        "package_search": package_search,
        "organization_show": organization_show,
        "group_show": group_show,
    }


SEARCH_ERRORS = ("Search Error", "Search Index Error", "Search Connection Error")


def api_after_request(response):
    """An Action API answer that failed on Solr while Solr is down becomes a 503."""
    from flask import request

    if (
        response.status_code not in (409, 500)
        or not request.path.startswith("/api/")
        or response.mimetype != "application/json"
    ):
        return response
    try:
        body = json.loads(response.get_data(as_text=True))
        kind = (body.get("error") or {}).get("__type")
    except (ValueError, AttributeError):
        return response
    if kind not in SEARCH_ERRORS or solr_up(force=True):
        return response
    body["error"] = {
        "__type": "Search Unavailable",
        "message": write_message() if kind == "Search Index Error" else message(),
    }
    response.set_data(json.dumps(body))
    response.status_code = 503
    response.headers["Retry-After"] = "60"
    return response


def page_error(e):
    """A page that needed Solr while it is down: 503 with the message."""
    from ckan.lib import base

    if not isinstance(e, SearchUnavailable) and solr_up(force=True):
        log.error(e, exc_info=True)
        return base.render(
            "error_document_template.html", {"code": [500], "content": "Internal server error"}
        ), 500
    log.warning("a page needed Solr while it is down: %s", e, exc_info=e)
    text = write_message() if isinstance(e, SearchIndexError) else message()
    resp = base.render(
        "error_document_template.html",
        {"code": 503, "content": text, "name": tk._("Search is temporarily unavailable")},
    )
    return resp, 503, {"Retry-After": "60"}


def install(app) -> None:
    app.after_request(api_after_request)
    for exc in (SearchError, SearchIndexError, SolrConnectionError, pysolr.SolrError):
        app.register_error_handler(exc, page_error)
