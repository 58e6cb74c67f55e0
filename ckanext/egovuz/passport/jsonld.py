"""The portal's schema.org JSON-LD profiles (structured data of the dataset page, and
Croissant): ckanext-dcat's own, with only http(s) addresses as links and, for Croissant,
the portal's own IRIs for record sets and fields, every field typed, citeAs and version."""

from __future__ import annotations

import datetime
import logging

from ckan.plugins import toolkit as tk
from markupsafe import Markup
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from ckanext.dcat.profiles.croissant import SCHEMA as CR_SCHEMA
from ckanext.dcat.profiles.croissant import CroissantProfile
from ckanext.dcat.profiles.schemaorg import SCHEMA as SO_SCHEMA
from ckanext.dcat.profiles.schemaorg import SchemaOrgProfile
from ckanext.dcat.profiles.base import CR
from ckanext.dcat.utils import publisher_uri_organization_fallback, resource_uri

from .dcat import _date, http_iri, vocabularies

log = logging.getLogger(__name__)

# The properties whose values a reader follows as links.
LINK_PROPERTIES = (
    "url",
    "contentUrl",
    "sameAs",
    "image",
    "logo",
    "license",
    "sdLicense",
    "downloadUrl",
    "citation",
)

# DataStore column types → Croissant data types (schema.org).
FIELD_TYPES = {
    "text": "Text",
    "varchar": "Text",
    "char": "Text",
    "name": "Text",
    "uuid": "Text",
    "json": "Text",
    "jsonb": "Text",
    "int": "Integer",
    "int2": "Integer",
    "int4": "Integer",
    "int8": "Integer",
    "integer": "Integer",
    "bigint": "Integer",
    "smallint": "Integer",
    "float": "Float",
    "float4": "Float",
    "float8": "Float",
    "numeric": "Float",
    "double precision": "Float",
    "real": "Float",
    "bool": "Boolean",
    "boolean": "Boolean",
    "date": "Date",
    "timestamp": "DateTime",
    "timestamptz": "DateTime",
    "time": "Time",
}


def _safe_resources(dataset_dict: dict) -> dict:
    """A copy whose resource and organization addresses are http(s) or left out (the
    resource's page on the portal stands in for a resource's own address)."""
    data = dict(dataset_dict)
    site = tk.config.get("ckan.site_url", "").rstrip("/")
    resources = []
    for res in data.get("resources") or []:
        res = dict(res)
        if http_iri(res.get("url")) is None:
            res["url"] = f"{site}/dataset/{data.get('id')}/resource/{res.get('id')}"
        for key in ("download_url", "access_url"):
            if res.get(key) and http_iri(res.get(key)) is None:
                res.pop(key)
        resources.append(res)
    data["resources"] = resources
    if data.get("organization"):
        org = dict(data["organization"])
        if org.get("url") and http_iri(org["url"]) is None:
            org["url"] = None
        data["organization"] = org
    if data.get("url") and http_iri(data["url"]) is None:
        data["url"] = None
    return data


def drop_non_http_links(g, schema) -> None:
    """Whatever still got into a link property must be an http(s) address."""
    for name in LINK_PROPERTIES:
        for s, p, o in list(g.triples((None, schema[name], None))):
            if isinstance(o, (Literal, URIRef)) and http_iri(str(o)) is None:
                log.warning(
                    "JSON-LD: %s %r is not an http(s) address, left out", name, str(o)[:200]
                )
                g.remove((s, p, o))


class EgovuzSchemaOrgProfile(SchemaOrgProfile):
    """The dataset page's structured data (Google Dataset Search)."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        super().graph_from_dataset(_safe_resources(dataset_dict), dataset_ref)
        drop_non_http_links(self.g, SO_SCHEMA)


class EgovuzCroissantProfile(CroissantProfile):
    """Croissant with the portal's own IRIs (no relative ids, which readers resolve against
    a made-up base), a data type for every field, citeAs and version."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        data = _safe_resources(dataset_dict)
        data["title"] = dataset_dict.get("title") or dataset_dict.get("name")
        data["notes"] = dataset_dict.get("notes") or data["title"]
        data.setdefault("cite_as", self._cite_as(dataset_dict))
        if not data.get("version"):
            data["version"] = self._version(dataset_dict)
        org = data.get("organization")
        if org and not data.get("creator"):
            # The organization by its IRI on the portal (ckanext-dcat would use its bare id,
            # which a reader resolves against a made-up base).
            data["creator"] = [
                {
                    "type": "organization",
                    "name": org.get("title") or org["name"],
                    "id_given": publisher_uri_organization_fallback(data),
                    "url": org.get("url") or tk.config.get("ckan.site_url"),
                }
            ]
        super().graph_from_dataset(data, dataset_ref)
        drop_non_http_links(self.g, CR_SCHEMA)

    def _resource_format_graph(self, resource_ref, resource_dict):
        """The IANA media type readers dispatch on (text/csv), not our format label."""
        fmt = (resource_dict.get("format") or "").strip().upper()
        media = vocabularies()["media_types"].get(fmt) or resource_dict.get("mimetype")
        if media:
            self.g.add((resource_ref, CR_SCHEMA.encodingFormat, Literal(media)))
        elif fmt:
            self.g.add((resource_ref, CR_SCHEMA.encodingFormat, Literal(fmt)))

    @staticmethod
    def _cite_as(dataset_dict: dict) -> str:
        org = (dataset_dict.get("organization") or {}).get("title") or ""
        url = tk.url_for("dataset.read", id=dataset_dict.get("name"), _external=True)
        code = dataset_dict.get("dataset_code")
        parts = [
            p for p in (org, dataset_dict.get("title"), f"ID {code}" if code else "", url) if p
        ]
        return ". ".join(parts)

    @staticmethod
    def _version(dataset_dict: dict) -> str:
        """MAJOR.MINOR.PATCH from the date the data last changed (calendar versioning)."""
        for key in ("data_last_changed", "metadata_modified"):
            value = _date(dataset_dict.get(key))
            if value:
                day = datetime.date.fromisoformat(value[:10])
                return f"{day.year}.{day.month}.{day.day}"
        return "1.0.0"

    def _recordset_graph(self, dataset_ref, resource_ref, resource_dict):
        if not resource_dict.get("id") or not tk.asbool(resource_dict.get("datastore_active")):
            return
        try:
            info = tk.get_action("datastore_info")(
                {"ignore_auth": True}, {"id": resource_dict["id"]}
            )
        except (KeyError, tk.ObjectNotFound):
            return
        fields = [f for f in (info or {}).get("fields") or [] if not f["id"].startswith("_")]
        if not fields:
            return
        base = resource_uri(resource_dict).rstrip("/")
        recordset_ref = URIRef(f"{base}/records")
        g = self.g
        g.add((recordset_ref, RDF.type, CR.RecordSet))
        g.add((recordset_ref, CR_SCHEMA.name, Literal(resource_dict.get("name") or "records")))
        for field in fields:
            field_ref = URIRef(f"{base}/records/{_iri_segment(field['id'])}")
            g.add((recordset_ref, CR.field, field_ref))
            g.add((field_ref, RDF.type, CR.Field))
            g.add((field_ref, CR_SCHEMA.name, Literal(field["id"])))
            label = (field.get("info") or {}).get("label")
            if label:
                g.add((field_ref, CR_SCHEMA.description, Literal(label)))
            g.add(
                (
                    field_ref,
                    CR.dataType,
                    CR_SCHEMA[FIELD_TYPES.get(str(field.get("type")).lower(), "Text")],
                )
            )
            source = BNode()
            g.add((field_ref, CR.source, source))
            g.add((source, CR.fileObject, resource_ref))
            extract = BNode()
            g.add((source, CR.extract, extract))
            g.add((extract, CR.column, Literal(field["id"])))
        g.add((dataset_ref, CR.recordSet, recordset_ref))


def complete_croissant_context() -> None:
    """ckanext-dcat's Croissant @context gets the two keys of Croissant 1.0's standard
    context it lacks (mlcroissant warns about a non-standard context otherwise)."""
    from ckanext.dcat.profiles.croissant import JSONLD_CONTEXT

    JSONLD_CONTEXT.setdefault("samplingRate", "cr:samplingRate")
    JSONLD_CONTEXT.setdefault("equivalentProperty", "cr:equivalentProperty")


def _iri_segment(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def jsonld_script(text) -> Markup:
    """JSON-LD for a <script> element: '<', '>' and '&' as JSON escapes, so a stored
    '</script>' cannot end the element."""
    text = str(text or "")
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))
