"""The RDF endpoints' edges: an unknown serialization (/catalog.foo, /dataset/<id>.foo) is
a 404, not a server error inside rdflib."""

from __future__ import annotations

from flask import Blueprint, request
from ckan.plugins import toolkit as tk

DCAT_ENDPOINTS = ("dcat.read_dataset", "dcat.read_dataset_series", "dcat.read_catalog")

rdf_formats = Blueprint("egovuz_rdf_formats", __name__)


@rdf_formats.before_app_request
def _known_rdf_format():
    if request.url_rule is None or request.url_rule.endpoint not in DCAT_ENDPOINTS:
        return None
    fmt = (request.view_args or {}).get("_format")
    if fmt is None:
        return None
    from ckanext.dcat.utils import CONTENT_TYPES

    if fmt not in CONTENT_TYPES:
        tk.abort(
            404,
            tk._("Unknown format {fmt!r}; choose one of: {known}").format(
                fmt=fmt, known=", ".join(sorted(CONTENT_TYPES))
            ),
        )
    return None


def get_blueprints():
    return [rdf_formats]
