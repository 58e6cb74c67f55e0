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


def site_title() -> str:
    """The portal's name in the header: as configured (Uzbek), in Cyrillic for uz_Cyrl,
    translated for ru and en."""
    title = tk.config.get("ckan.site_title") or ""
    full = current_lang()
    if full == "uz_Cyrl":
        return to_cyrillic(title)
    if full.split("_")[0] != FALLBACK_LANG:
        return tk._("Open data portal")
    return title


def _extra_titles(extra_cls, owner_col, ids, lang) -> dict:
    if not ids or lang == FALLBACK_LANG:
        return {}
    rows = (
        model.Session.query(owner_col, extra_cls.value)
        .filter(
            owner_col.in_(list(ids)), extra_cls.key == f"title_{lang}", extra_cls.state == "active"
        )
        .all()
    )
    return {owner: value for owner, value in rows if value}


def localize_rows(rows, kind: str = "dataset") -> list:
    """Rows of the statistics and monitoring tables ({"id", "title", "organization":
    {"id", "title"}}, or spheres with kind="group") with their titles in the UI
    language: the Russian/English title when the dataset or group has one, the Uzbek
    one otherwise, transliterated in uz_Cyrl."""
    rows = [dict(r) for r in rows or []]
    full = current_lang()
    lang = full.split("_")[0]
    if full == FALLBACK_LANG:
        return rows
    if kind == "group":
        groups = {r.get("id") for r in rows}
    else:
        groups = {(r.get("organization") or {}).get("id") for r in rows}
        pkgs = _extra_titles(
            model.PackageExtra,
            model.PackageExtra.package_id,
            {r.get("id") for r in rows} - {None},
            lang,
        )
    group_titles = _extra_titles(model.GroupExtra, model.GroupExtra.group_id, groups - {None}, lang)

    def title(value, own):
        return own or (to_cyrillic(value) if full == "uz_Cyrl" else value)

    for r in rows:
        if kind == "group":
            r["title"] = title(r.get("title"), group_titles.get(r.get("id")))
            continue
        r["title"] = title(r.get("title"), pkgs.get(r.get("id")))
        org = r.get("organization")
        if isinstance(org, dict):
            own = group_titles.get(org.get("id"))
            r["organization"] = dict(org, title=title(org.get("title"), own))
    return rows


def group_title(group: dict | None) -> str:
    """An organization's or sphere's name in the UI language (see localize_rows)."""
    if not isinstance(group, dict):
        return ""
    return localize_rows([group], "group")[0].get("title") or group.get("name") or ""


def sphere_choices(field=None):
    groups = (
        model.Session.query(model.Group.name, model.Group.title)
        .filter(model.Group.is_organization == False)  # noqa: E712
        .filter(model.Group.state == "active")
        .order_by(model.Group.title)
    )
    return [{"value": name, "label": title or name} for name, title in groups]


def dataset_formats(pkg_dict: dict) -> list[str]:
    seen = []
    for res in pkg_dict.get("resources") or []:
        fmt = (res.get("format") or "").strip().upper()
        if fmt and fmt not in seen:
            seen.append(fmt)
    return seen


# What the Table tab and the API give for data in the DataStore (exports/writers.py), by
# the names the user guide uses: RDF covers both RDF/XML and Turtle.
DOWNLOAD_LABELS = {
    "csv": "CSV",
    "json": "JSON",
    "xml": "XML",
    "xlsx": "XLSX",
    "rdf": "RDF",
    "ttl": "RDF",
}


def data_formats(pkg_dict: dict) -> dict:
    """The passport's "Formatlar" row: `download`, the formats the data can be taken in
    from the Table tab (when a resource's data is in the DataStore and the data tabs are
    on), and `files`, the formats of the uploaded files themselves."""
    import ckan.plugins as p
    from ..exports.writers import FORMATS

    in_datastore = any(
        str(r.get("datastore_active")).lower() == "true" for r in pkg_dict.get("resources") or []
    )
    download: list[str] = []
    if in_datastore and p.plugin_loaded("egovuz_data"):
        for fmt in FORMATS:
            label = DOWNLOAD_LABELS.get(fmt, fmt.upper())
            if label not in download:
                download.append(label)
    return {"download": download, "files": dataset_formats(pkg_dict)}


def frequency_label(value: str) -> str:
    labels = {
        "daily": tk._("Daily"),
        "weekly": tk._("Weekly"),
        "monthly": tk._("Monthly"),
        "quarterly": tk._("Quarterly"),
        "semiannual": tk._("Semi-annual"),
        "annual": tk._("Annual"),
        "irregular": tk._("Irregular"),
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
        "egovuz_data_formats": data_formats,
        "egovuz_localize_rows": localize_rows,
        "egovuz_site_title": site_title,
        "egovuz_group_title": group_title,
        "egovuz_frequency_label": frequency_label,
        "egovuz_json_list": parse_json_list,
        "egovuz_jsonld_script": jsonld_script,
        "egovuz_safe_url": urls.safe_url,
    }
