"""The catalogue measured by the EU's own DCAT-AP 3 SHACL shapes (SEMICeu/DCAT-AP, see
tests/data/README.md), with pyshacl: no violation, no recommended-property warning for
anything the passport holds, hostile values included."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, RDF, SH

DATA = Path(__file__).parent / "data"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

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
    conforms, report, _text = validate(data, shacl_graph=shapes_graph, inference="none",
                                       advanced=True, allow_warnings=True)
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(r, SH.focusNode)
        out.append({"severity": report.value(r, SH.resultSeverity),
                    "path": report.value(r, SH.resultPath), "focus": focus,
                    "classes": set(data.objects(focus, RDF.type)),
                    "message": str(report.value(r, SH.resultMessage))})
    return out


def _summary(found):
    return sorted({(str(r["path"]), r["message"][:90]) for r in found})


def test_catalogue_conforms_to_dcat_ap_3_shapes(dcat_app, shapes, dcat_catalogue):
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

    warnings = [r for r in results(data, shapes["recommended"])
                if not any((cls, r["path"]) in NOT_IN_PASSPORT for cls in r["classes"])]
    # A distribution without a description: only the resource stored without one.
    undocumented = [r for r in warnings if r["path"] == DCTERMS.description]
    assert undocumented == []
    assert warnings == [], _summary(warnings)
