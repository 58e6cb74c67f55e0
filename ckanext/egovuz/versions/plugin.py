"""Plugin `egovuz_versions`: immutable numbered versions of every resource's data
(S-VER), taken when a load into the DataStore completes (xloader's IXloader.after_upload)."""

from __future__ import annotations

import ckan.plugins as p
from ckanext.xloader.interfaces import IXloader

from ..core.plugin import DomainPlugin


class EgovuzVersionsPlugin(DomainPlugin):
    p.implements(IXloader, inherit=True)

    actions = ("logic.action",)

    # IXloader
    def after_upload(self, context, resource_dict, dataset_dict):
        from . import snapshot

        snapshot.on_after_upload(resource_dict)
