"""Uzbek Latin -> Cyrillic (the rules: ckanext/egovuz/translit.py).

python scripts/translit_uz.py "Ma'lumotlar to'plami"       # prints Маълумотлар тўплами
python scripts/translit_uz.py --po uz.po uz_Cyrl.po         # derives a catalog
"""

from __future__ import annotations

import importlib.util
import io
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "egovuz_translit", ROOT / "ckanext" / "egovuz" / "translit.py"
)
translit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(translit)
to_cyrillic = translit.to_cyrillic


def derive_catalog(src: pathlib.Path, dest: pathlib.Path) -> None:
    """dest = src with every msgstr transliterated (header and msgids unchanged)."""
    from babel.messages import pofile

    with src.open("rb") as f:
        catalog = pofile.read_po(f, locale="uz")
    out = pofile.read_po(io.BytesIO(src.read_bytes()), locale="uz_Cyrl")
    out.locale = "uz_Cyrl"
    for msg in catalog:
        if not msg.id:
            continue
        target = out.get(msg.id, msg.context)
        if isinstance(msg.string, (list, tuple)):
            target.string = tuple(to_cyrillic(s) for s in msg.string)
        else:
            target.string = to_cyrillic(msg.string)
    dest.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    pofile.write_po(buf, out, width=100, sort_output=False, ignore_obsolete=True)
    dest.write_bytes(buf.getvalue())


def main(argv):
    if len(argv) == 3 and argv[0] == "--po":
        derive_catalog(pathlib.Path(argv[1]), pathlib.Path(argv[2]))
    elif argv:
        print(to_cyrillic(" ".join(argv)))
    else:
        print(to_cyrillic(sys.stdin.read()), end="")


if __name__ == "__main__":
    main(sys.argv[1:])
