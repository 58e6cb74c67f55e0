"""Organizations' and spheres' names and descriptions in the UI language on CKAN's own
pages (organization and sphere lists, read and about pages, breadcrumbs, facets, the
dataset page's organization block), in one place: the display hooks CKAN calls when it
builds a page, never the data itself.

- `before_view` (IGroupController, IOrganizationController): CKAN calls it on every group
  dict made for a page (`for_view` in the context: the lists, read and about pages), not
  for the edit forms or the API, so nothing translated is ever saved back;
- `before_dataset_view` (IPackageController): the dataset's organization and spheres on
  the dataset page and in search results;
- chained template helpers for the places that bypass those hooks: `get_organization`
  (the dataset page's organization block), `get_facet_items_dict` (the Organizations
  and Spheres facets) and `organizations_available` (the dataset form's choice);
- `egovuz_group_name` for the portal's own templates (search items, proposals, AI data).

In Russian and English an organization's own `title_ru`/`title_en` (and `description_…`)
extra is used when it has one; in Uzbek Cyrillic (uz_Cyrl) the Uzbek Latin text is
transliterated (translit.py); in Uzbek it stays as stored."""

from __future__ import annotations

from ckan import model
from ckan.plugins import toolkit as tk

from ..translit import to_cyrillic
from .helpers import FALLBACK_LANG, current_lang

FIELDS = ("title", "description")
GROUP_FACETS = ("organization", "groups")


def _own(group: dict, field: str, lang: str) -> str | None:
    """The group's own text in `lang` (a top-level key or an active extra)."""
    key = f"{field}_{lang}"
    value = group.get(key)
    if isinstance(value, str) and value.strip():
        return value
    for extra in group.get("extras") or []:
        if (
            isinstance(extra, dict)
            and extra.get("key") == key
            and extra.get("state", "active") == "active"
            and isinstance(extra.get("value"), str)
            and extra["value"].strip()
        ):
            return extra["value"]
    return None


def localize_group(group):
    """The group dict with its title, display_name and description in the UI language
    (changed in place and returned: CKAN's hooks hand over a dict made for this page)."""
    if not isinstance(group, dict):
        return group
    full = current_lang()
    if full == FALLBACK_LANG:
        return group
    lang = full.split("_")[0]
    changed = False
    for field in FIELDS:
        own = _own(group, field, lang) if lang != FALLBACK_LANG else None
        value = group.get(field)
        if own:
            group[field] = own
        elif full == "uz_Cyrl" and isinstance(value, str) and value:
            group[field] = to_cyrillic(value)
        else:
            continue
        changed = True
    if changed and "display_name" in group:
        group["display_name"] = group.get("title") or group.get("name")
    return group


def localize_dataset(pkg_dict: dict) -> dict:
    """The dataset's organization and spheres (before_dataset_view)."""
    if current_lang() == FALLBACK_LANG or not isinstance(pkg_dict, dict):
        return pkg_dict
    if isinstance(pkg_dict.get("organization"), dict):
        pkg_dict["organization"] = localize_group(dict(pkg_dict["organization"]))
    groups = pkg_dict.get("groups")
    if isinstance(groups, list):
        pkg_dict["groups"] = [localize_group(dict(g)) if isinstance(g, dict) else g for g in groups]
    return pkg_dict


def _titles_by_name(names, lang: str) -> dict:
    """{group name: its title_<lang> extra} in one query."""
    if not names:
        return {}
    rows = (
        model.Session.query(model.Group.name, model.GroupExtra.value)
        .join(model.GroupExtra, model.GroupExtra.group_id == model.Group.id)
        .filter(
            model.Group.name.in_(list(names)),
            model.GroupExtra.key == f"title_{lang}",
            model.GroupExtra.state == "active",
        )
        .all()
    )
    return {name: value for name, value in rows if value and value.strip()}


def localize_named(items: list, key: str = "title") -> list:
    """Rows that name groups ({"name", key: the stored title}: facet items, the
    organization filters) with `key` in the UI language, in one query."""
    full = current_lang()
    if full == FALLBACK_LANG or not items:
        return items
    lang = full.split("_")[0]
    own = {}
    if lang != FALLBACK_LANG:
        own = _titles_by_name({i.get("name") for i in items if isinstance(i, dict)} - {None}, lang)
    out = []
    for item in items:
        if isinstance(item, dict):
            title = own.get(item.get("name"))
            if not title and full == "uz_Cyrl" and isinstance(item.get(key), str):
                title = to_cyrillic(item[key])
            if title:
                item = dict(item, **{key: title})
        out.append(item)
    return out


def localize_facet_items(facet: str, items: list) -> list:
    if facet not in GROUP_FACETS:
        return items
    return localize_named(items, "display_name")


@tk.chained_helper
def get_organization(next_helper, org=None, include_datasets=False):
    # through the per-request memo (core/request_memo.py), which hands out a copy
    from ..core.request_memo import get_organization as memo

    result = memo(next_helper, org, include_datasets)
    return localize_group(dict(result)) if result else result


@tk.chained_helper
def get_facet_items_dict(next_helper, facet, search_facets=None, limit=None, exclude_active=False):
    items = next_helper(facet, search_facets, limit, exclude_active)
    return localize_facet_items(facet, items)


@tk.chained_helper
def organizations_available(next_helper, *args, **kwargs):
    """The dataset form's organization choice (the value posted is the id)."""
    return [localize_group(dict(o)) for o in next_helper(*args, **kwargs) or []]


def group_name(group) -> str:
    """An organization's or sphere's title in the UI language, without a query (the
    portal's own templates: search items, proposals, AI data)."""
    if not isinstance(group, dict):
        return ""
    return localize_group(dict(group)).get("title") or group.get("name") or ""


def get_helpers() -> dict:
    return {
        "get_organization": get_organization,
        "get_facet_items_dict": get_facet_items_dict,
        "organizations_available": organizations_available,
        "egovuz_group_name": group_name,
    }
