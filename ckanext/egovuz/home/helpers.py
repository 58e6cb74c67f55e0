"""Helpers of the home page (S-HOME): spheres and organizations with their dataset
counts, the most recently updated datasets."""

from __future__ import annotations

from ckan import model
from ckan.plugins import toolkit as tk

from ..passport.helpers import localized


RECENT = 6
_RECENT_SORT = "data_last_changed_date desc, metadata_modified desc"
_DOWN = object()


def _home_query() -> dict:
    return {
        "q": "*:*",
        "rows": RECENT,
        "sort": _RECENT_SORT,
        "facet.field": ["groups"],
        "facet.limit": -1,
    }


# CKAN's own home view (ckan.views.home.index, which ckanext-dcat's "/" calls for HTML)
# runs a search of its own: the 4 most viewed datasets and five facets, for blocks this
# portal's home page does not show (its template replaces them). On the home page that
# search is turned into the page's own one, so one Solr request and one round of
# per-result summaries (tracking, ratings) serve the page instead of two.
_HOME_ENDPOINTS = ("home.index", "dcat.read_catalog")
_CKAN_HOME_SEARCH = {"q": "*:*", "rows": 4, "sort": "view_recent desc"}


def _is_ckan_home_search(params: dict) -> bool:
    from flask import has_request_context, request

    if not has_request_context() or request.endpoint not in _HOME_ENDPOINTS:
        return False
    if getattr(tk.g, "_egovuz_home_search", None) is not None:
        return False
    return all(str(params.get(k)) == str(v) for k, v in _CKAN_HOME_SEARCH.items())


def take_over_ckan_home_search(params: dict) -> dict:
    """before_dataset_search: CKAN's home search becomes the home page's own."""
    if _is_ckan_home_search(params):
        params.update(_home_query())
        tk.g._egovuz_home_pending = True
    return params


def keep_home_search(search_results: dict) -> dict:
    """after_dataset_search: the taken-over search's results, kept for the helpers."""
    from flask import has_request_context

    if not has_request_context():  # a command, a worker: no page
        return search_results
    if getattr(tk.g, "_egovuz_home_pending", False):
        tk.g._egovuz_home_pending = False
        tk.g._egovuz_home_search = search_results
    return search_results


def _home_search() -> dict | None:
    """One package_search a request serves the dataset count, the spheres' counts and
    the recent datasets (it was four, each with its own Solr query: CKAN's home view's
    is the one, see take_over_ckan_home_search); None while Solr is down (the page says
    so instead)."""
    from ..search.unavailable import SearchUnavailable

    cached = getattr(tk.g, "_egovuz_home_search", None)
    if cached is None:
        tk.g._egovuz_home_pending = False
        try:
            cached = tk.get_action("package_search")({}, _home_query())
        except SearchUnavailable:
            cached = _DOWN
        tk.g._egovuz_home_search = cached
    return None if cached is _DOWN else cached


def _facet_counts(field: str) -> dict | None:
    result = _home_search()
    if result is None:
        return None
    return {
        item["name"]: item["count"]
        for item in result["search_facets"].get(field, {}).get("items", [])
    }


def spheres_with_counts() -> list[dict]:
    """The spheres (from the database) with their dataset counts (from search; None
    while search is unavailable)."""
    counts = _facet_counts("groups")
    groups = (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization == False)  # noqa: E712
        .filter(model.Group.state == "active")
        .order_by(model.Group.title)
    )
    return [
        {
            "name": g.name,
            "title": localized({"title": g.title or g.name}),
            "image_url": g.image_url,
            "count": counts.get(g.name, 0) if counts is not None else None,
        }
        for g in groups
    ]


def dataset_count() -> int:
    result = _home_search()
    if result is not None:
        return result["count"]
    # search is down: the public active datasets, counted in the database
    return (
        model.Session.query(model.Package)
        .filter(model.Package.state == "active")
        .filter(model.Package.private == False)  # noqa: E712
        .filter(model.Package.type == "dataset")
        .count()
    )


def organization_count() -> int:
    return (
        model.Session.query(model.Group)
        .filter(model.Group.is_organization == True)  # noqa: E712
        .filter(model.Group.state == "active")
        .count()
    )


def recent_datasets(limit: int = RECENT) -> list[dict] | None:
    """The latest changed datasets; None while search is unavailable."""
    from ..search.unavailable import SearchUnavailable

    if limit <= RECENT:
        result = _home_search()
        return None if result is None else result["results"][:limit]
    try:
        return tk.get_action("package_search")(
            {}, {"q": "*:*", "rows": limit, "sort": _RECENT_SORT}
        )["results"]
    except SearchUnavailable:
        return None


def search_unavailable_message() -> str:
    from ..search.unavailable import message

    return message()


def organizations_for_search() -> list[dict]:
    orgs = (
        model.Session.query(model.Group.name, model.Group.title)
        .filter(model.Group.is_organization == True)  # noqa: E712
        .filter(model.Group.state == "active")
        .order_by(model.Group.title)
    )
    return [{"name": n, "title": t or n} for n, t in orgs]


def get_helpers():
    return {
        "egovuz_spheres": spheres_with_counts,
        "egovuz_dataset_count": dataset_count,
        "egovuz_organization_count": organization_count,
        "egovuz_recent_datasets": recent_datasets,
        "egovuz_organizations_for_search": organizations_for_search,
        "egovuz_search_unavailable_message": search_unavailable_message,
    }
