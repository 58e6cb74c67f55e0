"""Plugin `egovuz_data`: the dataset page's tabs (Passport, Structure, Table, Web service),
their streamed downloads and the stable data API by dataset code (S-DS, S-STRUCT, S-TABLE,
S-API)."""

from __future__ import annotations

import ckan.plugins as p

from ..core import compat
from ..core.plugin import DomainPlugin


class EgovuzDataPlugin(DomainPlugin):
    p.implements(p.IMiddleware, inherit=True)

    assets = "egovuz_data"

    # IConfigurer: the exports call private functions of the DataStore backend: fail at
    # start-up on a CKAN they were not written for
    def update_config(self, config):
        compat.require_datastore_internals()
        super().update_config(config)

    # IMiddleware
    def make_middleware(self, app, config):
        from . import views

        return views.json_errors_under_api(app)
