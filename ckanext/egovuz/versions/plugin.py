"""Plugin `egovuz_versions`: immutable numbered versions of every resource's data
(S-VER), taken when a load into the DataStore completes (xloader's IXloader.after_upload)."""

from __future__ import annotations

import ckan.plugins as p
from ckan.plugins import toolkit as tk
from ckanext.xloader.interfaces import IXloader

from . import views
from .logic import action, auth


def version_author(user_id):
    """The display name of the user behind a version (no link, no avatar)."""
    from ckan import model

    user = model.User.get(user_id) if user_id else None
    return user.display_name if user else ""


@tk.blanket.config_declarations
class EgovuzVersionsPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IActions)
    p.implements(p.IAuthFunctions)
    p.implements(p.IBlueprint)
    p.implements(p.ITemplateHelpers)
    p.implements(IXloader, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # IActions / IAuthFunctions / IBlueprint
    def get_actions(self):
        return action.get_actions()

    def get_auth_functions(self):
        return auth.get_auth_functions()

    def get_blueprint(self):
        return views.get_blueprints()

    # ITemplateHelpers
    def get_helpers(self):
        return {"egovuz_version_author": version_author}

    # IXloader
    def after_upload(self, context, resource_dict, dataset_dict):
        from . import snapshot

        snapshot.on_after_upload(resource_dict)
