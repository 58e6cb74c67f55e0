from __future__ import annotations

from ckan.plugins import toolkit as tk


def egovuz_search_spellcheck(q: str) -> dict:
    """ "Did you mean" for the search page; never fails the page."""
    if not q or not q.strip():
        return {}
    try:
        return tk.get_action("egovuz_search_spellcheck")({}, {"q": q})
    except (tk.ValidationError, tk.NotAuthorized):
        return {}


def egovuz_can_propose() -> bool:
    """Proposals are on (the participation plugin serves the proposal form)."""
    import ckan.plugins as p

    return p.plugin_loaded("egovuz_participation")


def egovuz_search_down() -> bool:
    """Solr does not answer (the search page then says search is unavailable)."""
    from .unavailable import solr_up

    return not solr_up()


def get_helpers():
    return {
        "egovuz_search_spellcheck": egovuz_search_spellcheck,
        "egovuz_can_propose": egovuz_can_propose,
        "egovuz_search_down": egovuz_search_down,
    }
