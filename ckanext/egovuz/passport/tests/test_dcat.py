"""DCAT-AP 3 output with the passport (ckanext-dcat + our profile), parsed with rdflib."""

import pytest
from ckan.tests import factories, helpers
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ckanext.egovuz.testing import passport

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_rdf_has_passport(app):
    org = factories.Organization()
    admin = factories.Sysadmin()
    pkg = helpers.call_action(
        "package_create",
        context={"user": admin["name"]},
        name="rdf-set",
        owner_org=org["id"],
        **passport(update_frequency="quarterly"),
    )
    resp = app.get("/dataset/rdf-set.rdf")
    assert resp.status_code == 200
    g = Graph().parse(data=resp.body, format="xml")
    ds = next(g.subjects(DCTERMS.identifier, None))
    assert str(g.value(ds, DCTERMS.identifier)) == pkg["dataset_code"]
    assert g.value(ds, DCTERMS.accrualPeriodicity) == URIRef(
        "http://publications.europa.eu/resource/authority/frequency/QUARTERLY"
    )
    contact = g.value(ds, DCAT.contactPoint)
    assert str(g.value(contact, VCARD.hasTelephone)) == "tel:+998711234567"
    assert str(g.value(contact, VCARD.hasEmail)) == "mailto:anvar@uzedu.uz"
    assert g.value(ds, DCTERMS.issued) is not None
    assert g.value(ds, DCTERMS.modified) is not None
    titles = {t.language: str(t) for t in g.objects(ds, DCTERMS.title)}
    assert titles.get("ru") == "Школы города Ташкента"
    keywords = {str(k) for k in g.objects(ds, DCAT.keyword)}
    assert keywords == {"taʼlim", "maktab"}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_catalog_ttl_parses(app):
    org = factories.Organization()
    admin = factories.Sysadmin()
    for i in range(3):
        helpers.call_action(
            "package_create",
            context={"user": admin["name"]},
            name=f"cat-{i}",
            owner_org=org["id"],
            **passport(),
        )
    resp = app.get("/catalog.ttl")
    assert resp.status_code == 200
    g = Graph().parse(data=resp.body, format="turtle")
    assert len(list(g.subjects(None, DCAT.Dataset))) == 3
