"""The plugin `egovuz_content`: news, legislation, glossary, static pages (guides, about,
open data, terms of use), the site map, the footer menu and the low-vision mode."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ..core.plugin import DomainPlugin, MenuItem

_ = tk._


class EgovuzContentPlugin(DomainPlugin):
    p.implements(p.IClick)

    actions = ("logic.action",)
    assets = "egovuz_content"
    menu = (
        MenuItem("egovuz_content.news_index", lambda: _("News"), 60),
        MenuItem("egovuz_content.guide_index", lambda: _("Guides"), 65, "footer"),
        MenuItem("egovuz_content.law_index", lambda: _("Legislation"), 70, "footer"),
        MenuItem("egovuz_content.glossary_index", lambda: _("Glossary"), 80, "footer"),
        MenuItem("egovuz_content.about", lambda: _("About the portal"), 88, "footer"),
        MenuItem("egovuz_content.open_data", lambda: _("About open data"), 91, "footer"),
        MenuItem("egovuz_content.terms", lambda: _("Terms of use"), 92, "footer"),
        MenuItem("egovuz_content.sitemap", lambda: _("Site map"), 93, "footer"),
    )

    # IConfigurer: also the public/ folder (default images of the news)
    def update_config(self, config):
        super().update_config(config)
        tk.add_public_directory(config, "public")

    # IClick
    def get_commands(self):
        from .demo import cli

        return [cli]
