"""Public participation (S-PROP, S-PASS-9/10, S-PANEL-1/2/4): proposals for new
datasets with voting and the operator workflow, ratings, comments, the user survey,
feedback and the FAQ. Every feature is an action (egovuz_*) with an auth function; the
pages of views.py call the same actions."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ..core.plugin import DomainPlugin, MenuItem
from .logic import ratings


class EgovuzParticipationPlugin(DomainPlugin):
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IClick)

    actions = (
        "logic.proposals",
        "logic.ratings",
        "logic.comments",
        "logic.survey",
        "logic.feedback",
        "logic.faq",
    )
    assets = "egovuz_participation"
    menu = (
        MenuItem("egovuz_participation.proposals", lambda: tk._("Proposals"), 50),
        MenuItem("egovuz_participation.faq", lambda: tk._("FAQ"), 85, "footer"),
        MenuItem("egovuz_participation.feedback", lambda: tk._("Feedback"), 88, "footer"),
    )

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return ratings.index_fields(pkg_dict)

    def after_dataset_search(self, search_results, search_params):
        results = search_results.get("results") or []
        ids = [r["id"] for r in results if isinstance(r, dict) and r.get("id")]
        found = ratings.summaries(ids)
        for r in results:
            if isinstance(r, dict) and r.get("id"):
                s = found.get(r["id"], {"average": None, "count": 0})
                r["rating_average"] = s["average"]
                r["rating_count"] = s["count"]
        return search_results

    # IClick
    def get_commands(self):
        from .demo import participation

        return [participation]
