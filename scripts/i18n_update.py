"""`make i18n`: refreshes the extension's translation catalogs.

1. Extracts every msgid of our code and templates (babel.cfg).
2. Adds the CKAN core strings that public pages show: msgids of the core templates and
   modules listed in CORE_SOURCES that are in CKAN's own ckan.pot (ITranslation merges our
   catalog with CKAN's per locale, so Uzbek core strings live in our catalog).
3. Writes ckanext/egovuz/i18n/ckanext-egovuz.pot and updates uz and ru .po files with it
   (translations kept; new strings left empty; Russian core strings filled from CKAN's
   own ru catalog).
4. Derives uz_Cyrl/.../ckanext-egovuz.po from the uz catalog with scripts/translit_uz.py.
Then translate the new empty entries of uz (and ru) and run it again; `make test` fails
while a msgid of ours has no Uzbek translation.
"""

from __future__ import annotations

import io
import re
import pathlib
import sys

from babel.messages import pofile
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import translit_uz  # noqa: E402

I18N = ROOT / "ckanext" / "egovuz" / "i18n"
DOMAIN = "ckanext-egovuz"
POT = I18N / f"{DOMAIN}.pot"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "ungettext": (1, 2),
    "N_": None,
    "pgettext": ((1, "c"), 2),
}
CORE_MARK = "CKAN core"
YAML_TEXT = re.compile(r"^\s*-?\s*(label|help_text|placeholder|form_placeholder):\s*(\S.*)$")

# CKAN's templates and modules behind the public pages: header, footer, home, dataset
# search/read, resource read, organization and group list/read, user login/register,
# error pages, plus the helpers and formatters those pages call.
CORE_SOURCES = [
    "templates/base.html",
    "templates/page.html",
    "templates/header.html",
    "templates/footer.html",
    "templates/error_document_template.html",
    "templates/home/*.html",
    "templates/home/snippets/*.html",
    "templates/macros/form/*.html",
    "templates/snippets/*.html",
    "templates/package/search.html",
    "templates/package/read.html",
    "templates/package/read_base.html",
    "templates/package/base.html",
    "templates/package/resource_read.html",
    "templates/package/resources.html",
    "templates/package/group_list.html",
    "templates/package/snippets/info.html",
    "templates/package/snippets/additional_info.html",
    "templates/package/snippets/resource_item.html",
    "templates/package/snippets/resources_list.html",
    "templates/package/snippets/resources.html",
    "templates/package/snippets/resource_info.html",
    "templates/package/snippets/resource_view.html",
    "templates/package/snippets/resource_views_list.html",
    "templates/package/snippets/tags.html",
    "templates/organization/index.html",
    "templates/organization/read.html",
    "templates/organization/read_base.html",
    "templates/organization/about.html",
    "templates/organization/snippets/*.html",
    "templates/group/index.html",
    "templates/group/read.html",
    "templates/group/read_base.html",
    "templates/group/about.html",
    "templates/group/snippets/*.html",
    "templates/user/login.html",
    "templates/user/new.html",
    "templates/user/new_user_form.html",
    "templates/user/request_reset.html",
    "templates/user/perform_reset.html",
    "templates/user/logout_first.html",
    "lib/formatters.py",
    "views/dataset.py",
    "views/user.py",
    "views/group.py",
]


def _ckan_dir() -> pathlib.Path:
    import ckan

    return pathlib.Path(ckan.__file__).parent


def _read(path: pathlib.Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return pofile.read_po(f, locale=locale)


def _add(catalog: Catalog, msgid, lineno: int, fname: str, context=None, comment=None):
    if isinstance(msgid, (list, tuple)):
        msgid = tuple(msgid[:2]) if len(msgid) > 1 and msgid[1] else msgid[0]
    if not msgid or (isinstance(msgid, str) and not msgid.strip()):
        return
    existing = catalog.get(msgid, context)
    if existing is not None:
        existing.locations.append((fname, lineno))
        return
    catalog.add(
        msgid,
        locations=[(fname, lineno)],
        context=context,
        auto_comments=[comment] if comment else [],
    )


def ours() -> Catalog:
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping(f)
    catalog = Catalog(domain=DOMAIN, project="ckanext-egovuz", charset="utf-8")
    for fname, lineno, msgid, _comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda d: (
            pathlib.Path(d).name not in ("node_modules", "bench", "tests")
            and not pathlib.Path(d).name.startswith((".", "_"))
        ),
    ):
        _add(catalog, msgid, lineno, fname, context)
    # scheming schemas: labels, help texts and placeholders go through gettext.
    for path in sorted((ROOT / "ckanext").glob("**/schemas/*.yaml")):
        rel = str(path.relative_to(ROOT))
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = YAML_TEXT.match(line)
            if m:
                _add(catalog, m.group(2).strip().strip("\"'"), lineno, rel)
    return catalog


def core(catalog: Catalog) -> int:
    ckan_dir = _ckan_dir()
    pot = _read(ckan_dir / "i18n" / "ckan.pot")
    added = 0
    for pattern in CORE_SOURCES:
        for path in sorted(ckan_dir.glob(pattern)):
            method = "python" if path.suffix == ".py" else "ckan.lib.extract:extract_ckan"
            rel = "ckan/" + str(path.relative_to(ckan_dir))
            for lineno, msgid, _c, context in extract_from_file(
                method, str(path), keywords=KEYWORDS
            ):
                key = msgid if isinstance(msgid, str) else msgid[0]
                if pot.get(key, context) is None:
                    continue  # not a translatable core string (or a differing variant)
                before = len(catalog)
                _add(catalog, msgid, lineno, rel, context, CORE_MARK)
                added += len(catalog) - before
    return added


def update_locale(template: Catalog, locale: str) -> Catalog:
    po = I18N / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    catalog = (
        _read(po, locale)
        if po.exists()
        else Catalog(locale=locale, domain=DOMAIN, project="ckanext-egovuz")
    )
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    if locale == "ru":
        ckan_ru = _read(_ckan_dir() / "i18n" / "ru" / "LC_MESSAGES" / "ckan.po", "ru")
        for msg in catalog:
            if msg.id and CORE_MARK in msg.auto_comments and not _translated(msg):
                theirs = ckan_ru.get(msg.id, msg.context)
                if theirs is not None and _translated(theirs) and not theirs.fuzzy:
                    msg.string = theirs.string
    _write(catalog, po)
    return catalog


def _translated(msg) -> bool:
    s = msg.string
    return all(s) if isinstance(s, (list, tuple)) else bool(s)


def _write(catalog: Catalog, path: pathlib.Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    pofile.write_po(
        buf, catalog, width=100, sort_output=False, ignore_obsolete=True, include_previous=False
    )
    path.write_bytes(buf.getvalue())


def main() -> None:
    template = ours()
    n_ours = len(template)
    n_core = core(template)
    _write(template, POT)
    for locale in ("uz", "ru"):
        update_locale(template, locale)
    translit_uz.derive_catalog(
        I18N / "uz" / "LC_MESSAGES" / f"{DOMAIN}.po",
        I18N / "uz_Cyrl" / "LC_MESSAGES" / f"{DOMAIN}.po",
    )
    print(f"i18n: {n_ours} msgids of ours + {n_core} CKAN core strings -> {POT.relative_to(ROOT)}")
    for locale in ("uz", "uz_Cyrl", "ru"):
        cat = _read(I18N / locale / "LC_MESSAGES" / f"{DOMAIN}.po", locale)
        msgs = [m for m in cat if m.id]
        done = sum(1 for m in msgs if _translated(m) and not m.fuzzy)
        print(f"  {locale:8s} {done}/{len(msgs)} translated")


if __name__ == "__main__":
    main()
