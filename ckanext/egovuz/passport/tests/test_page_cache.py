"""What the dataset page keeps between requests (issue 14): the schema.org and Croissant
JSON-LD blocks (made once per dataset version and language, never stale after an edit)
and the description extracts of dataset lists."""

import json
import re

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz import jsonld_cache
from ckanext.egovuz.testing import passport


def _jsonld(body: str) -> list[dict]:
    return [
        json.loads(m)
        for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]


def _datasets(admin: dict, org: dict, **fields_by_name: dict) -> None:
    """Passport datasets of one organization, saved by a sysadmin: name → passport fields."""
    for name, fields in fields_by_name.items():
        helpers.call_action(
            "package_create",
            context={"user": admin["name"]},
            name=name,
            owner_org=org["id"],
            **passport(**fields),
        )


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_jsonld_made_once_and_fresh_after_an_edit(app, monkeypatch):
    jsonld_cache._cache.clear()
    made = []
    from ckanext.dcat import helpers as dcat_helpers

    real = dcat_helpers._get_serialization
    monkeypatch.setattr(
        dcat_helpers, "_get_serialization", lambda *a, **kw: made.append(1) or real(*a, **kw)
    )
    org = factories.Organization()
    admin = factories.Sysadmin()
    _datasets(admin, org, **{"ld-set": {"title": "Maktablar soni"}})
    first = app.get("/dataset/ld-set").body
    docs = _jsonld(first)
    assert any("Maktablar soni" in json.dumps(d, ensure_ascii=False) for d in docs)
    n = len(made)
    assert n >= 1
    assert app.get("/dataset/ld-set").body.count("Maktablar soni") == first.count("Maktablar soni")
    assert len(made) == n  # the second view made nothing again
    helpers.call_action(
        "package_patch", context={"user": admin["name"]}, id="ld-set", title="Kollejlar soni"
    )
    docs = _jsonld(app.get("/dataset/ld-set").body)
    text = json.dumps(docs, ensure_ascii=False)
    assert "Kollejlar soni" in text and "Maktablar soni" not in text
    assert len(made) > n


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_search_page_shows_each_dataset_extract(app):
    org = factories.Organization()
    admin = factories.Sysadmin()
    _datasets(
        admin,
        org,
        **{"a-set": {"notes": "**Birinchi** tavsif"}, "b-set": {"notes": "Ikkinchi _tavsif_"}},
    )
    for _ in range(2):  # the second time from the kept extracts
        body = app.get("/dataset/").body
        assert "Birinchi tavsif" in body and "Ikkinchi tavsif" in body
        assert "**Birinchi**" not in body


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dcat_triples_made_once_the_same_rdf_and_fresh_after_an_edit(app, monkeypatch):
    """/catalog.ttl and a dataset's RDF: each dataset's triples are made once per dataset
    version (passport/dcat.py), the catalogue read again is the same graph with the same
    prefixes, and an edited dataset is made again, alone."""
    import rdflib
    from rdflib.compare import isomorphic

    from ckanext.dcat.profiles.euro_dcat_ap_3 import EuropeanDCATAP3Profile

    jsonld_cache._cache.clear()
    made = []
    real = EuropeanDCATAP3Profile.graph_from_dataset

    def counted(self, dataset_dict, dataset_ref):
        made.append(dataset_dict["name"])
        return real(self, dataset_dict, dataset_ref)

    monkeypatch.setattr(EuropeanDCATAP3Profile, "graph_from_dataset", counted)
    org = factories.Organization()
    admin = factories.Sysadmin()
    _datasets(
        admin,
        org,
        **{"rdf-a": {"title": "Maktablar soni"}, "rdf-b": {"title": "Shifoxonalar soni"}},
    )

    def catalog() -> tuple[rdflib.Graph, list[str], str]:
        body = app.get("/catalog.ttl").body
        prefixes = [line for line in body.splitlines() if line.startswith("@prefix")]
        return rdflib.Graph().parse(data=body, format="turtle"), prefixes, body

    first, first_prefixes, body = catalog()
    assert sorted(made) == ["rdf-a", "rdf-b"]
    assert "Maktablar soni" in body and "Shifoxonalar soni" in body
    assert any("dct:" in p for p in first_prefixes)
    again, again_prefixes, _ = catalog()
    assert sorted(made) == ["rdf-a", "rdf-b"]  # nothing made again
    assert isomorphic(first, again) and len(again) == len(first) > 50
    assert again_prefixes == first_prefixes
    # the graph holds every translation: another page language makes nothing again
    in_russian = rdflib.Graph().parse(data=app.get("/ru/catalog.ttl").body, format="turtle")
    assert sorted(made) == ["rdf-a", "rdf-b"] and isomorphic(in_russian, first)
    helpers.call_action(
        "package_patch", context={"user": admin["name"]}, id="rdf-a", title="Kollejlar soni"
    )
    edited, _, body = catalog()
    assert "Kollejlar soni" in body and "Maktablar soni" not in body
    assert sorted(made) == ["rdf-a", "rdf-a", "rdf-b"]  # only the edited one
    assert len(set(edited.subjects(rdflib.RDF.type, rdflib.URIRef(DCAT + "Dataset")))) == 2


DCAT = "http://www.w3.org/ns/dcat#"
