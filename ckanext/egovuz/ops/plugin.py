"""The plugin `egovuz_ops`: what operators and load balancers need to run the portal on
several machines: the health endpoint (/api/egovuz/health), JSON logs
(ckanext.egovuz.ops.logs.JsonFormatter) and `ckan egovuz backup|restore`."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from . import logic


@tk.blanket.config_declarations
class EgovuzOpsPlugin(p.SingletonPlugin):
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)

    # IActions
    def get_actions(self):
        return {"egovuz_health": logic.egovuz_health}

    # IAuthFunctions
    def get_auth_functions(self):
        return {"egovuz_health": logic.egovuz_health_auth}

    # IBlueprint
    def get_blueprint(self):
        from .views import blueprint

        return [blueprint]
