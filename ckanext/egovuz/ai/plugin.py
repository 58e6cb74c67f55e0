"""Plugin `egovuz_ai`: the AI data section (S-AI): readiness scores on seven criteria and
the operators' flags.

Owns ckanext/egovuz/ai/ (tables `egovuz_ai_flag`, `egovuz_ai_score`, migrations in
ckanext/egovuz/migration/egovuz_ai/) and its templates. Reads monitoring's due date
(monitoring.model.due_date, a pure function) and the versions plugin's
`version_table` (when egovuz_versions is loaded)."""

from __future__ import annotations

import logging

import ckan.plugins as p
from ckan.plugins import plugin_loaded
from ckan.plugins import toolkit as tk

from ..core.plugin import DomainPlugin, MenuItem
from . import scoring

log = logging.getLogger(__name__)

try:
    from ckanext.xloader.interfaces import IXloader
except ImportError:  # xloader not installed
    IXloader = None


class EgovuzAIPlugin(DomainPlugin):
    p.implements(p.IPackageController, inherit=True)
    if IXloader is not None:
        p.implements(IXloader, inherit=True)

    actions = auth = ("logic",)
    pages = True
    menu = (MenuItem("egovuz_ai.index", lambda: tk._("AI data"), 60),)

    # IPackageController: a dataset that is no longer public loses its score.
    def after_dataset_create(self, context, pkg_dict):
        self._drop_unless_public(pkg_dict.get("id"))

    def after_dataset_update(self, context, pkg_dict):
        self._drop_unless_public(pkg_dict.get("id"))

    def after_dataset_delete(self, context, pkg_dict):
        # called before CKAN marks the dataset deleted: drop its score outright
        from ckan import model

        pkg = model.Package.get(pkg_dict.get("id") or "")
        if pkg is not None:
            s = scoring.score_table
            model.Session.execute(s.delete().where(s.c.package_id == pkg.id))

    def _drop_unless_public(self, package_id):
        if not package_id:
            return
        from ckan import model

        pkg = model.Package.get(package_id)
        if pkg is None or pkg.private or pkg.state != "active":
            model.Session.execute(
                scoring.score_table.delete().where(scoring.score_table.c.package_id == package_id)
            )

    # IXloader: a completed load changes the AI-readiness of the dataset. The versions
    # plugin (listed before this one in ckan.plugins) takes its version in the same hook,
    # synchronously or as a background job: in the second case the score is taken again
    # by a job queued after the version's (one worker runs the queue in order).
    def after_upload(self, context, resource_dict, dataset_dict):
        try:
            scoring.refresh_package(dataset_dict["id"])
        except Exception:
            log.exception("AI readiness of %s not refreshed", dataset_dict.get("id"))
        if plugin_loaded("egovuz_versions") and not tk.asbool(
            tk.config.get("ckanext.egovuz.versions.synchronous")
        ):
            tk.enqueue_job(
                scoring.refresh_package_job,
                [dataset_dict["id"]],
                title=f"egovuz ai: readiness {dataset_dict['id']}",
            )
