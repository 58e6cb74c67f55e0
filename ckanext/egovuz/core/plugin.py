"""The body every plugin of ours repeated, written once (issue 16): a plugin subclasses
`DomainPlugin`, names the modules of its folder that hold its actions, auth functions,
views and helpers, and its menu entries; the base registers them, its templates, its
assets, its config declaration and the shared translations.

Conventions of the named modules (relative to the plugin's folder):
- an actions module has `get_actions()`, an auth module `get_auth_functions()`;
- the views module has `get_blueprints()` (docs/architecture.md, "Blueprints");
- a helpers module has `get_helpers()`.
"""

from __future__ import annotations

import importlib
import pathlib
import sys
from typing import Callable, NamedTuple

import yaml

import ckan.plugins as p
from ckan.plugins import toolkit as tk

PACKAGE_DIR = pathlib.Path(__file__).resolve().parents[1]  # ckanext/egovuz
I18N_DIR = PACKAGE_DIR / "i18n"
I18N_DOMAIN = "ckanext-egovuz"


class Translation:
    """ITranslation for every plugin of ours: one catalog, one domain. CKAN passes each
    plugin's (directory, domain) pair to Flask-Babel, which merges the catalogs of the
    pairs into one per language; the same pair given by several plugins merges the same
    messages again, so any plugin alone brings the whole catalog."""

    def i18n_directory(self) -> str:
        return str(I18N_DIR)

    def i18n_domain(self) -> str:
        return I18N_DOMAIN

    def i18n_locales(self) -> list[str]:
        return sorted(d.name for d in I18N_DIR.iterdir() if d.is_dir())


class MenuItem(NamedTuple):
    endpoint: str
    label: Callable[[], str]  # called per request, in the request's language
    order: int = 50
    menu: str = "main"


class DomainPlugin(Translation, p.SingletonPlugin):
    """A plugin of one folder under ckanext/egovuz/. Subclasses set the class attributes
    below; None or () means the plugin has none of that kind."""

    p.implements(p.IConfigurer)
    p.implements(p.IConfigDeclaration)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(p.ITranslation)

    actions: tuple[str, ...] = ("logic.actions",)
    auth: tuple[str, ...] = ("logic.auth",)
    views: str | None = "views"
    helpers: tuple[str, ...] = ("helpers",)
    # a WebAssets library of the folder's assets/ under this name
    assets: str | None = None
    # the layout, chart, filter and pager of the monitoring, statistics and AI pages
    pages: bool = False
    menu: tuple[MenuItem, ...] = ()

    # -- the plugin's folder -----------------------------------------------------------
    @classmethod
    def _package(cls) -> str:
        return cls.__module__.rsplit(".", 1)[0]

    @classmethod
    def _folder(cls) -> pathlib.Path:
        return pathlib.Path(sys.modules[cls._package()].__file__).resolve().parent

    def _module(self, name: str):
        return importlib.import_module(f"{self._package()}.{name}")

    def _merged(self, modules, function: str) -> dict:
        out: dict = {}
        for name in modules:
            out.update(getattr(self._module(name), function)())
        return out

    # IConfigurer
    def update_config(self, config):
        folder = self._folder()
        if (folder / "templates").is_dir():
            tk.add_template_directory(config, str(folder / "templates"))
        if self.assets:
            tk.add_resource(str(folder / "assets"), self.assets)
        if self.pages:
            from . import pages

            pages.register(config)
        if self.menu:
            from ckanext.egovuz import navigation

            for item in self.menu:
                navigation.register(item.endpoint, item.label, item.order, item.menu)

    # IConfigDeclaration: the folder's config_declaration.yaml
    def declare_config_options(self, declaration, key):
        path = self._folder() / "config_declaration.yaml"
        if path.is_file():
            with path.open("rb") as f:
                declaration.load_dict(yaml.safe_load(f))

    # IActions / IAuthFunctions
    def get_actions(self):
        return self._merged(self.actions, "get_actions")

    def get_auth_functions(self):
        return self._merged(self.auth, "get_auth_functions")

    # IBlueprint
    def get_blueprint(self):
        return self._module(self.views).get_blueprints() if self.views else []

    # ITemplateHelpers
    def get_helpers(self):
        out = {}
        if self.pages:
            from . import pages

            out.update(pages.template_helpers())
        out.update(self._merged(self.helpers, "get_helpers"))
        return out
