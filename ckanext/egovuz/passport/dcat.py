"""The portal's DCAT-AP 3 profile (`egovuz_dcat`, on top of ckanext-dcat's euro_dcat_ap_3).

Output: the passport in the terms DCAT-AP 3 wants, checked against the EU's own SHACL shapes
(passport/tests/test_dcat_shacl.py): EU authority IRIs for file types, frequencies,
languages, licences and data themes, IANA media types, typed literals, checksums with their
algorithm, typed contact points and pages. The mapping tables are data
(passport/data/eu_vocabularies.json). Every stored value is hostile: only http(s) IRIs
become links, and a value that cannot be serialized is logged and left out instead of
failing the whole catalogue.

Input (what a harvester runs): `parse_dataset` gives back the passport's own fields
(dataset_code, titles and descriptions in uz/ru/en, contact, update_frequency, spheres,
license_id, dates, resource formats)."""

from __future__ import annotations

import datetime
import json
import logging
import re
from functools import lru_cache
from pathlib import Path

from ckan.plugins import toolkit as tk
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, Namespace

from ckanext.dcat.profiles.base import CleanedURIRef
from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile
from ckanext.dcat.utils import catalog_uri

log = logging.getLogger(__name__)

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = AUTHORITY + "file-type/"
FREQUENCY = AUTHORITY + "frequency/"
LANGUAGE = AUTHORITY + "language/"
LICENCE = AUTHORITY + "licence/"
DATA_THEME = AUTHORITY + "data-theme"
COUNTRY = AUTHORITY + "country/"
IANA = "http://www.iana.org/assignments/media-types/"
LICENCE_TYPE = "http://purl.org/adms/licencetype/"
WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
HASH_ALGORITHMS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
PASSPORT_LANGS = (("", "uz"), ("_ru", "ru"), ("_en", "en"))
# Characters XML 1.0 cannot carry (RDF/XML would be unreadable); Turtle and JSON-LD could,
# but one graph serves every format.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_HEX = re.compile(r"^[0-9a-fA-F]+$")


@lru_cache(maxsize=1)
def vocabularies() -> dict:
    path = Path(__file__).parent / "data" / "eu_vocabularies.json"
    return json.loads(path.read_text(encoding="utf-8"))


def http_iri(value) -> URIRef | None:
    """An http(s) IRI that every serialization can write, or None (logged)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not re.match(r"(?i)^https?://[^/\s]", value):
        if value:
            log.info("DCAT: not an http(s) IRI, left out: %r", value[:200])
        return None
    iri = CleanedURIRef(value)
    if not _iri_ok(str(iri)):
        log.warning("DCAT: IRI cannot be serialized, left out: %r", value[:200])
        return None
    return iri


def _date(value) -> str | None:
    """An ISO date/datetime string that xsd:date/xsd:dateTime accept, or None."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return parsed.isoformat()


def _format_code(resource: dict) -> str:
    return (resource.get("format") or "").strip().upper().lstrip(".")


def _sphere_names(dataset_dict: dict) -> list[str]:
    names = [g.get("name") for g in dataset_dict.get("groups") or [] if g.get("name")]
    if names:
        return names
    spheres = dataset_dict.get("spheres")
    if isinstance(spheres, str):
        try:
            spheres = json.loads(spheres)
        except ValueError:
            spheres = [spheres]
    return [s for s in spheres or [] if isinstance(s, str)]


def spheres_scheme() -> URIRef:
    return URIRef(catalog_uri().rstrip("/") + "/group")


def sphere_iri(name: str) -> URIRef | None:
    return http_iri(f"{spheres_scheme()}/{name}")


def licence_iri(license_id: str | None, license_url: str | None = None) -> URIRef | None:
    code = vocabularies()["licences"].get(license_id or "")
    if code:
        return URIRef(LICENCE + code)
    return http_iri(license_url)


class EgovuzDCATProfile(EuropeanDCATAP3Profile):
    """DCAT-AP 3 with the passport. Serializes through ckanext-dcat's euro_dcat_ap_3 code
    after mapping our values to the EU vocabularies, then types what DCAT-AP's range shapes
    want typed."""

    # -- output --------------------------------------------------------------------------

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        """The dataset's triples, made once per dataset dict (jsonld_cache: the same dict
        gives the same triples; a changed dataset is another key). They are made in a
        graph of their own, which `_conform` and `drop_unserializable` see whole, since
        this is the only profile (config/portal.ini), then added to the caller's graph
        with the prefixes they bound. Building them was 60 % of `/catalog.ttl`'s time."""
        from ckanext.egovuz import jsonld_cache

        triples, bindings = jsonld_cache.cached(
            "dcat_graph",
            lambda: self._own_graph(dataset_dict, dataset_ref),
            dataset_dict,
            (str(dataset_ref), catalog_uri(), bool(self.compatibility_mode)),
            {},
            per_language=False,  # every translation is in the graph, whatever the page's
        )
        for prefix, namespace in bindings:
            self.g.bind(prefix, namespace)
        for triple in triples:
            self.g.add(triple)

    def _own_graph(self, dataset_dict, dataset_ref) -> tuple[tuple, tuple]:
        # no prefixes of its own: what it binds is what the profile bound
        outer, self.g = self.g, Graph(bind_namespaces="none")
        try:
            data = self._prepared(dataset_dict)
            super().graph_from_dataset(data, dataset_ref)
            self._passport_graph(data, dataset_ref)
            self._conform(dataset_ref)
            drop_unserializable(self.g, dataset_ref)
            return tuple(self.g), tuple(self.g.namespaces())
        finally:
            self.g = outer

    def _prepared(self, dataset_dict: dict) -> dict:
        """A copy of the dataset in the values ckanext-dcat writes as EU IRIs."""
        voc = vocabularies()
        data = dict(dataset_dict)
        data["identifier"] = str(data.get("dataset_code") or data.get("id") or "")
        for key in ("title", "notes"):
            translated = {}
            for suffix, lang in PASSPORT_LANGS:
                value = data.get(key + suffix)
                if isinstance(value, str) and value.strip():
                    translated[lang] = value
            data[f"{key}_translated"] = translated
        if not data["notes_translated"]:
            # dct:description is mandatory in DCAT-AP: the titles stand in for it.
            data["notes_translated"] = dict(data["title_translated"])
        data["language"] = [LANGUAGE + voc["languages"][lang] for lang in data["title_translated"]]
        freq = voc["frequencies"].get(data.get("update_frequency") or "")
        data["frequency"] = FREQUENCY + freq if freq else None
        data["issued"] = _date(data.get("first_published")) or _date(data.get("metadata_created"))
        data["modified"] = _date(data.get("data_last_changed")) or _date(
            data.get("metadata_modified")
        )
        data["url"] = None  # the landing page is the portal's own page (below)
        data["documentation"] = [
            str(iri)
            for iri in (http_iri(u) for u in _json_list(data.get("external_links")))
            if iri is not None
        ]
        email = (data.get("contact_email") or "").strip()
        data["contact_email"] = email if email and _iri_ok("mailto:" + email) else None
        themes = []
        for name in _sphere_names(data):
            for code in voc["sphere_themes"].get(name, []):
                if DATA_THEME + "/" + code not in themes:
                    themes.append(DATA_THEME + "/" + code)
        data["theme"] = themes
        lic = licence_iri(data.get("license_id"), data.get("license_url"))
        data["_licence"] = lic
        data["resources"] = [
            self._prepared_resource(res, data, lic) for res in data.get("resources") or []
        ]
        for key in ("license_id", "license_url", "license_title"):
            data.pop(key, None)
        return data

    def _prepared_resource(self, resource: dict, dataset: dict, lic: URIRef | None) -> dict:
        voc = vocabularies()
        res = dict(resource)
        fmt = _format_code(res)
        res["format"] = FILE_TYPE + voc["file_types"].get(fmt, voc["unknown_file_type"])
        media = voc["media_types"].get(fmt)
        res["mimetype"] = IANA + media if media else None
        url = http_iri(res.get("url"))
        if url is None:
            # Not a web address (or a hostile one): the portal's page of the resource is
            # where it can be accessed.
            res["url"] = (
                f"{catalog_uri().rstrip('/')}/dataset/{dataset.get('id')}/resource/{res.get('id')}"
            )
        res["access_url"] = None
        res["download_url"] = None
        for key in ("documentation", "language", "conforms_to", "rights", "status"):
            res.pop(key, None)
        res["license"] = str(lic) if lic is not None else None
        size = res.get("size")
        try:
            size = int(size)
        except (TypeError, ValueError):
            size = None
        res["size"] = size if size is not None and size >= 0 else None
        digest = str(res.get("hash") or "").strip()
        if ":" in digest:
            digest = digest.split(":", 1)[1]
        algorithm = HASH_ALGORITHMS.get(len(digest)) if _HEX.match(digest) else None
        res["hash"] = digest.lower() if algorithm else None
        res["hash_algorithm"] = str(SPDX["checksumAlgorithm_" + algorithm]) if algorithm else None
        for key in ("created", "metadata_modified"):
            res[key] = _date(res.get(key))
        name = res.get("name")
        res["name"] = name if isinstance(name, str) and name.strip() else fmt or "data"
        return res

    def _passport_graph(self, data: dict, dataset_ref):
        self._page_and_contact(data, dataset_ref)
        self._themes(data, dataset_ref)
        # The whole country.
        self.g.add((dataset_ref, DCTERMS.spatial, self._country()))
        # Licence: on the dataset too (a harvester reads it even without distributions).
        if data.get("_licence") is not None:
            self.g.add((dataset_ref, DCTERMS.license, data["_licence"]))

    def _page_and_contact(self, data: dict, dataset_ref):
        g = self.g
        # The portal's page of the dataset is its landing page.
        name = data.get("name") or data.get("id")
        page = http_iri(f"{catalog_uri().rstrip('/')}/dataset/{name}")
        if page is not None:
            g.add((dataset_ref, DCAT.landingPage, page))
            g.add((page, RDF.type, FOAF.Document))
        # Contact: the responsible person, with phone.
        phone = re.sub(r"[^0-9+]", "", data.get("contact_phone") or "")
        for contact in list(g.objects(dataset_ref, DCAT.contactPoint)):
            g.remove((contact, RDF.type, VCARD.Organization))
            g.add((contact, RDF.type, VCARD.Individual))
            g.add((contact, RDF.type, VCARD.Kind))
            if phone:
                g.add((contact, VCARD.hasTelephone, URIRef("tel:" + phone)))

    def _themes(self, data: dict, dataset_ref):
        g = self.g
        voc = vocabularies()
        # Spheres: our own concepts (read back exactly) and the EU data themes they map to.
        scheme = spheres_scheme()
        for group in data.get("groups") or []:
            iri = sphere_iri(group.get("name") or "")
            if iri is None:
                continue
            g.add((dataset_ref, DCAT.theme, iri))
            g.add((iri, RDF.type, SKOS.Concept))
            g.add((iri, SKOS.inScheme, scheme))
            g.add((iri, SKOS.prefLabel, Literal(group.get("title") or group["name"], lang="uz")))
        for theme in list(g.objects(dataset_ref, DCAT.theme)):
            if str(theme).startswith(DATA_THEME + "/"):
                code = str(theme).rsplit("/", 1)[1]
                g.add((theme, RDF.type, SKOS.Concept))
                g.add((theme, SKOS.inScheme, URIRef(DATA_THEME)))
                g.add(
                    (theme, SKOS.prefLabel, Literal(voc["data_themes"].get(code, code), lang="en"))
                )

    def _country(self) -> URIRef:
        voc = vocabularies()
        country = URIRef(COUNTRY + voc["country"])
        self.g.add((country, RDF.type, DCTERMS.Location))
        self.g.set((country, DCAT.bbox, Literal(voc["country_bbox"], datatype=WKT)))
        self.g.set((country, DCAT.centroid, Literal(voc["country_centroid"], datatype=WKT)))
        return country

    def _conform(self, dataset_ref):
        """Type the nodes DCAT-AP's range shapes want typed."""
        g = self.g
        voc = vocabularies()
        licences = set(g.objects(dataset_ref, DCTERMS.license))
        for dist in g.objects(dataset_ref, DCAT.distribution):
            licences.update(g.objects(dist, DCTERMS.license))
        for lic in licences:
            if not isinstance(lic, URIRef):
                continue
            g.remove((lic, DCTERMS.type, None))
            g.add((lic, RDF.type, DCTERMS.LicenseDocument))
            code = str(lic)[len(LICENCE) :] if str(lic).startswith(LICENCE) else ""
            kind = voc["licence_types"].get(code)
            if kind:
                kind_iri = URIRef(LICENCE_TYPE + kind)
                g.add((lic, DCTERMS.type, kind_iri))
                g.add((kind_iri, RDF.type, SKOS.Concept))
                g.add(
                    (kind_iri, SKOS.prefLabel, Literal(voc["licence_type_labels"][kind], lang="en"))
                )
        for page in g.objects(dataset_ref, FOAF.page):
            g.add((page, RDF.type, FOAF.Document))

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        super().graph_from_catalog(catalog_dict, catalog_ref)
        g = self.g
        voc = vocabularies()
        site_url = tk.config.get("ckan.site_url", "").rstrip("/")
        g.remove((catalog_ref, DCTERMS.language, None))
        for code in voc["languages"].values():
            lang = URIRef(LANGUAGE + code)
            g.add((catalog_ref, DCTERMS.language, lang))
            g.add((lang, RDF.type, DCTERMS.LinguisticSystem))
        if not g.value(catalog_ref, DCTERMS.description):
            g.add(
                (
                    catalog_ref,
                    DCTERMS.description,
                    Literal(tk.config.get("ckan.site_title") or site_url),
                )
            )
        for home in g.objects(catalog_ref, FOAF.homepage):
            g.add((home, RDF.type, FOAF.Document))
        publisher = URIRef(catalog_uri().rstrip("/") + "/#publisher")
        g.add((catalog_ref, DCTERMS.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal(tk.config.get("ckanext.egovuz.dcat.publisher_name"))))
        homepage = http_iri(tk.config.get("ckanext.egovuz.dcat.publisher_url"))
        if homepage is not None:
            g.add((publisher, FOAF.homepage, homepage))
            g.add((homepage, RDF.type, FOAF.Document))
        g.add((catalog_ref, DCTERMS.spatial, self._country()))
        lic = licence_iri(tk.config.get("ckanext.egovuz.dcat.catalog_licence"))
        if lic is not None:
            g.add((catalog_ref, DCTERMS.license, lic))
            g.add((lic, RDF.type, DCTERMS.LicenseDocument))
        for scheme, title in ((URIRef(DATA_THEME), "Data theme"), (spheres_scheme(), "Spheres")):
            g.add((catalog_ref, DCAT.themeTaxonomy, scheme))
            g.add((scheme, RDF.type, SKOS.ConceptScheme))
            g.add((scheme, DCTERMS.title, Literal(title, lang="en")))
        issued = self._first_publication()
        if issued:
            self._add_date_triple(catalog_ref, DCTERMS.issued, issued)

    def _first_publication(self) -> str | None:
        result = tk.get_action("package_search")(
            {"ignore_auth": True},
            {"sort": "metadata_created asc", "rows": 1, "fl": "metadata_created"},
        )
        rows = result.get("results") or []
        return _date(rows[0].get("metadata_created")) if rows else None

    # -- input ---------------------------------------------------------------------------

    def parse_dataset(self, dataset_dict, dataset_ref):
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        g = self.g
        code = g.value(dataset_ref, DCTERMS.identifier)
        if code is not None:
            dataset_dict["dataset_code"] = str(code)
        self._parse_texts(dataset_dict, dataset_ref)
        self._parse_contact(dataset_dict, dataset_ref)
        self._parse_codes(dataset_dict, dataset_ref)
        for key, predicate in (
            ("first_published", DCTERMS.issued),
            ("data_last_changed", DCTERMS.modified),
        ):
            value = g.value(dataset_ref, predicate)
            if value is not None:
                dataset_dict[key] = str(value)
        pages = [str(p) for p in g.objects(dataset_ref, FOAF.page)]
        if pages:
            dataset_dict["external_links"] = sorted(pages)
        return dataset_dict

    def _parse_texts(self, dataset_dict: dict, dataset_ref):
        """Titles and descriptions by language tag: uz (or none), ru, en."""
        suffixes = {"uz": "", "ru": "_ru", "en": "_en"}
        for key, predicate in (("title", DCTERMS.title), ("notes", DCTERMS.description)):
            for value in self.g.objects(dataset_ref, predicate):
                suffix = suffixes.get(getattr(value, "language", None) or "uz")
                if isinstance(value, Literal) and suffix is not None:
                    dataset_dict[key + suffix] = str(value)

    def _parse_contact(self, dataset_dict: dict, dataset_ref):
        contact = self.g.value(dataset_ref, DCAT.contactPoint)
        if contact is None:
            return
        for key, predicate, prefix in (
            ("contact_name", VCARD.fn, ""),
            ("contact_email", VCARD.hasEmail, "mailto:"),
            ("contact_phone", VCARD.hasTelephone, "tel:"),
        ):
            value = self.g.value(contact, predicate)
            if value is not None:
                value = str(value)
                dataset_dict[key] = value[len(prefix) :] if value.startswith(prefix) else value

    def _parse_codes(self, dataset_dict: dict, dataset_ref):
        """EU IRIs back to the passport's codes: frequency, licence, spheres, formats."""
        g = self.g
        voc = vocabularies()
        freq = g.value(dataset_ref, DCTERMS.accrualPeriodicity)
        by_iri = {FREQUENCY + v: k for k, v in voc["frequencies"].items()}
        if freq is not None and str(freq) in by_iri:
            dataset_dict["update_frequency"] = by_iri[str(freq)]
        scheme = str(spheres_scheme()) + "/"
        spheres = sorted(
            str(t)[len(scheme) :]
            for t in g.objects(dataset_ref, DCAT.theme)
            if str(t).startswith(scheme)
        )
        dataset_dict["spheres"] = spheres
        dataset_dict["groups"] = [{"name": name} for name in spheres]
        lic = g.value(dataset_ref, DCTERMS.license)
        by_licence = {LICENCE + v: k for k, v in voc["licences"].items()}
        if lic is not None:
            dataset_dict["license_id"] = by_licence.get(str(lic), dataset_dict.get("license_id"))
        by_type = {FILE_TYPE + v: k for k, v in sorted(voc["file_types"].items(), reverse=True)}
        for res in dataset_dict.get("resources") or []:
            dist = URIRef(res.get("distribution_ref") or res.get("uri") or "")
            fmt = g.value(dist, DCTERMS["format"])
            if fmt is not None and str(fmt) in by_type:
                res["format"] = by_type[str(fmt)]


def _json_list(value) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip():
        try:
            parsed = json.loads(value)
        except ValueError:
            return [line for line in value.splitlines() if line.strip()]
        return parsed if isinstance(parsed, list) else []
    return []


def _iri_ok(value: str) -> bool:
    if any(ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F for c in value):
        return False  # whitespace and control characters end an IRI in Turtle
    try:
        CleanedURIRef(value).n3()
    except Exception:
        return False
    return True


def _reachable(g, start) -> set:
    """The dataset's own nodes: itself, and the blank nodes and distributions under it."""
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        for pred, obj in g.predicate_objects(node):
            if obj in seen:
                continue
            if isinstance(obj, BNode) or pred == DCAT.distribution:
                seen.add(obj)
                todo.append(obj)
    return seen


def drop_unserializable(g, dataset_ref) -> None:
    """Leave out (and log) what some serialization could not write: IRIs rdflib refuses,
    literals with characters XML cannot carry are cleaned."""
    for node in _reachable(g, dataset_ref):
        for pred, obj in list(g.predicate_objects(node)):
            if isinstance(obj, URIRef) and not _iri_ok(str(obj)):
                log.warning(
                    "DCAT: %s of %s cannot be serialized, left out: %r",
                    pred,
                    dataset_ref,
                    str(obj)[:200],
                )
                g.remove((node, pred, obj))
            elif isinstance(obj, Literal) and _XML_INVALID.search(str(obj)):
                log.warning("DCAT: %s of %s has control characters, removed", pred, dataset_ref)
                g.remove((node, pred, obj))
                g.add(
                    (
                        node,
                        pred,
                        Literal(
                            _XML_INVALID.sub("", str(obj)), lang=obj.language, datatype=obj.datatype
                        ),
                    )
                )


def register_formats() -> None:
    """N-Triples beside ckanext-dcat's Turtle, RDF/XML, N3 and JSON-LD: the extension
    (/catalog.nt, /dataset/<id>.nt) and the media type for content negotiation; and the
    Croissant @context completed (jsonld.complete_croissant_context)."""
    from ckanext.dcat import utils

    from .jsonld import complete_croissant_context

    utils.CONTENT_TYPES.setdefault("nt", "application/n-triples")
    complete_croissant_context()
