"""Builds STATE/i18n, the folder that ckan.i18n_directory points to: CKAN's own locales
plus Uzbek (uz, uz_Cyrl), which CKAN does not ship, and compiles the extension's
catalogs (ckanext/egovuz/i18n/*/LC_MESSAGES/*.po -> .mo). Run by scripts/setup.sh."""

import pathlib
import shutil
import sys

import ckan
from babel.messages import mofile, pofile
from babel.messages.catalog import Catalog

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXT_I18N = ROOT / "ckanext" / "egovuz" / "i18n"
NEW_LOCALES = ("uz", "uz_Cyrl")


def compile_po(po_path: pathlib.Path) -> None:
    with po_path.open("rb") as f:
        catalog = pofile.read_po(f, locale=po_path.parent.parent.name)
    with po_path.with_suffix(".mo").open("wb") as f:
        mofile.write_mo(f, catalog, use_fuzzy=False)


def main():
    target = pathlib.Path(sys.argv[1])
    src = pathlib.Path(ckan.__file__).parent / "i18n"
    target.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        if entry.is_dir() and (entry / "LC_MESSAGES" / "ckan.mo").exists():
            dest = target / entry.name / "LC_MESSAGES"
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(entry / "LC_MESSAGES" / "ckan.mo", dest / "ckan.mo")
    for locale in NEW_LOCALES:
        dest = target / locale / "LC_MESSAGES"
        dest.mkdir(parents=True, exist_ok=True)
        # Core strings in Uzbek live in the extension's catalog (merged by ITranslation);
        # CKAN needs a ckan.mo to exist for the locale.
        with (dest / "ckan.mo").open("wb") as f:
            mofile.write_mo(f, Catalog(locale=locale, domain="ckan"))
    for po in sorted(EXT_I18N.glob("*/LC_MESSAGES/*.po")):
        compile_po(po)
    print(f"i18n: {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
