"""egovuz_search: search that understands Uzbek and Russian (issue 7).

The analysis lives in Solr (config/solr/configset/conf: text_uz, text_ru, spellcheck);
this plugin turns what a person types into a safe edismax query over those fields,
indexes the organization's and spheres' names in every language, and offers
suggestions as you type and "did you mean"."""

from __future__ import annotations

import ckan.plugins as p

from ..core.plugin import DomainPlugin
from . import index, tracking, unavailable
from . import query as uzquery


class EgovuzSearchPlugin(DomainPlugin):
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    actions = ("logic.action", "unavailable")
    views = None
    assets = "egovuz_search"

    # IConfigurer
    def update_config(self, config):
        super().update_config(config)
        # views of search results in two queries, not one a dataset and a resource
        tracking.install()

    # IPackageController
    def before_dataset_search(self, search_params):
        return uzquery.rewrite(search_params)

    def before_dataset_index(self, pkg_dict):
        return index.before_index(pkg_dict)

    # IMiddleware: Solr down answers 503 with a message, not 500 (unavailable.py)
    def make_middleware(self, app, config):
        if hasattr(app, "register_error_handler"):
            unavailable.install(app)
        return app
