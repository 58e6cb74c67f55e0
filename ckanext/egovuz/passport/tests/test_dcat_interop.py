"""What another catalogue sees of ours, on one test catalogue (dcat_site): the EU's own
DCAT-AP 3 SHACL shapes (pyshacl), every RDF serialization of the catalogue and of each
dataset, content negotiation, paging a harvester follows, and ckanext-dcat's own parser
reading it all back (the round trip). Hostile stored values never take a page down."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from ckanext.dcat.processors import RDFParser

from . import dcat_site

DATA = Path(__file__).parent / "data"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
FORMATS = {  # extension → (content type, rdflib parser)
    "ttl": ("text/turtle", "turtle"),
    "rdf": ("application/rdf+xml", "xml"),
    "xml": ("application/rdf+xml", "xml"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "n3": ("text/n3", "n3"),
}


@pytest.fixture
def site(dcat_catalogue):
    return dcat_catalogue


def test_every_serialization_of_catalogue_and_datasets(dcat_app, site):
    for ext, (content_type, parser) in sorted(FORMATS.items()):
        resp = dcat_app.get(f"/catalog.{ext}")
        assert resp.status_code == 200, resp.body[:500]
        assert resp.headers["Content-Type"].startswith(content_type)
        g = Graph().parse(data=resp.body, format=parser)
        assert len(set(g.subjects(RDF.type, DCAT.Dataset))) == 4, ext
        for name, pkg in site.items():
            resp = dcat_app.get(f"/dataset/{name}.{ext}")
            assert resp.status_code == 200, (name, resp.body[:500])
            assert resp.headers["Content-Type"].startswith(content_type)
            g = Graph().parse(data=resp.body, format=parser)
            ds = next(g.subjects(RDF.type, DCAT.Dataset))
            assert str(g.value(ds, DCTERMS.identifier)) == pkg["dataset_code"], (ext, name)


def test_hostile_values_left_out_not_fatal(dcat_app, site):
    """Issue 11 item 3: a stored link with '"', '>' and braces made /dataset/<id>.ttl and
    /catalog.ttl answer 500; a javascript: URL must not become a link."""
    body = dcat_app.get("/dataset/hostile.ttl").body
    g = Graph().parse(data=body, format="turtle")
    ds = next(g.subjects(RDF.type, DCAT.Dataset))
    pages = {str(p) for p in g.objects(ds, URIRef("http://xmlns.com/foaf/0.1/page"))}
    # The link with '"', '>' and braces percent-encoded; the javascript: one and the one
    # with a line break left out.
    assert pages == {"https://example.uz/a%22b%3E%7Bc%7D", "https://example.uz/ok"}
    assert "javascript:" not in body
    dist = g.value(ds, DCAT.distribution)
    access = str(g.value(dist, DCAT.accessURL))
    assert access.startswith("http") and access.endswith(site["hostile"]["resources"][0]["id"])
    assert g.value(dist, DCAT.byteSize) is None  # a negative size is not written
    titles = {t.language: str(t) for t in g.objects(ds, DCTERMS.title)}
    assert titles["uz"] == dcat_site.HOSTILE_TITLE
    assert "\x0b" not in titles["ru"] and titles["ru"].startswith("Контроль")
    assert dcat_app.get("/catalog.ttl").status_code == 200


def test_unknown_format_is_404(dcat_app, site):
    assert dcat_app.get("/dataset/maktablar.foo").status_code == 404
    assert dcat_app.get("/catalog.foo").status_code == 404


def test_content_negotiation_on_dataset_url(dcat_app, site):
    for accept, parser in (
        ("text/turtle", "turtle"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ):
        resp = dcat_app.get("/dataset/maktablar", headers={"Accept": accept})
        assert resp.status_code == 200
        assert resp.headers["Content-Type"].startswith(accept)
        g = Graph().parse(data=resp.body, format=parser)
        assert (
            str(g.value(next(g.subjects(RDF.type, DCAT.Dataset)), DCTERMS.identifier))
            == site["maktablar"]["dataset_code"]
        )
    html = dcat_app.get("/dataset/maktablar", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "<html" in html.body


def test_paging_a_harvester_follows(dcat_app, site, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.dcat.datasets_per_page", 3)
    seen, url, pages = set(), "/catalog.ttl", 0
    while url:
        pages += 1
        g = Graph().parse(data=dcat_app.get(url).body, format="turtle")
        seen |= {str(g.value(d, DCTERMS.identifier)) for d in g.subjects(RDF.type, DCAT.Dataset)}
        collection = next(g.subjects(RDF.type, HYDRA.PagedCollection))
        assert int(g.value(collection, HYDRA.totalItems)) == 4
        nxt = g.value(collection, HYDRA.next)
        url = str(nxt).split("127.0.0.1", 1)[-1].split("/", 1)[-1] if nxt else None
        url = "/" + url if url else None
    assert pages == 2
    assert seen == {pkg["dataset_code"] for pkg in site.values()}


def test_round_trip_through_ckanext_dcat_parser(dcat_app, site):
    """What a harvester runs: RDFParser with our profile reads /catalog.ttl and gives back
    each dataset's passport."""
    parser = RDFParser(profiles=["egovuz_dcat"])
    parser.parse(dcat_app.get("/catalog.ttl").body, _format="turtle")
    read = {d["dataset_code"]: d for d in parser.datasets()}
    assert set(read) == {pkg["dataset_code"] for pkg in site.values()}
    for name, pkg in site.items():
        got = read[pkg["dataset_code"]]
        for key in (
            "title",
            "title_ru",
            "title_en",
            "notes",
            "notes_ru",
            "notes_en",
            "contact_name",
            "contact_email",
            "update_frequency",
            "license_id",
        ):
            want = pkg.get(key)
            if key == "title_ru" and name == "hostile":
                want = want.replace("\x0b", "").replace("\x1f", "")
            assert got.get(key) == want, (name, key, got.get(key), want)
        assert got["contact_phone"] == "+" + "".join(c for c in pkg["contact_phone"] if c.isdigit())
        assert sorted(t["name"] for t in got["tags"]) == sorted(t["name"] for t in pkg["tags"])
        assert sorted(got["spheres"]) == sorted(g["name"] for g in pkg["groups"])
        assert got["first_published"][:19] == pkg["first_published"][:19]
        assert got["data_last_changed"][:19] == pkg["data_last_changed"][:19]
        assert len(got["resources"]) == len(pkg["resources"])
        want_formats = sorted(r["format"] for r in pkg["resources"] if name != "hostile")
        if name != "hostile":
            assert sorted(r["format"] for r in got["resources"]) == want_formats
            assert sorted(r["url"] for r in got["resources"]) == sorted(
                r["url"] for r in pkg["resources"]
            )


# DCAT-AP 3 SHACL shapes (SEMICeu/DCAT-AP, see data/README.md) -------------------------

# Recommended properties the passport does not hold (so their warnings are expected):
# the dataset's time coverage, a distribution's planned availability, the publisher's
# type (organizations have no such field), and a resource description left empty.
NOT_IN_PASSPORT = {
    (DCAT.Dataset, DCTERMS.temporal),
    (DCAT.Distribution, DCATAP.availability),
    (FOAF.Agent, DCTERMS.type),
}


def _shapes(version: str, *names: str) -> Graph:
    g = Graph()
    for name in names:
        g.parse(DATA / f"dcat-ap-{version}" / f"{name}.ttl", format="turtle")
    return g


@pytest.fixture(scope="session")
def shapes():
    """Parsed once per session."""
    return {
        "3.0.1": _shapes("3.0.1", "shapes", "range"),
        "3.0.0": _shapes("3.0.0", "shapes", "range"),
        "recommended": _shapes("3.0.1", "shapes_recommended"),
    }


def results(data: Graph, shapes_graph: Graph) -> list[dict]:
    conforms, report, _text = validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=True
    )
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        out.append(
            {
                "severity": report.value(r, SH.resultSeverity),
                "path": report.value(r, SH.resultPath),
                "focus": focus,
                "classes": set(data.objects(focus, RDF.type)),
                "message": str(report.value(r, SH.resultMessage)),
            }
        )
    return out


def _summary(found):
    return sorted({(str(r["path"]), r["message"][:90]) for r in found})


def test_catalogue_conforms_to_dcat_ap_3_shapes(dcat_app, shapes, site):
    resp = dcat_app.get("/catalog.ttl")
    assert resp.status_code == 200
    data = Graph().parse(data=resp.body, format="turtle")
    assert len(set(data.subjects(RDF.type, DCAT.Dataset))) == 4

    violations = [r for r in results(data, shapes["3.0.1"]) if r["severity"] == SH.Violation]
    assert violations == [], _summary(violations)

    # DCAT-AP 3.0.0's shapes differ from 3.0.1's in one line only: byteSize as xsd:decimal,
    # an erratum (the standard's range is xsd:nonNegativeInteger, fixed in 3.0.1).
    old = [r for r in results(data, shapes["3.0.0"]) if r["severity"] == SH.Violation]
    assert {str(r["path"]) for r in old} == {str(DCAT.byteSize)}, _summary(old)
    assert len(old) == 3  # the three resources that have a size

    warnings = [
        r
        for r in results(data, shapes["recommended"])
        if not any((cls, r["path"]) in NOT_IN_PASSPORT for cls in r["classes"])
    ]
    # A distribution without a description: only the resource stored without one.
    undocumented = [r for r in warnings if r["path"] == DCTERMS.description]
    assert undocumented == []
    assert warnings == [], _summary(warnings)


# The dataset page's JSON-LD (schema.org structured data and Croissant) -----------------


def test_dataset_page_json_ld_links_only_http_and_script_safe(dcat_app, site):
    """Issue 11 item 1 (JSON-LD part): a stored javascript: URL never becomes a link in the
    structured data, and a stored "</script>" cannot end the script element."""
    import json
    import re

    html = dcat_app.get("/dataset/hostile").body
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 2  # structured data and Croissant
    for block in blocks:
        assert "javascript:" not in block
        assert "<" not in block and ">" not in block
        doc = json.loads(block)
        values = {v.get("@value") if isinstance(v, dict) else v for _k, v in _walk(doc)}
        assert dcat_site.HOSTILE_TITLE in values  # the title is there, as data
        for key, value in _walk(doc):
            if key in ("url", "contentUrl", "sameAs", "schema:url", "schema:contentUrl"):
                value = value.get("@value", value.get("@id")) if isinstance(value, dict) else value
                assert str(value).startswith(("http://", "https://")), (key, value)
    assert html.count("<script>alert(1)</script>") == 0


def _walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (str, dict)):
                yield key, value
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)
