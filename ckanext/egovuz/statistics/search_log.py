"""Logging of the searches of the dataset search page (S-STAT: most popular queries,
searches that found nothing). One INSERT per search on the request path; internal
package_search calls (home page blocks, API, other plugins) are not user searches and
are not logged."""
from __future__ import annotations

import logging

from flask import has_request_context, request

from . import model as stats_model

log = logging.getLogger(__name__)
SEARCH_ENDPOINTS = {"dataset.search", "dataset.read_search"}


def log_from_request(search_results: dict) -> None:
    if not has_request_context() or request.endpoint not in ("dataset.search",):
        return
    if request.args.get("page", "1") not in ("", "1"):
        return  # the next pages of one search are not new searches
    query = request.args.get("q", "")
    if not query.strip():
        return
    try:
        stats_model.log_search(query, search_results.get("count") or 0)
    except Exception:  # statistics must never break a search
        log.exception("search not logged")
