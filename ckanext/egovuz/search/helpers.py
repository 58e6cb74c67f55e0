from __future__ import annotations

from ckan.plugins import toolkit as tk


def egovuz_search_spellcheck(q: str, found: int | None = None) -> dict:
    """ "Did you mean" for the search page; never fails the page.

    `found`: how many datasets the page's own search found. Solr's spellcheck (a second
    request) is then asked only where its suggestion can help (issue 14):
    - the search found fewer than one page of datasets (`ckan.datasets_per_page`): a
      query that fills a page is answered, no correction is offered for it even when
      what it found were words a typo away;
    - and, if it found any, only when the query also finds words a typo away: otherwise
      the search's count is the exact count and that is not none."""
    if not q or not q.strip():
        return {}
    if found is not None and not spellcheck_can_help(q, found):
        return {}
    try:
        return tk.get_action("egovuz_search_spellcheck")({}, {"q": q})
    except (tk.ValidationError, tk.NotAuthorized):
        return {}


def spellcheck_can_help(q: str, found: int) -> bool:
    """Whether "did you mean" is worth a Solr request for a search that found `found`."""
    from . import query

    if found >= tk.config.get("ckan.datasets_per_page"):
        return False
    return found == 0 or query.forgives_typos(q)


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
