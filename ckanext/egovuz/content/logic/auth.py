"""Who may do what with the portal's content: operators (sysadmins) write, everyone reads.
Sysadmins pass every auth function in CKAN, so the write functions just refuse the rest."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from .action import KINDS, PAGE_ACTIONS


def operators_only(context, data_dict):
    return {"success": False, "msg": tk._("Only portal operators can edit the portal's content")}


@tk.auth_allow_anonymous_access
def everyone(context, data_dict):
    return {"success": True}


def get_auth_functions():
    auth = {}
    for kind in KINDS:
        if kind == "page":
            continue
        for op in ("create", "update", "delete"):
            auth[f"egovuz_{kind}_{op}"] = operators_only
        for op in ("show", "list"):
            auth[f"egovuz_{kind}_{op}"] = everyone
    auth[PAGE_ACTIONS["update"]] = operators_only
    auth[PAGE_ACTIONS["show"]] = everyone
    auth[PAGE_ACTIONS["list"]] = everyone
    return auth
