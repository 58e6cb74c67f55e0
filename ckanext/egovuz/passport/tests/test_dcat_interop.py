"""What another catalogue sees of ours: every RDF serialization of the catalogue and of each
dataset, content negotiation, paging a harvester follows, and ckanext-dcat's own parser
reading it all back (the round trip). Hostile stored values never take a page down."""
from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from ckanext.dcat.processors import RDFParser

from . import dcat_site

DCAT = Namespace("http://www.w3.org/ns/dcat#")
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
    for accept, parser in (("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
                           ("application/ld+json", "json-ld"),
                           ("application/n-triples", "nt")):
        resp = dcat_app.get("/dataset/maktablar", headers={"Accept": accept})
        assert resp.status_code == 200
        assert resp.headers["Content-Type"].startswith(accept)
        g = Graph().parse(data=resp.body, format=parser)
        assert str(g.value(next(g.subjects(RDF.type, DCAT.Dataset)), DCTERMS.identifier)) \
            == site["maktablar"]["dataset_code"]
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
        for key in ("title", "title_ru", "title_en", "notes", "notes_ru", "notes_en",
                    "contact_name", "contact_email", "update_frequency", "license_id"):
            want = pkg.get(key)
            if key == "title_ru" and name == "hostile":
                want = want.replace("\x0b", "").replace("\x1f", "")
            assert got.get(key) == want, (name, key, got.get(key), want)
        assert got["contact_phone"] == "+" + "".join(c for c in pkg["contact_phone"]
                                                     if c.isdigit())
        assert sorted(t["name"] for t in got["tags"]) == sorted(t["name"] for t in pkg["tags"])
        assert sorted(got["spheres"]) == sorted(g["name"] for g in pkg["groups"])
        assert got["first_published"][:19] == pkg["first_published"][:19]
        assert got["data_last_changed"][:19] == pkg["data_last_changed"][:19]
        assert len(got["resources"]) == len(pkg["resources"])
        want_formats = sorted(r["format"] for r in pkg["resources"] if name != "hostile")
        if name != "hostile":
            assert sorted(r["format"] for r in got["resources"]) == want_formats
            assert sorted(r["url"] for r in got["resources"]) == sorted(
                r["url"] for r in pkg["resources"])
