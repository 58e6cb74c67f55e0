"""The portal's addition to DCAT-AP 3 (ckanext-dcat): the passport's contact phone, the
update frequency as an EU frequency IRI, the dataset code as dct:identifier, the
publication and data-change dates, and the Russian and English titles."""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD, Namespace

from ckanext.dcat.profiles import RDFProfile


DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FOAF_PAGE = URIRef("http://xmlns.com/foaf/0.1/page")
FREQ = Namespace("http://publications.europa.eu/resource/authority/frequency/")

FREQUENCY_IRIS = {
    "daily": FREQ.DAILY,
    "weekly": FREQ.WEEKLY,
    "monthly": FREQ.MONTHLY,
    "quarterly": FREQ.QUARTERLY,
    "semiannual": FREQ.ANNUAL_2,
    "annual": FREQ.ANNUAL,
    "irregular": FREQ.IRREG,
}


def _date_literal(value):
    if not value:
        return None
    return Literal(value, datatype=XSD.dateTime if "T" in value else XSD.date)


class EgovuzDCATProfile(RDFProfile):
    """Runs after euro_dcat_ap_3 and completes its graph with the passport fields."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g = self.g
        code = dataset_dict.get("dataset_code")
        if code:
            g.set((dataset_ref, DCTERMS.identifier, Literal(str(code))))
        for key, lang in (("title_ru", "ru"), ("title_en", "en")):
            if dataset_dict.get(key):
                g.add((dataset_ref, DCTERMS.title, Literal(dataset_dict[key], lang=lang)))
        for key, lang in (("notes_ru", "ru"), ("notes_en", "en")):
            if dataset_dict.get(key):
                g.add((dataset_ref, DCTERMS.description, Literal(dataset_dict[key], lang=lang)))
        freq = FREQUENCY_IRIS.get(dataset_dict.get("update_frequency") or "")
        if freq is not None:
            g.remove((dataset_ref, DCTERMS.accrualPeriodicity, None))
            g.add((dataset_ref, DCTERMS.accrualPeriodicity, freq))
            g.add((freq, RDF.type, DCTERMS.Frequency))
        issued = _date_literal(dataset_dict.get("first_published"))
        if issued is not None:
            g.set((dataset_ref, DCTERMS.issued, issued))
        modified = _date_literal(dataset_dict.get("data_last_changed"))
        if modified is not None:
            g.set((dataset_ref, DCTERMS.modified, modified))
        phone = dataset_dict.get("contact_phone")
        if phone:
            contacts = list(g.objects(dataset_ref, DCAT.contactPoint))
            for contact in contacts:
                g.add((contact, VCARD.hasTelephone, URIRef("tel:" + phone)))
        for url in dataset_dict.get("external_links") or []:
            g.add((dataset_ref, FOAF_PAGE,
                   URIRef(url)))

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        pass


