"""Plugin `egovuz_stats`: monitoring of stale datasets (S-MON), statistics (S-STAT,
S-HOME-3) and the AI data section (S-AI).

Domains: ckanext/egovuz/monitoring/, ckanext/egovuz/statistics/, ckanext/egovuz/ai/.
Templates and assets of all three live in ckanext/egovuz/statistics/{templates,assets}."""
from __future__ import annotations

import logging

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from .. import navigation
from ..ai import logic as ai_logic
from ..monitoring.logic import actions as mon_actions
from ..monitoring.logic import auth as mon_auth
from . import helpers, views
from .logic import actions as stats_actions
from .logic import auth as stats_auth

log = logging.getLogger(__name__)

try:
    from ckanext.xloader.interfaces import IXloader
except ImportError:  # xloader not installed
    IXloader = None


@tk.blanket.config_declarations
class EgovuzStatsPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IPackageController, inherit=True)
    if IXloader is not None:
        p.implements(IXloader, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "egovuz_stats")
        navigation.register("egovuz_monitoring.index", lambda: tk._("Monitoring"), 40)
        navigation.register("egovuz_stats.index", lambda: tk._("Statistics"), 50)
        navigation.register("egovuz_ai.index", lambda: tk._("AI data"), 60)

    # IActions / IAuthFunctions
    def get_actions(self):
        actions = {}
        actions.update(mon_actions.get_actions())
        actions.update(stats_actions.get_actions())
        actions.update(ai_logic.get_actions())
        return actions

    def get_auth_functions(self):
        auth = {}
        auth.update(mon_auth.get_auth_functions())
        auth.update(stats_auth.get_auth_functions())
        auth.update(ai_logic.get_auth_functions())
        return auth

    # IBlueprint
    def get_blueprint(self):
        return views.get_blueprints()

    # ITemplateHelpers
    def get_helpers(self):
        return helpers.get_helpers()

    # IPackageController: keep the monitoring snapshot current (one UPSERT in the
    # dataset's own transaction) and log the searches of the dataset search page.
    def after_dataset_create(self, context, pkg_dict):
        self._sync(pkg_dict.get("id"))

    def after_dataset_update(self, context, pkg_dict):
        self._sync(pkg_dict.get("id"))

    def after_dataset_delete(self, context, pkg_dict):
        from ..monitoring.model import monitoring_table
        from ckan import model
        from ..ai.scoring import score_table
        pkg = model.Package.get(pkg_dict.get("id"))
        if pkg is not None:
            for table in (monitoring_table, score_table):
                model.Session.execute(table.delete().where(table.c.package_id == pkg.id))

    def _sync(self, package_id):
        if not package_id:
            return
        from ckan import model
        from ..ai.scoring import score_table
        from ..monitoring.model import sync_package
        sync_package(package_id)
        pkg = model.Package.get(package_id)
        if pkg is None or pkg.private or pkg.state != "active":
            model.Session.execute(score_table.delete().where(score_table.c.package_id == package_id))

    def after_dataset_search(self, search_results, search_params):
        from .search_log import log_from_request
        log_from_request(search_results)
        return search_results

    # IXloader: a completed load changes the AI-readiness of the dataset.
    def after_upload(self, context, resource_dict, dataset_dict):
        from ..ai import scoring
        try:
            scoring.refresh_package(dataset_dict["id"])
        except Exception:
            log.exception("AI readiness of %s not refreshed", dataset_dict.get("id"))
