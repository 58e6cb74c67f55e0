"""Template helpers of the statistics: the home page's "most popular" block (S-HOME-3)."""

from __future__ import annotations

from ckan.plugins import toolkit as tk


def most_popular(limit: int | None = None) -> list[dict]:
    try:
        return tk.get_action("egovuz_stats_most_downloaded")(
            {}, {"limit": limit or tk.config.get("ckanext.egovuz.home.block_size")}
        )["results"]
    except tk.NotAuthorized:
        return []


def home_spheres(limit: int = 8) -> list[dict]:
    """The home page's "Qoʻllanilish sohasi": datasets (and their downloads) by sphere of
    application, the largest first."""
    try:
        rows = tk.get_action("egovuz_stats_spheres")({}, {})["results"]
    except tk.NotAuthorized:
        return []
    return [r for r in rows if r.get("datasets")][:limit]


def get_helpers():
    return {"egovuz_most_popular": most_popular, "egovuz_home_spheres": home_spheres}
