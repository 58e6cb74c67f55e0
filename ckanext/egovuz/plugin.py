"""The portal's main plugin: the passport (scheming schema, validators, index fields,
DCAT), the home page and advanced search, the Uzbek-first languages and the CLI."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from . import jsonld_cache, navigation, security
from .core import asset_urls, request_memo
from .core.plugin import Translation
from .security import registration, visibility
from .security import views as security_views
from .home import helpers as home_helpers
from .home import search as home_search
from .passport import dcat as passport_dcat
from .passport import group_names
from .passport import helpers as passport_helpers
from .passport import logic as passport_logic
from .passport import validators as passport_validators


@tk.blanket.config_declarations
class EgovuzPlugin(Translation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IValidators)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.ITranslation)
    p.implements(p.IClick)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IMiddleware, inherit=True)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.IGroupController, inherit=True)
    p.implements(p.IOrganizationController, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "egovuz")
        navigation.register("dataset.search", lambda: tk._("Datasets"), 10)
        navigation.register("organization.index", lambda: tk._("Organizations"), 20)
        navigation.register("group.index", lambda: tk._("Spheres"), 30)
        passport_dcat.register_formats()

    # ITemplateHelpers
    def get_helpers(self):
        helpers = {}
        helpers.update(passport_helpers.get_helpers())
        helpers.update(home_helpers.get_helpers())
        helpers["egovuz_nav_items"] = navigation.items
        helpers["egovuz_csp_nonce"] = security.csp_nonce
        helpers["egovuz_csp_ckan_view"] = security.nonce_ckan_view
        helpers["egovuz_csp_upload_field"] = security.ckan_upload_field
        helpers.update(jsonld_cache.get_helpers())
        helpers.update(request_memo.get_helpers())
        helpers.update(group_names.get_helpers())  # its get_organization uses the memo
        return helpers

    # IValidators
    def get_validators(self):
        return passport_validators.get_validators()

    # IPackageController
    def before_dataset_index(self, pkg_dict):
        return passport_logic.before_index(pkg_dict)

    def before_dataset_search(self, search_params):
        search_params = home_helpers.take_over_ckan_home_search(search_params)
        return home_search.before_search(search_params)

    def after_dataset_search(self, search_results, search_params):
        return home_helpers.keep_home_search(search_results)

    def before_dataset_view(self, pkg_dict):
        return group_names.localize_dataset(pkg_dict)

    # IGroupController, IOrganizationController: names in the UI language on pages
    def before_view(self, data_dict):
        return group_names.localize_group(data_dict)

    def after_dataset_create(self, context, pkg_dict):
        passport_logic.sync_spheres(pkg_dict)

    def after_dataset_update(self, context, pkg_dict):
        if "spheres" in pkg_dict:
            passport_logic.sync_spheres(pkg_dict)
        visibility.dataset_changed(pkg_dict)

    def after_dataset_delete(self, context, pkg_dict):
        visibility.dataset_changed(pkg_dict)

    # IActions: CKAN's bulk visibility actions, followed by the activity labels; writes
    # that refuse NUL characters before PostgreSQL does (security.nul)
    def get_actions(self):
        from .security import nul

        actions = nul.get_actions()
        actions.update(visibility.get_actions())
        actions.update(registration.get_actions())
        return actions

    # IAuthFunctions
    def get_auth_functions(self):
        return registration.get_auth_functions()

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        facets = {
            "groups": tk._("Spheres"),
            "organization": tk._("Organizations"),
            "res_format": tk._("Formats"),
            "tags": tk._("Keywords"),
            "license_id": tk._("Licenses"),
        }
        facets_dict.clear()
        facets_dict.update(facets)
        return facets_dict

    # IBlueprint
    def get_blueprint(self):
        from .passport.views import get_blueprints

        return get_blueprints() + security_views.get_blueprints()

    # IMiddleware: security headers on every answer, trusted proxies; the URLs of the
    # asset bundles kept per process (core/asset_urls.py)
    def make_middleware(self, app, config):
        asset_urls.install()
        registration.install(app)  # CKAN's /user/register answers without telling
        return security.install(app, config)

    # IClick
    def get_commands(self):
        from .cli import egovuz

        return [egovuz]
