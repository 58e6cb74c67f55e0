"""Public participation (S-PROP, S-PASS-9/10, S-PANEL-1/2/4): proposals for new
datasets with voting and the operator workflow, ratings, comments, the user survey,
feedback and the FAQ. Every feature is an action (egovuz_*) with an auth function; the
pages of views.py call the same actions."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ckanext.egovuz import navigation

from . import helpers
from .logic import auth, comments, faq, feedback, proposals, ratings, survey


@tk.blanket.config_declarations
class EgovuzParticipationPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IClick)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "egovuz_participation")
        navigation.register("egovuz_participation.proposals", lambda: tk._("Proposals"), 50)
        navigation.register("egovuz_participation.faq", lambda: tk._("FAQ"), 85, menu="footer")
        navigation.register(
            "egovuz_participation.feedback", lambda: tk._("Feedback"), 88, menu="footer"
        )

    # IActions
    def get_actions(self):
        actions = {}
        for module in (proposals, ratings, comments, survey, feedback, faq):
            actions.update(module.get_actions())
        return actions

    # IAuthFunctions
    def get_auth_functions(self):
        return auth.get_auth_functions()

    # IBlueprint
    def get_blueprint(self):
        from .views import blueprint

        return [blueprint]

    # ITemplateHelpers
    def get_helpers(self):
        return helpers.get_helpers()

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
