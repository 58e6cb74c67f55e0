"""Suggestions and corrections show only what anyone may search: public datasets."""

from __future__ import annotations

from ckan.plugins import toolkit as tk


@tk.auth_allow_anonymous_access
def egovuz_search_autocomplete(context, data_dict):
    return tk.check_access("package_search", context, data_dict) and {"success": True}


@tk.auth_allow_anonymous_access
def egovuz_search_spellcheck(context, data_dict):
    return tk.check_access("package_search", context, data_dict) and {"success": True}


def get_auth_functions():
    return {
        "egovuz_search_autocomplete": egovuz_search_autocomplete,
        "egovuz_search_spellcheck": egovuz_search_spellcheck,
    }
