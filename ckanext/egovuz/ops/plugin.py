"""The plugin `egovuz_ops`: what operators and load balancers need to run the portal on
several machines: the health endpoint (/api/egovuz/health), JSON logs
(ckanext.egovuz.ops.logs.JsonFormatter) and `ckan egovuz backup|restore`."""

from __future__ import annotations

from ..core.plugin import DomainPlugin


class EgovuzOpsPlugin(DomainPlugin):
    actions = auth = ("logic",)
    helpers = ()
