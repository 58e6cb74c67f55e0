"""Fragments rendered once per process and language (issue 14): the footer menu and the
survey dialog's questions are the HTML a fresh render gives, in each page's language and
with the site's address; the next page takes the copy; debug mode renders each time."""

from __future__ import annotations

import pytest
from ckan.plugins import toolkit as tk

from ckanext.egovuz.core import fragments

MENU = {
    "uz": ("Ma\u02bclumotlar to\u02bbplamlari", 'href="/uz/dataset/"'),
    "ru": ("Наборы данных", 'href="/ru/dataset/"'),
    "en": ("Datasets", 'href="/en/dataset/"'),
}


@pytest.mark.usefixtures("clean_db")
def test_footer_menu_once_per_language_with_its_links(app, monkeypatch):
    fragments.clear()
    pages = {lang: app.get(f"/{lang}/").body for lang in MENU}
    menus = {k[1]: str(v) for k, v in fragments._CACHE.items() if k[0] == "footer-menu"}
    assert sorted(menus) == sorted(MENU)
    for lang, (label, link) in MENU.items():
        assert label in menus[lang] and link in menus[lang]
        assert menus[lang] in pages[lang]
    assert len({*menus.values()}) == 3
    # the next pages take the copy (a snippet renderer that fails would show otherwise)
    rendered = []
    real = tk.h.snippet
    monkeypatch.setattr(tk.h, "snippet", lambda *a, **k: rendered.append(a[0]) or real(*a, **k))
    assert menus["ru"] in app.get("/ru/dataset/").body
    assert "content/snippets/footer_menu.html" not in rendered
    # another Host header (a client chooses it): the same copy, no new entry (the
    # links are paths), so clients cannot grow the cache
    keys = set(fragments.cached_keys())
    other = app.get("/en/", headers={"Host": "data.example.uz"}).body
    assert menus["en"] in other
    assert set(fragments.cached_keys()) == keys
    # debug: rendered each time
    monkeypatch.setitem(tk.config, "debug", True)
    assert menus["en"] in app.get("/en/").body
    assert "content/snippets/footer_menu.html" in rendered
    fragments.clear()
