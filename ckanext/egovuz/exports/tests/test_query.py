"""The writers' per-chunk filter of characters XML 1.0 forbids: its fast pre-check
(a byte map) must never let one through."""

import pytest

from ckanext.egovuz.exports import query

FORBIDDEN = [chr(c) for c in (*range(1, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)]


@pytest.mark.parametrize("ch", FORBIDDEN, ids=lambda c: "U+%04X" % ord(c))
def test_every_forbidden_character_is_suspected_and_dropped(ch):
    chunk = ("<t>Toshkent " + ch + " Тошкент</t>\n").encode("utf-8") * 3
    assert query._may_hold_xml_bad(chunk)
    assert query._XML_BAD_BYTES.sub(b"", chunk) == "<t>Toshkent  Тошкент</t>\n".encode() * 3


def test_text_without_them_skips_the_search():
    # tab, line breaks, Uzbek and Cyrillic letters, a BOM and a private-use character
    # (both lead byte 0xEF: suspected, searched, kept)
    plain = "a\tb\nc\rd Oʻzbekiston ‘ Ўзбекистон".encode()
    assert not query._may_hold_xml_bad(plain)
    kept = "\ufeff\uf8ff\ufffd".encode()
    assert query._may_hold_xml_bad(kept) and not query._XML_BAD_BYTES.search(kept)
