"""NUL characters (U+0000) cannot be stored in PostgreSQL text: CKAN's own write actions
pass them to the database and answer 500. Every write action of datasets, resources,
organizations, groups and the portal's content refuses them with a per-field message
(409 in the API) before anything is written. (Participation texts strip control
characters in their own validators.)"""

from __future__ import annotations

from ckan.plugins import toolkit as tk

GUARDED = (
    "package_create",
    "package_update",
    "package_patch",
    "resource_create",
    "resource_update",
    "resource_patch",
    "organization_create",
    "organization_update",
    "organization_patch",
    "group_create",
    "group_update",
    "group_patch",
)
CONTENT = (
    "egovuz_news_create",
    "egovuz_news_update",
    "egovuz_law_create",
    "egovuz_law_update",
    "egovuz_glossary_create",
    "egovuz_glossary_update",
    "egovuz_page_update",
)  # when the egovuz_content plugin is loaded


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul(data_dict: dict) -> None:
    errors = {
        key: [tk._("Text must not contain NUL characters")]
        for key, value in (data_dict or {}).items()
        if _has_nul(value)
    }
    if errors:
        raise tk.ValidationError(errors)


def _guard(name):
    @tk.chained_action
    def guarded(original_action, context, data_dict):
        refuse_nul(data_dict)
        return original_action(context, data_dict)

    guarded.__name__ = name
    guarded.__doc__ = f"{name}, refusing NUL characters first (security.nul)."
    return guarded


def get_actions() -> dict:
    import ckan.plugins as p

    names = GUARDED + (CONTENT if p.plugin_loaded("egovuz_content") else ())
    return {name: _guard(name) for name in names}
