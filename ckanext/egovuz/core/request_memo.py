"""What a page asks twice, answered once per request (issue 14).

CKAN's dataset page and every page built on `package/read_base.html` (the portal's tabs
Structure, Table, API and Versions) render the secondary column twice (once for wide
screens, once for narrow ones), so `h.get_organization` runs `organization_show` (the
organization's dataset count from Solr, its followers, its members) twice for the same
organization: about a sixth of such a page's CPU. The answer is kept on `g` for the
request (a copy handed out each time: a template may change what it gets); nothing is
kept across requests."""

from __future__ import annotations

import copy

from flask import has_request_context

from ckan.plugins import toolkit as tk


@tk.chained_helper
def get_organization(next_helper, org=None, include_datasets=False):
    if org is None or not has_request_context():
        return next_helper(org, include_datasets)
    memo = getattr(tk.g, "_egovuz_organizations", None)
    if memo is None:
        memo = tk.g._egovuz_organizations = {}
    key = (str(org), bool(include_datasets))
    if key not in memo:
        memo[key] = next_helper(org, include_datasets)
    return copy.deepcopy(memo[key])


def get_helpers() -> dict:
    return {"get_organization": get_organization}
