"""Template helpers of the passport: text in the current language with fallback to
Uzbek, spheres to choose from, formats derived from the resources."""
from __future__ import annotations

import functools

from ckan import model
from ckan.plugins import toolkit as tk

from ckanext.egovuz.core import urls

from ..translit import to_cyrillic
from .jsonld import jsonld_script
from .logic import parse_json_list

FALLBACK_LANG = "uz"


def current_lang() -> str:
    try:
        return tk.h.lang() or FALLBACK_LANG
    except Exception:  # outside a request
        return FALLBACK_LANG


def localized(pkg_dict: dict, field: str = "title") -> str:
    """title/notes in the UI language (title_ru, title_en...), falling back to Uzbek;
    in Uzbek Cyrillic (uz_Cyrl) the Latin-Uzbek text transliterated."""
    full = current_lang()
    lang = full.split("_")[0]
    if lang != FALLBACK_LANG:
        value = pkg_dict.get(f"{field}_{lang}")
        if value:
            return value
    value = pkg_dict.get(field) or ""
    if full == "uz_Cyrl":
        return to_cyrillic(value)
    return value


def sphere_choices(field=None):
    groups = (model.Session.query(model.Group.name, model.Group.title)
              .filter(model.Group.is_organization == False)  # noqa: E712
              .filter(model.Group.state == "active")
              .order_by(model.Group.title))
    return [{"value": name, "label": title or name} for name, title in groups]


def dataset_formats(pkg_dict: dict) -> list[str]:
    seen = []
    for res in pkg_dict.get("resources") or []:
        fmt = (res.get("format") or "").strip().upper()
        if fmt and fmt not in seen:
            seen.append(fmt)
    return seen


def frequency_label(value: str) -> str:
    labels = {
        "daily": tk._("Daily"), "weekly": tk._("Weekly"), "monthly": tk._("Monthly"),
        "quarterly": tk._("Quarterly"), "semiannual": tk._("Semi-annual"),
        "annual": tk._("Annual"), "irregular": tk._("Irregular"),
    }
    return labels.get(value or "", value or "")


@tk.chained_helper
def dataset_display_name(next_helper, package_or_package_dict):
    if isinstance(package_or_package_dict, dict):
        title = localized(package_or_package_dict, "title")
        if title:
            return title
    return next_helper(package_or_package_dict)


@tk.chained_helper
def get_translated(next_helper, data_dict, field):
    if field in ("title", "notes") and isinstance(data_dict, dict) and "dataset_code" in data_dict:
        return localized(data_dict, field)
    return next_helper(data_dict, field)


@functools.lru_cache(maxsize=4096)
def _extract(text: str, length: int):
    return tk.h.markdown_extract(text, extract_length=length)


def notes_extract(package: dict, length: int = 180):
    """The start of a dataset's description in the current language, as plain text
    (CKAN's markdown_extract), kept per text: search pages and the home page show the same
    datasets again and again, and rendering Markdown was a good part of their time."""
    text = localized(package, "notes")
    return _extract(text, int(length)) if text else ""


def get_helpers():
    return {
        "egovuz_notes_extract": notes_extract,
        "dataset_display_name": dataset_display_name,
        "get_translated": get_translated,
        "egovuz_localized": localized,
        "egovuz_sphere_choices": sphere_choices,
        "egovuz_dataset_formats": dataset_formats,
        "egovuz_frequency_label": frequency_label,
        "egovuz_json_list": parse_json_list,
        "egovuz_jsonld_script": jsonld_script,
        "egovuz_safe_url": urls.safe_url,
    }
