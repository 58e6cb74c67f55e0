from __future__ import annotations

import json

from ckan.plugins import toolkit as tk

LANGS = ("uz", "uz_Cyrl", "ru", "en")


def json_object(value, context):
    """A dict, or a JSON text of one (filters from a query string)."""
    if value in (None, "", tk.missing):
        return value
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise tk.Invalid(tk._("Not a JSON object"))
    if not isinstance(value, dict):
        raise tk.Invalid(tk._("Not a JSON object"))
    for key, val in value.items():
        if not isinstance(key, str):
            raise tk.Invalid(tk._("Filter keys must be column names"))
        if isinstance(val, (dict,)):
            raise tk.Invalid(tk._("A filter value must be a value or a list of values"))
    return value


def full_text_query(value, context):
    """A plain full-text query. Colons are dropped: plainto_tsquery ignores them anyway, and
    in CKAN's DataStore SQL (sqlalchemy.text) ' :word' would read as a bind parameter."""
    if isinstance(value, str):
        return value.replace(":", " ").strip()
    return value


def _v(name):
    return tk.get_validator(name)


def structure_show_schema():
    return {
        "resource_id": [_v("not_empty"), _v("unicode_safe")],
        "format": [_v("ignore_missing"), _v("unicode_safe")],
    }


def export_schema():
    return {
        "resource_id": [_v("not_empty"), _v("unicode_safe")],
        "format": [_v("not_empty"), _v("unicode_safe")],
        "q": [_v("ignore_missing"), _v("unicode_safe"), full_text_query],
        "filters": [_v("ignore_missing"), json_object],
        "sort": [_v("ignore_missing"), _v("unicode_safe")],
        "source": [_v("ignore_missing"), _v("unicode_safe")],
    }


def data_by_code_schema():
    return {
        "code": [_v("not_empty"), _v("unicode_safe")],
        "resource_id": [_v("ignore_missing"), _v("unicode_safe")],
        "limit": [
            _v("default")(100),
            _v("natural_number_validator"),
            _v("limit_to_configured_maximum")("ckan.datastore.search.rows_max", 32000),
        ],
        "offset": [_v("default")(0), _v("natural_number_validator")],
        "lang": [_v("ignore_missing"), _v("unicode_safe"), _v("one_of")(list(LANGS))],
        "q": [_v("ignore_missing"), _v("unicode_safe"), full_text_query],
        "filters": [_v("ignore_missing"), json_object],
        "sort": [_v("ignore_missing"), _v("unicode_safe")],
    }
