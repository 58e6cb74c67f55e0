"""Template helpers of the statistics: the home page's "most popular" block (S-HOME-3)."""
from __future__ import annotations

from ckan.plugins import toolkit as tk


def most_popular(limit: int | None = None) -> list[dict]:
    try:
        return tk.get_action("egovuz_stats_most_downloaded")(
            {}, {"limit": limit or tk.config.get("ckanext.egovuz.home.block_size")})["results"]
    except tk.NotAuthorized:
        return []


def get_helpers():
    return {"egovuz_most_popular": most_popular}
