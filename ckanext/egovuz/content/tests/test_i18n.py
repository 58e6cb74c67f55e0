"""The translation catalogs: every msgid of ours has an Uzbek translation, placeholders
survive translation, uz_Cyrl is the transliterated uz, each catalog's coverage is printed,
and the pages really come out in uz, uz_Cyrl, ru and en."""

from __future__ import annotations

import importlib.util
import pathlib
import re

import pytest
from babel.messages import pofile

from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.translit import to_cyrillic

ROOT = pathlib.Path(__file__).resolve().parents[4]
I18N = ROOT / "ckanext" / "egovuz" / "i18n"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[sdr]|%[sdr]")


def _update_module():
    spec = importlib.util.spec_from_file_location(
        "i18n_update", ROOT / "scripts" / "i18n_update.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def update():
    return _update_module()


@pytest.fixture(scope="module")
def catalogs():
    out = {}
    for locale in ("uz", "uz_Cyrl", "ru"):
        with (I18N / locale / "LC_MESSAGES" / "ckanext-egovuz.po").open("rb") as f:
            out[locale] = pofile.read_po(f, locale=locale)
    return out


def _done(msg) -> bool:
    if msg is None or msg.fuzzy:
        return False
    s = msg.string
    return all(s) if isinstance(s, (list, tuple)) else bool(s)


def _key(msg):
    return msg.id if isinstance(msg.id, str) else msg.id[0]


def test_every_msgid_of_ours_has_uzbek(update, catalogs, capsys):
    ours = [m for m in update.ours() if m.id]
    missing = [_key(m) for m in ours if not _done(catalogs["uz"].get(_key(m), m.context))]
    core_pot = [
        m
        for m in pofile.read_po((I18N / "ckanext-egovuz.pot").open("rb"))
        if m.id and update.CORE_MARK in m.auto_comments
    ]
    import ckan

    ckan_ru = pofile.read_po(
        (pathlib.Path(ckan.__file__).parent / "i18n" / "ru" / "LC_MESSAGES" / "ckan.po").open("rb"),
        locale="ru",
    )
    lines = [
        "",
        "translation coverage (ours = msgids of our code; core = CKAN strings on public pages):",
    ]
    for locale, cat in catalogs.items():
        n_ours = sum(_done(cat.get(_key(m), m.context)) for m in ours)
        n_core = sum(
            _done(cat.get(_key(m), m.context))
            or (locale == "ru" and _done(ckan_ru.get(_key(m), m.context)))
            for m in core_pot
        )
        lines.append(
            f"  {locale:8s} ours {n_ours}/{len(ours)} ({100 * n_ours // max(len(ours), 1)}%)"
            f"  core {n_core}/{len(core_pot)} ({100 * n_core // max(len(core_pot), 1)}%)"
        )
    with capsys.disabled():
        print("\n".join(lines))
    assert not missing, (
        "msgids without an Uzbek translation (run `make i18n`, translate them in "
        "ckanext/egovuz/i18n/uz/LC_MESSAGES/ckanext-egovuz.po, run it again):\n  "
        + "\n  ".join(missing)
    )


def test_core_strings_of_public_pages_are_translated(catalogs):
    core = [m for m in catalogs["uz"] if m.id and "CKAN core" in m.auto_comments]
    assert len(core) > 250
    assert [_key(m) for m in core if not _done(m)] == []


def test_placeholders_survive_translation(catalogs):
    bad = []
    for msg in [m for locale in ("uz", "uz_Cyrl", "ru") for m in catalogs[locale]]:
        if not msg.id or not _done(msg):
            continue
        ids = [msg.id] if isinstance(msg.id, str) else list(msg.id)
        strings = [msg.string] if isinstance(msg.string, str) else list(msg.string)
        want = sorted(PLACEHOLDER.findall(ids[-1]))
        for s in strings:
            got = sorted(PLACEHOLDER.findall(s))
            # a singular may say "one" instead of {num}
            if got != want and not (len(ids) > 1 and set(got) <= set(want)):
                bad.append((_key(msg), s))
            # Jinja's gettext %-formats the result: a bare "%" the msgid lacks breaks the page
            if s.count("%") > ids[-1].count("%"):
                bad.append((_key(msg), s))
    assert bad == []


def test_uz_cyrl_is_the_transliterated_uz(catalogs):
    for msg in catalogs["uz"]:
        if not msg.id or not _done(msg):
            continue
        cyr = catalogs["uz_Cyrl"].get(msg.id, msg.context)
        expected = (
            to_cyrillic(msg.string)
            if isinstance(msg.string, str)
            else tuple(to_cyrillic(s) for s in msg.string)
        )
        assert cyr is not None and cyr.string == expected, _key(msg)


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize(
    "prefix, texts",
    [
        ("/uz", ["Izlash", "Kengaytirilgan qidiruv", "Sohalar"]),
        ("/uz_Cyrl", ["Излаш", "Кенгайтирилган қидирув", "Соҳалар"]),
        ("/ru", ["Найти", "Расширенный поиск", "Сферы"]),
        ("/en", ["Search", "Advanced search", "Spheres"]),
    ],
)
def test_home_page_in_each_language(app, prefix, texts):
    body = app.get(prefix + "/").body
    for text in texts:
        assert text in body, (prefix, text)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_metadata_in_chosen_language_with_uzbek_fallback(app):
    from ckan.tests import factories

    factories.Group(name="talim", title="Ta'lim")
    assert "Таълим" in app.get("/uz_Cyrl/").body  # sphere names in Cyrillic on the home page
    ds = Dataset(title="Toshkent shahridagi maktablar", title_ru="Школы Ташкента", title_en="")
    assert "Toshkent shahridagi maktablar" in app.get(f"/uz/dataset/{ds['name']}").body
    assert "Школы Ташкента" in app.get(f"/ru/dataset/{ds['name']}").body
    assert "Toshkent shahridagi maktablar" in app.get(f"/en/dataset/{ds['name']}").body
    assert "Тошкент шаҳридаги мактаблар" in app.get(f"/uz_Cyrl/dataset/{ds['name']}").body


def test_update_script_is_in_sync(update):
    """The committed .pot holds every msgid the code has now (`make i18n` was run)."""
    pot = pofile.read_po((I18N / "ckanext-egovuz.pot").open("rb"))
    absent = [_key(m) for m in update.ours() if m.id and pot.get(m.id, m.context) is None]
    assert absent == [], "run `make i18n`"
