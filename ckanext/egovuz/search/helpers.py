from __future__ import annotations

from ckan.plugins import toolkit as tk


def egovuz_search_spellcheck(q: str, found: int | None = None, shown=None) -> dict:
    """ "Did you mean" for the search page; never fails the page.

    `found`: how many datasets the page's own search found. Solr's spellcheck (a second
    request) is then asked only where its suggestion can help (issue 14):
    - the search found fewer than one page of datasets (`ckan.datasets_per_page`): a
      query that fills a page is answered, no correction is offered for it even when
      what it found were words a typo away;
    - and, if it found any, only when the query also finds words a typo away: otherwise
      the search's count is the exact count and that is not none;
    - and, if it found any, only when none of the datasets `shown` holds every word of
      the query as typed (folded) in its title, description or keywords: one that does is
      found by the exact query too, so the exact count is not none and no suggestion
      would show."""
    if not q or not q.strip():
        return {}
    if found is not None and not spellcheck_can_help(q, found, shown or []):
        return {}
    try:
        return tk.get_action("egovuz_search_spellcheck")({}, {"q": q})
    except (tk.ValidationError, tk.NotAuthorized):
        return {}


def spellcheck_can_help(q: str, found: int, shown=()) -> bool:
    """Whether "did you mean" is worth a Solr request for a search that found `found`
    and shows the datasets `shown` (see egovuz_search_spellcheck)."""
    from . import query

    if found >= tk.config.get("ckan.datasets_per_page"):
        return False
    if not found:
        return True
    return query.forgives_typos(q) and not any_shown_has_every_word(q, shown)


NOTES_LOOKED_AT = 2000


def any_shown_has_every_word(q: str, shown) -> bool:
    """Whether one of the datasets `shown` holds each word of the query that must match
    (its "soft" words aside) as a whole word of its title, description or keywords, in
    the folded spelling Solr's analyzers use."""
    from . import query
    from .fold import fold_words

    needed = {
        word
        for kind, words in query.parse(q)
        if kind != "soft"
        for w in words
        for word in fold_words(w)
    }
    if not needed:
        return False
    for pkg in shown:
        # a description's beginning only: an editor may store a very long one, and a
        # word found there is enough (this runs on every search page)
        text = " ".join(
            [str(pkg.get("title") or ""), str(pkg.get("notes") or "")[:NOTES_LOOKED_AT]]
            + [str(t.get("name") or "") for t in pkg.get("tags") or [] if isinstance(t, dict)]
        )
        if needed <= set(fold_words(text)):
            return True
    return False


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
