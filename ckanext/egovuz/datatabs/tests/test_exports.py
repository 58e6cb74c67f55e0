import csv
import io
import json
import xml.etree.ElementTree as ET

import openpyxl
import pytest
import rdflib

from ckanext.egovuz.downloads.model import count_downloads
from .conftest import RECORDS


def _get(app, ds, res, fmt, status=200, **params):
    url = f"/dataset/{ds['name']}/table/download"
    params = dict(params, format=fmt, resource_id=res["id"])
    return app.get(url, query_string=params, status=status)


@pytest.mark.usefixtures("with_request_context")
class TestFormats:
    def test_csv(self, app, world):
        r = _get(app, world["public"], world["public_res"], "csv")
        rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
        assert rows[0] == ["id", "tuman", "aholi", "sana", "izoh"]
        assert len(rows) == 6
        assert rows[1][:4] == ["1", "Chilonzor", "8831287.60", "2024-01-05T10:00:00"]
        assert rows[3][1] == "Тошкент" and rows[3][2] == "-12.5"  # numbers untouched
        # formula injection neutralized in text columns
        assert rows[1][4].startswith("'=") and rows[2][4] == "'+1+2" and rows[3][4] == "'-3"
        assert rows[4][4] == "'@SUM(A1)" and rows[4][2] == ""
        assert "attachment" in r.headers["Content-Disposition"]

    def test_json(self, app, world):
        r = _get(app, world["public"], world["public_res"], "json")
        data = json.loads(r.get_data(as_text=True))
        assert [f["id"] for f in data["fields"]] == ["id", "tuman", "aholi", "sana", "izoh"]
        assert len(data["records"]) == 5
        assert data["records"][0]["aholi"] == pytest.approx(8831287.60)
        assert data["records"][2]["tuman"] == "Тошкент"
        assert data["records"][3]["sana"] is None
        assert data["records"][4]["izoh"] == RECORDS[4]["izoh"]
        assert "8831287.60" in r.get_data(as_text=True)  # exact digits

    def test_xml(self, app, world):
        r = _get(app, world["public"], world["public_res"], "xml")
        root = ET.fromstring(r.get_data())
        rows = root.findall("row")
        assert len(rows) == 5
        assert rows[0].find("tuman").text == "Chilonzor"
        assert rows[0].find("aholi").text == "8831287.60"
        assert rows[4].find("izoh").text == RECORDS[4]["izoh"]
        nil = rows[3].find("aholi")
        assert nil.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"

    def test_xlsx(self, app, world):
        r = _get(app, world["public"], world["public_res"], "xlsx")
        wb = openpyxl.load_workbook(io.BytesIO(r.get_data()), read_only=True)
        rows = list(wb.active.iter_rows(values_only=True))
        assert rows[0] == ("id", "tuman", "aholi", "sana", "izoh")
        assert len(rows) == 6
        assert rows[1][0] == 1 and rows[1][2] == pytest.approx(8831287.6)
        assert rows[3][1] == "Тошкент" and rows[3][2] == -12.5
        assert rows[4][2] is None
        # text cells are strings, never formulas
        cells = list(openpyxl.load_workbook(io.BytesIO(r.get_data())).active.iter_rows())
        assert cells[1][4].data_type == "s" and cells[1][4].value.startswith("=")
        assert cells[4][4].data_type == "s"

    @pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("rdf", "xml")])
    def test_rdf(self, app, world, fmt, parser):
        r = _get(app, world["public"], world["public_res"], fmt)
        g = rdflib.Graph()
        g.parse(data=r.get_data(), format=parser)
        rows = {s for s in g.subjects() if "/row/" in str(s)}
        assert len(rows) == 5
        ds_iri = str(next(iter(rows))).split("/resource/")[0]
        assert ds_iri.endswith(world["public"]["id"])
        tuman = [p for p in g.predicates() if str(p).endswith("/column/tuman")][0]
        values = {str(o) for o in g.objects(None, tuman)}
        assert "Тошкент" in values and "Mirzo Ulug‘bek" in values
        aholi = [p for p in g.predicates() if str(p).endswith("/column/aholi")][0]
        nums = sorted(o.toPython() for o in g.objects(None, aholi))
        assert len(nums) == 4  # the NULL is no triple
        assert str(max(nums)) == "8831287.60"
        izoh = [p for p in g.predicates() if str(p).endswith("/column/izoh")][0]
        assert RECORDS[4]["izoh"] in {str(o) for o in g.objects(None, izoh)}

    @pytest.mark.parametrize("fmt", ["csv", "json", "xml", "xlsx", "ttl", "rdf"])
    def test_filter_and_sort_apply(self, app, world, fmt):
        r = _get(
            app,
            world["public"],
            world["public_res"],
            fmt,
            sort="id desc",
            **{"f.tuman": ["Chilonzor", "Yunusobod"]},
        )
        body = r.get_data()
        if fmt == "csv":
            ids = [row[0] for row in csv.reader(io.StringIO(body.decode()))][1:]
        elif fmt == "json":
            ids = [str(x["id"]) for x in json.loads(body)["records"]]
        elif fmt == "xml":
            ids = [row.find("id").text for row in ET.fromstring(body).findall("row")]
        elif fmt == "xlsx":
            ws = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
            ids = [str(row[0]) for row in ws.iter_rows(min_row=2, values_only=True)]
        else:
            g = rdflib.Graph().parse(data=body, format="turtle" if fmt == "ttl" else "xml")
            idp = [p for p in g.predicates() if str(p).endswith("/column/id")][0]
            ids = sorted((str(o) for o in g.objects(None, idp)), reverse=True)
        assert ids == ["2", "1"]

    def test_full_text_q(self, app, world):
        r = _get(app, world["public"], world["public_res"], "csv", q="Yunusobod")
        rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
        assert [row[1] for row in rows[1:]] == ["Yunusobod"]
        assert rows[0] == ["id", "tuman", "aholi", "sana", "izoh"]  # no rank column

    def test_download_is_counted(self, app, world):
        before = count_downloads(world["public"]["id"])
        r = _get(app, world["public"], world["public_res"], "csv")
        r.close()
        assert count_downloads(world["public"]["id"]) == before + 1


@pytest.mark.usefixtures("with_request_context")
class TestBadInput:
    def test_unknown_format_400(self, app, world):
        r = _get(app, world["public"], world["public_res"], "docx", status=400)
        assert "Unknown format" in r.get_data(as_text=True)

    def test_unknown_column_400(self, app, world):
        _get(app, world["public"], world["public_res"], "csv", status=400, sort="nope asc")
        _get(app, world["public"], world["public_res"], "csv", status=400, filters='{"nope": "1"}')

    def test_sql_in_filter_is_a_value(self, app, world):
        r = _get(app, world["public"], world["public_res"], "csv", **{"f.tuman": "x' OR '1'='1"})
        assert len(list(csv.reader(io.StringIO(r.get_data(as_text=True))))) == 1
        r = _get(app, world["public"], world["public_res"], "csv", q="'); DROP TABLE x; --")
        assert r.status_code == 200

    def test_bad_filters_json_400(self, app, world):
        _get(app, world["public"], world["public_res"], "csv", status=400, filters="{not json")

    def test_not_in_datastore_404(self, app, world):
        r = _get(app, world["public"], world["public_file"], "csv", status=404)
        assert "not tabular" in r.get_data(as_text=True)

    def test_unknown_resource_404(self, app, world):
        app.get(
            f"/dataset/{world['public']['name']}/table/download",
            query_string={"format": "csv", "resource_id": "nope"},
            status=404,
        )
        app.get(
            "/dataset/no-such-dataset/table/download", query_string={"format": "csv"}, status=404
        )


@pytest.mark.usefixtures("with_request_context")
def test_xlsx_too_many_rows_offers_csv(app, world, monkeypatch):
    from ckanext.egovuz.exports import writers

    monkeypatch.setattr(writers, "XLSX_MAX_ROWS", 4)  # header + 3 rows
    r = _get(app, world["public"], world["public_res"], "xlsx", status=400)
    assert "CSV" in r.get_data(as_text=True)
    # a filtered selection that fits still downloads
    r = _get(app, world["public"], world["public_res"], "xlsx", **{"f.id": ["1", "2"]})
    assert r.get_data()[:2] == b"PK"


@pytest.mark.usefixtures("with_request_context")
def test_stream_closed_early_stops_the_cursor(world):
    """A client that goes away: closing the stream ends the fetch thread and the cursor."""
    import threading
    from ckan.tests import helpers as th

    result = th.call_action(
        "egovuz_export",
        context={"egovuz_stream": True},
        resource_id=world["public_res"]["id"],
        format="csv",
    )
    stream = result["stream"]
    first = next(stream)
    assert first.startswith(b"id,tuman")
    stream.close()
    assert not [t for t in threading.enumerate() if t.name == "egovuz-export-fetch"]


HOSTILE_FIELDS = [
    {"id": "=1+2", "type": "text"},
    {"id": "+n", "type": "int"},
    {"id": "@SUM(A1)", "type": "text"},
    {"id": "-x", "type": "numeric"},
    {"id": "bo'sh", "type": "text"},
]
HOSTILE_RECORDS = [
    {
        "=1+2": "qator\nikkinchi\r\nuchinchi",
        "+n": 1,
        "@SUM(A1)": "a\x01b\x1fc\tt",
        "-x": "1.50",
        "bo'sh": "  oraliq  ",
    },
    {
        "=1+2": "=cmd|' /C calc'!A0",
        "+n": 2,
        "@SUM(A1)": "",
        "-x": None,
        "bo'sh": '<b>&amp;</b> "q"',
    },
]
HOSTILE_IDS = [f["id"] for f in HOSTILE_FIELDS]


@pytest.fixture(scope="module")
def hostile(world):
    """A table whose column names are spreadsheet formulas and whose cells hold line
    breaks, control characters and markup."""
    from ckan.tests import factories
    from ckan.tests import helpers as th
    from ckanext.egovuz.testing import Dataset

    ds = Dataset(owner_org=world["org"]["id"], user=world["sysadmin"])
    res = factories.Resource(
        package_id=ds["id"], url="http://example.com/h.csv", format="CSV", name="hostile"
    )
    th.call_action(
        "datastore_create",
        resource_id=res["id"],
        fields=HOSTILE_FIELDS,
        records=HOSTILE_RECORDS,
        force=True,
    )
    return th.call_action("package_show", id=ds["id"]), res


@pytest.mark.usefixtures("with_request_context")
class TestHeadersAndHostileCells:
    def test_csv_header_gets_the_formula_guard(self, app, hostile):
        r = _get(app, *hostile, "csv")
        rows = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
        assert rows[0] == ["'=1+2", "'+n", "'@SUM(A1)", "'-x", "bo'sh"]
        assert rows[1] == [
            "qator\nikkinchi\r\nuchinchi",
            "1",
            "a\x01b\x1fc\tt",
            "1.50",
            "  oraliq  ",
        ]
        assert rows[2] == ["'=cmd|' /C calc'!A0", "2", "", "", '<b>&amp;</b> "q"']
        assert len(rows) == 3

    def test_xlsx_header_is_text_not_formula(self, app, hostile):
        body = _get(app, *hostile, "xlsx").get_data()
        ws = openpyxl.load_workbook(io.BytesIO(body)).active
        header = list(ws.iter_rows(max_row=1))[0]
        assert [c.value for c in header] == HOSTILE_IDS
        assert {c.data_type for c in header} == {"s"}
        row = [c.value for c in list(ws.iter_rows(min_row=2, max_row=2))[0]]
        # line breaks kept, characters XML cannot carry dropped
        assert row == ["qator\nikkinchi\r\nuchinchi", 1, "abc\tt", 1.5, "  oraliq  "]

    def test_xlsx_preserves_spaces_only_where_a_cell_has_them(self, app, hostile):
        import zipfile

        body = _get(app, *hostile, "xlsx").get_data()
        sheet = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
        # one cell has leading and trailing spaces; xml:space is on it and on no other
        assert '<t xml:space="preserve">  oraliq  </t>' in sheet
        assert sheet.count("xml:space") == 1

    def test_json_xml_rdf_carry_hostile_cells(self, app, hostile):
        data = json.loads(_get(app, *hostile, "json").get_data())
        assert [f["id"] for f in data["fields"]] == HOSTILE_IDS
        assert data["records"][0]["=1+2"] == "qator\nikkinchi\r\nuchinchi"
        assert data["records"][0]["@SUM(A1)"] == "a\x01b\x1fc\tt"
        assert data["records"][1]["-x"] is None and len(data["records"]) == 2
        root = ET.fromstring(_get(app, *hostile, "xml").get_data())
        rows = root.findall("row")
        assert len(rows) == 2
        texts = [c.text for c in rows[0]]
        assert "qator\nikkinchi\r\nuchinchi" in texts and "abc\tt" in texts
        assert '<b>&amp;</b> "q"' in [c.text for c in rows[1]]
        for fmt, parser in (("ttl", "turtle"), ("rdf", "xml")):
            g = rdflib.Graph().parse(data=_get(app, *hostile, fmt).get_data(), format=parser)
            assert "qator\nikkinchi\r\nuchinchi" in {str(o) for o in g.objects()}


def _graphs(app, ds, res):
    ttl = rdflib.Graph().parse(data=_get(app, ds, res, "ttl").get_data(), format="turtle")
    body = _get(app, ds, res, "rdf").get_data()
    return ttl, rdflib.Graph().parse(data=body, format="xml"), body


@pytest.mark.usefixtures("with_request_context")
class TestCompactRdfXml:
    def test_rdfxml_is_the_turtle_graph(self, app, world):
        ttl, rdf, _body = _graphs(app, world["public"], world["public_res"])
        assert len(rdf) > 20 and set(rdf) == set(ttl)

    def test_plain_values_are_attributes_typed_values_elements(self, app, world):
        _ttl, _rdf, body = _graphs(app, world["public"], world["public_res"])
        # text as a property attribute, no xsd:string, one short entity per datatype
        assert b' c:tuman="Chilonzor"' in body
        assert b'<aholi r:datatype="&n;">8831287.60</aholi>' in body
        assert b"string" not in body and b"<r:Description r:about=" in body

    def test_columns_with_one_xml_name_still_parse(self, app, world):
        """ "1a" and "c_1a" are both written c_1a: the second is an element, since an XML
        attribute may not repeat; the graph is Turtle's."""
        from ckan.tests import factories
        from ckan.tests import helpers as th
        from ckanext.egovuz.testing import Dataset

        ds = Dataset(owner_org=world["org"]["id"], user=world["sysadmin"])
        res = factories.Resource(package_id=ds["id"], url="http://example.com/c.csv", format="CSV")
        th.call_action(
            "datastore_create",
            resource_id=res["id"],
            fields=[{"id": "1a", "type": "text"}, {"id": "c_1a", "type": "text"}],
            records=[{"1a": "birinchi", "c_1a": "ikkinchi"}],
            force=True,
        )
        pkg = th.call_action("package_show", id=ds["id"])
        ttl, rdf, body = _graphs(app, pkg, res)
        assert b' c:c_1a="birinchi"' in body and b"<c_1a>ikkinchi</c_1a>" in body
        assert set(rdf) == set(ttl) and {"birinchi", "ikkinchi"} <= {str(o) for o in rdf.objects()}

    def test_hostile_cells_survive_attributes(self, app, hostile):
        ttl, rdf, body = _graphs(app, *hostile)
        values = {str(o) for o in rdf.objects()}
        # line breaks and tabs as references (a raw one in an attribute reads as a space)
        assert b"qator&#10;ikkinchi&#13;&#10;uchinchi" in body
        assert {"qator\nikkinchi\r\nuchinchi", "abc\tt", "  oraliq  ", ""} <= values
        assert '<b>&amp;</b> "q"' in values and "=cmd|' /C calc'!A0" in values
        # the same graph as Turtle's but for the characters XML cannot carry
        drop = str.maketrans("", "", "\x01\x1f")
        assert {(s, p, str(o).translate(drop)) for s, p, o in ttl} == {
            (s, p, str(o)) for s, p, o in rdf
        }
