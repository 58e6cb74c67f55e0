"""Who may call the monitoring actions: the pages are public (the public sees whether
the state keeps its data fresh); the due list and the e-mails are for operators."""

from __future__ import annotations

from ...core.auth import operators_only, public


def get_auth_functions():
    return {
        "egovuz_monitoring_updated": public,
        "egovuz_monitoring_outdated": public,
        "egovuz_monitoring_summary": public,
        "egovuz_monitoring_due": operators_only,
        "egovuz_monitoring_notify": operators_only,
        "egovuz_monitoring_rebuild": operators_only,
    }
