"""The plugin `egovuz_content`: news, legislation, glossary, static pages (guides, about,
open data, terms of use), the site map, the footer menu and the low-vision mode."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ckanext.egovuz import navigation

from . import helpers
from .logic import action, auth


@tk.blanket.config_declarations
class EgovuzContentPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IClick)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "egovuz_content")
        _ = tk._
        navigation.register("egovuz_content.news_index", lambda: _("News"), 60)
        navigation.register("egovuz_content.guide_index", lambda: _("Guides"), 65, menu="footer")
        navigation.register("egovuz_content.law_index", lambda: _("Legislation"), 70, menu="footer")
        navigation.register(
            "egovuz_content.glossary_index", lambda: _("Glossary"), 80, menu="footer"
        )
        navigation.register(
            "egovuz_content.about", lambda: _("About the portal"), 88, menu="footer"
        )
        navigation.register(
            "egovuz_content.open_data", lambda: _("About open data"), 91, menu="footer"
        )
        navigation.register("egovuz_content.terms", lambda: _("Terms of use"), 92, menu="footer")
        navigation.register("egovuz_content.sitemap", lambda: _("Site map"), 93, menu="footer")

    # IActions
    def get_actions(self):
        return action.get_actions()

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

    # IClick
    def get_commands(self):
        from .demo import cli

        return [cli]
