"""Plugin `egovuz_monitoring`: monitoring of stale datasets (S-MON) and the home page's
"most current" block (S-HOME-3).

Owns ckanext/egovuz/monitoring/ (snapshot table `egovuz_monitoring_dataset`, migrations
in ckanext/egovuz/migration/egovuz_monitoring/) and its templates. Offers to the other
plugins: the actions egovuz_monitoring_* and the pure function model.due_date."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ..core.plugin import DomainPlugin, MenuItem


class EgovuzMonitoringPlugin(DomainPlugin):
    p.implements(p.IPackageController, inherit=True)

    pages = True
    menu = (MenuItem("egovuz_monitoring.index", lambda: tk._("Monitoring"), 40),)

    # IPackageController: keep the snapshot current (one UPSERT in the dataset's own
    # transaction).
    def after_dataset_create(self, context, pkg_dict):
        self._sync(pkg_dict.get("id"))

    def after_dataset_update(self, context, pkg_dict):
        self._sync(pkg_dict.get("id"))

    def after_dataset_delete(self, context, pkg_dict):
        # called before CKAN marks the dataset deleted: drop its row outright
        from ckan import model
        from .model import monitoring_table as m

        pkg = model.Package.get(pkg_dict.get("id") or "")
        if pkg is not None:
            model.Session.execute(m.delete().where(m.c.package_id == pkg.id))

    def _sync(self, package_id):
        if package_id:
            from .model import sync_package

            sync_package(package_id)
