"""Plugin `egovuz_stats`: statistics (S-STAT) and the home page's "most popular" block
(S-HOME-3).

Owns ckanext/egovuz/statistics/ (aggregate tables and the search log, migrations in
ckanext/egovuz/migration/egovuz_stats/) and its templates. Reads the download events
through downloads.model.download_table, the stars through participation's rating_table
and the rejected proposals through its proposal_table (when egovuz_participation is
loaded); `refresh --full` also calls egovuz_monitoring_rebuild and egovuz_ai_refresh
when those plugins are loaded."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from .. import navigation
from ..core import pages
from . import helpers, views
from .logic import actions, auth


@tk.blanket.config_declarations
class EgovuzStatsPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        pages.register(config)
        navigation.register("egovuz_stats.index", lambda: tk._("Statistics"), 50)

    # IActions / IAuthFunctions
    def get_actions(self):
        return actions.get_actions()

    def get_auth_functions(self):
        return auth.get_auth_functions()

    # IBlueprint
    def get_blueprint(self):
        return views.get_blueprints()

    # ITemplateHelpers
    def get_helpers(self):
        return dict(pages.template_helpers(), **helpers.get_helpers())

    # IPackageController: log the searches of the dataset search page.
    def after_dataset_search(self, search_results, search_params):
        from .search_log import log_from_request

        log_from_request(search_results)
        return search_results
