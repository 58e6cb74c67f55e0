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

from ..core.plugin import DomainPlugin, MenuItem


class EgovuzStatsPlugin(DomainPlugin):
    p.implements(p.IPackageController, inherit=True)

    pages = True
    menu = (MenuItem("egovuz_stats.index", lambda: tk._("Statistics"), 50),)

    # IPackageController: log the searches of the dataset search page.
    def after_dataset_search(self, search_results, search_params):
        from .search_log import log_from_request

        log_from_request(search_results)
        return search_results
