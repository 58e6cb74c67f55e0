"""Logging of the searches of the dataset search page (S-STAT: most popular queries,
searches that found nothing). One INSERT per search, made once the page has been sent
(the response's close: the visitor does not wait for it; issue 14); internal
package_search calls (home page blocks, API, other plugins) are not user searches and
are not logged."""

from __future__ import annotations

import hashlib
import hmac
import logging

from flask import after_this_request, has_request_context, request

from . import model as stats_model

log = logging.getLogger(__name__)
SEARCH_ENDPOINTS = {"dataset.search", "dataset.read_search"}


def visitor_key() -> str:
    """Who searched, as a keyed hash (the site's secret): the user id of a logged-in user,
    else the client address (see ckanext.egovuz.trusted_proxies) and browser. Counting
    distinct visitors needs no address stored."""
    from ckan.plugins import toolkit as tk

    user = getattr(tk.g, "userobj", None)
    who = (
        f"user:{user.id}"
        if user is not None and getattr(user, "id", None)
        else f"addr:{request.remote_addr}|{request.headers.get('User-Agent', '')[:200]}"
    )
    secret = str(tk.config.get("SECRET_KEY") or tk.config.get("beaker.session.secret") or "")
    return hmac.new(secret.encode(), who.encode(), hashlib.sha256).hexdigest()[:32]


def log_from_request(search_results: dict) -> None:
    if not has_request_context() or request.endpoint not in ("dataset.search",):
        return
    if request.args.get("page", "1") not in ("", "1"):
        return  # the next pages of one search are not new searches
    query = request.args.get("q", "")
    if not query.strip():
        return
    count = search_results.get("count") or 0
    public = bool(count) and any(not r.get("private") for r in search_results.get("results") or [])
    row = (query, count, visitor_key(), public)

    def insert() -> None:
        try:
            stats_model.log_search(*row)
        except Exception:  # statistics must never break a search
            log.exception("search not logged")

    def after_sent(response):
        response.call_on_close(insert)
        return response

    after_this_request(after_sent)
