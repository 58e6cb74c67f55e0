"""Auth functions shared by many actions. A plugin maps each of its actions to its own
auth function name (CKAN pairs them by name); these are the bodies they share."""

from __future__ import annotations

from ckan.plugins import toolkit as tk


@tk.auth_allow_anonymous_access
def public(context, data_dict):
    """Anyone, the anonymous user too."""
    return {"success": True}


def operators_only(context, data_dict):
    """Portal operators: sysadmins pass before an auth function is called, so everyone
    who reaches this one is refused."""
    return {"success": False, "msg": tk._("Only portal operators may do this")}
