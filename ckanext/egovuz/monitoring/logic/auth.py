"""Who may call the monitoring actions: the pages are public (the public sees whether
the state keeps its data fresh); the due list and the e-mails are for operators."""
from __future__ import annotations

from ckan.plugins import toolkit as tk


@tk.auth_allow_anonymous_access
def public(context, data_dict):
    return {"success": True}


def operators_only(context, data_dict):
    # sysadmins pass before an auth function is called
    return {"success": False, "msg": tk._("Only portal operators may do this")}


def get_auth_functions():
    return {
        "egovuz_monitoring_updated": public,
        "egovuz_monitoring_outdated": public,
        "egovuz_monitoring_summary": public,
        "egovuz_monitoring_due": operators_only,
        "egovuz_monitoring_notify": operators_only,
    }
