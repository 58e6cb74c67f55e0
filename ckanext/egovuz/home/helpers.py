"""Helpers of the home page (S-HOME): spheres and organizations with their dataset
counts, the most recently updated datasets."""
from __future__ import annotations

from ckan import model
from ckan.plugins import toolkit as tk

from ..passport.helpers import localized


RECENT = 6
_RECENT_SORT = "data_last_changed_date desc, metadata_modified desc"


def _home_search() -> dict:
    """One package_search a request serves the dataset count, the spheres' counts and
    the recent datasets (it was three, each with its own Solr query)."""
    cached = getattr(tk.g, "_egovuz_home_search", None)
    if cached is None:
        cached = tk.get_action("package_search")({}, {
            "q": "*:*", "rows": RECENT, "sort": _RECENT_SORT,
            "facet.field": ["groups"], "facet.limit": -1})
        tk.g._egovuz_home_search = cached
    return cached


def _facet_counts(field: str) -> dict:
    result = _home_search()
    return {item["name"]: item["count"]
            for item in result["search_facets"].get(field, {}).get("items", [])}


def spheres_with_counts() -> list[dict]:
    counts = _facet_counts("groups")
    groups = (model.Session.query(model.Group)
              .filter(model.Group.is_organization == False)  # noqa: E712
              .filter(model.Group.state == "active")
              .order_by(model.Group.title))
    return [{"name": g.name, "title": localized({"title": g.title or g.name}), "image_url": g.image_url,
             "count": counts.get(g.name, 0)} for g in groups]


def dataset_count() -> int:
    return _home_search()["count"]


def organization_count() -> int:
    return (model.Session.query(model.Group)
            .filter(model.Group.is_organization == True)  # noqa: E712
            .filter(model.Group.state == "active").count())


def recent_datasets(limit: int = RECENT) -> list[dict]:
    if limit <= RECENT:
        return _home_search()["results"][:limit]
    return tk.get_action("package_search")({}, {
        "q": "*:*", "rows": limit, "sort": _RECENT_SORT})["results"]


def organizations_for_search() -> list[dict]:
    orgs = (model.Session.query(model.Group.name, model.Group.title)
            .filter(model.Group.is_organization == True)  # noqa: E712
            .filter(model.Group.state == "active").order_by(model.Group.title))
    return [{"name": n, "title": t or n} for n, t in orgs]


def get_helpers():
    return {
        "egovuz_spheres": spheres_with_counts,
        "egovuz_dataset_count": dataset_count,
        "egovuz_organization_count": organization_count,
        "egovuz_recent_datasets": recent_datasets,
        "egovuz_organizations_for_search": organizations_for_search,
    }
