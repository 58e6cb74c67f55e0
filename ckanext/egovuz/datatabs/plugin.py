"""Plugin `egovuz_data`: the dataset page's tabs (Passport, Structure, Table, Web service),
their streamed downloads and the stable data API by dataset code (S-DS, S-STRUCT, S-TABLE,
S-API)."""

from __future__ import annotations

import os

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ..core import compat
from . import helpers
from .logic import actions, auth

_HERE = os.path.dirname(os.path.abspath(__file__))


@tk.blanket.config_declarations(os.path.join(_HERE, "config_declaration.yaml"))
class EgovuzDataPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config):
        # the exports call private functions of the DataStore backend: fail at start-up
        # on a CKAN they were not written for
        compat.require_datastore_internals()
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "egovuz_data")

    # IActions
    def get_actions(self):
        return actions.get_actions()

    # IAuthFunctions
    def get_auth_functions(self):
        return auth.get_auth_functions()

    # IBlueprint
    def get_blueprint(self):
        from . import views

        return views.get_blueprints()

    # ITemplateHelpers
    def get_helpers(self):
        return helpers.get_helpers()

    # IMiddleware
    def make_middleware(self, app, config):
        from . import views

        return views.json_errors_under_api(app)
