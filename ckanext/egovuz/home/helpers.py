"""Helpers of the home page (S-HOME): spheres and organizations with their dataset
counts, the most recently updated datasets."""
from __future__ import annotations

from ckan import model
from ckan.plugins import toolkit as tk

from ..passport.helpers import localized


def _facet_counts(field: str) -> dict:
    result = tk.get_action("package_search")({}, {
        "q": "*:*", "rows": 0, "facet.field": [field], "facet.limit": -1})
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
    return tk.get_action("package_search")({}, {"q": "*:*", "rows": 0})["count"]


def organization_count() -> int:
    return (model.Session.query(model.Group)
            .filter(model.Group.is_organization == True)  # noqa: E712
            .filter(model.Group.state == "active").count())


def recent_datasets(limit: int = 6) -> list[dict]:
    return tk.get_action("package_search")({}, {
        "q": "*:*", "rows": limit, "sort": "data_last_changed_date desc, metadata_modified desc",
    })["results"]


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
