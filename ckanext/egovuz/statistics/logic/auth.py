"""Who may call the statistics actions: public, except the searches that found nothing
and the refresh (operators)."""

from __future__ import annotations

from ...core.auth import operators_only, public


def get_auth_functions():
    auth = {
        name: public
        for name in (
            "egovuz_stats_top_rated",
            "egovuz_stats_top_stars",
            "egovuz_stats_most_downloaded",
            "egovuz_stats_most_viewed",
            "egovuz_stats_spheres",
            "egovuz_stats_rejected",
            "egovuz_stats_search_queries",
            "egovuz_stats_overview",
        )
    }
    auth["egovuz_stats_search_empty"] = operators_only
    auth["egovuz_stats_refresh"] = operators_only
    return auth
