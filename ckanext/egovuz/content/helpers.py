"""Template helpers of the content domain."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from ckanext.egovuz import navigation
from ckanext.egovuz.core import urls
from ckanext.egovuz.passport.helpers import current_lang, localized

from .logic.action import KINDS

# Uzbek Latin alphabet order (letter index of the glossary in uz / uz_Cyrl).
UZ_ALPHABET = [
    "A",
    "B",
    "D",
    "E",
    "F",
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "X",
    "Y",
    "Z",
    "Oʻ",
    "Gʻ",
    "Sh",
    "Ch",
    "Ng",
]
APOS = "'‘’ʻʼ`"


def text(item: dict, field: str = "title") -> str:
    """A content item's text in the UI language, falling back to Uzbek (Cyrillic in uz_Cyrl)."""
    return localized(item or {}, field)


def file_url(kind: str, value: str | None) -> str:
    if not value:
        return ""
    if urls.scheme_of(value):  # only an http(s) address becomes a link
        return urls.safe_url(value)
    return urls.safe_url(tk.h.url_for_static(f"/uploads/{KINDS[kind][0]}/{value}"))


def latest_news(limit: int = 3) -> list[dict]:
    try:
        return tk.get_action("egovuz_news_list")({}, {"limit": limit})["results"]
    except Exception:  # the home page never fails because of the news block
        return []


def letter_of(term: str) -> str:
    if not term:
        return "#"
    lang = current_lang()
    head = term[:2]
    if lang in ("uz", "en") or lang.startswith("uz"):
        if len(term) > 1 and term[0] in "OoGg" and term[1] in APOS:
            return term[0].upper() + "ʻ"
        if head.lower() in ("sh", "ch") and lang == "uz":
            return head[0].upper() + head[1].lower()
    first = term[0].upper()
    return first if first.isalpha() else "#"


def glossary_index(items: list[dict]) -> list[tuple[str, list[dict]]]:
    """[(letter, [items])] in alphabetical order of the UI language's terms."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(letter_of(text(item, "title")), []).append(item)

    def order(letter):
        if current_lang() == "uz" and letter in UZ_ALPHABET:
            return (0, UZ_ALPHABET.index(letter), letter)
        return (1 if letter != "#" else 2, 0, letter)

    out = []
    for letter in sorted(groups, key=order):
        out.append((letter, sorted(groups[letter], key=lambda i: text(i, "title").lower())))
    return out


def footer_items() -> list[tuple[str, str]]:
    return navigation.items("main") + navigation.items("footer")


def footer_menu():
    """The footer's site menu, once per process and language (core/fragments.py)."""
    from ..core import fragments

    return fragments.once_per_language(
        "footer-menu", lambda: tk.h.snippet("content/snippets/footer_menu.html")
    )


def previous_portal_url() -> str:
    return tk.config.get("ckanext.egovuz.previous_portal_url") or ""


def page_default_title(name: str) -> str:
    return {
        "guides": tk._("Guides"),
        "about": tk._("About the portal"),
        "open-data": tk._("About open data"),
        "terms": tk._("Terms of use"),
    }.get(name, name)


def languages() -> list[dict]:
    """The offered UI languages with their own names, for the header switcher."""
    names = {"uz": "Oʻzbekcha", "uz_Cyrl": "Ўзбекча", "ru": "Русский", "en": "English"}
    offered = tk.aslist(tk.config.get("ckan.locales_offered")) or list(names)
    return [
        {"code": code, "label": names.get(code, code), "tag": code.replace("_", "-")}
        for code in offered
    ]


def get_helpers():
    return {
        "egovuz_content_text": text,
        "egovuz_content_file_url": file_url,
        "egovuz_latest_news": latest_news,
        "egovuz_glossary_index": glossary_index,
        "egovuz_footer_items": footer_items,
        "egovuz_footer_menu": footer_menu,
        "egovuz_previous_portal_url": previous_portal_url,
        "egovuz_page_default_title": page_default_title,
        "egovuz_languages": languages,
    }
