"""Writes the Solr configset schema.xml from the schema.xml that ships inside the
installed ckan package, plus the fields the portal adds. Run by scripts/setup.sh."""
import pathlib
import sys

import ckan

CONF = pathlib.Path(__file__).resolve().parent.parent / "config" / "solr" / "configset" / "conf"

# Fields of ours, inserted before the catch-all dynamic field.
EXTRA_FIELDS = """
    <!-- ckanext-egovuz -->
    <field name="dataset_code" type="string" indexed="true" stored="true" multiValued="false"/>
    <field name="dataset_code_i" type="plong" indexed="true" stored="true" multiValued="false"/>
    <field name="update_frequency" type="string" indexed="true" stored="true" multiValued="false"/>
    <field name="title_ru" type="text" indexed="true" stored="true" multiValued="false"/>
    <field name="title_en" type="text" indexed="true" stored="true" multiValued="false"/>
    <field name="notes_ru" type="text" indexed="true" stored="true" multiValued="false"/>
    <field name="notes_en" type="text" indexed="true" stored="true" multiValued="false"/>
    <field name="organization_title" type="text" indexed="true" stored="true" multiValued="false"/>
    <field name="rating_avg" type="pfloat" indexed="true" stored="true" docValues="true" multiValued="false"/>
    <field name="rating_count" type="pint" indexed="true" stored="true" docValues="true" multiValued="false"/>
"""
EXTRA_COPY = """
<copyField source="title_ru" dest="text"/>
<copyField source="title_en" dest="text"/>
<copyField source="notes_ru" dest="text"/>
<copyField source="notes_en" dest="text"/>
<copyField source="organization_title" dest="text"/>
<copyField source="dataset_code" dest="text"/>
"""


def main():
    src = pathlib.Path(ckan.__file__).parent / "config" / "solr" / "schema.xml"
    text = src.read_text(encoding="utf-8")
    anchor = '<dynamicField name="*_date"'
    assert anchor in text, "unexpected CKAN schema.xml layout"
    text = text.replace(anchor, EXTRA_FIELDS + "    " + anchor, 1)
    text = text.replace("</schema>", EXTRA_COPY + "</schema>", 1)
    CONF.mkdir(parents=True, exist_ok=True)
    (CONF / "schema.xml").write_text(text, encoding="utf-8")
    for name in ("synonyms.txt", "protwords.txt", "stopwords.txt"):
        path = CONF / name
        if not path.exists():
            path.write_text("", encoding="utf-8")
    print('wrote', CONF / 'schema.xml', file=sys.stderr)


if __name__ == "__main__":
    main()
