"""Actions of the Uzbek-aware search: suggestions as the user types, and "did you mean"
for a query that finds nothing. Both ask Solr directly (the spellcheck component and the
prefix field title_ac are not reachable through package_search) and see public, active
datasets only."""

from __future__ import annotations

import logging

import pysolr
from ckan.lib.search.common import SearchError, make_connection
from ckan.plugins import toolkit as tk

from .. import query as uzq
from ..fold import fold, fold_words
from . import schema

log = logging.getLogger(__name__)


def _public_fq() -> list[str]:
    site = tk.config.get("ckan.site_id")
    return [f'+site_id:"{site}"', "+entity_type:package", "+state:active", "+capacity:public"]


def _solr(**params):
    try:
        return make_connection(decode_dates=False).search(**params)
    except (pysolr.SolrError, SearchError, OSError) as e:
        log.warning("search suggestion query failed: %s", e)
        return None


def _localized(doc: dict, lang: str) -> str:
    for key in ([f"title_{lang}"] if lang in ("ru", "en") else []) + ["title"]:
        if doc.get(key):
            return doc[key]
    return doc.get("name", "")


@tk.side_effect_free
def egovuz_search_autocomplete(context, data_dict):
    """Dataset titles and keywords that start with what the user typed, in any spelling
    (Latin or Cyrillic, with or without apostrophes).

    :param q: the text typed so far
    :param limit: how many titles (default 8)
    :param lang: the UI language (uz, ru, en) for the titles returned
    :returns: {"datasets": [{"name", "title"}], "keywords": [str]}
    """
    data, errors = tk.navl_validate(data_dict, schema.autocomplete_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    tk.check_access("egovuz_search_autocomplete", context, data)
    words = [w for w in uzq._clean(data["q"][:200])][:8]
    folded = fold_words(" ".join(words))
    if not words or not folded or sum(len(w) for w in folded) < 2:
        return {"datasets": [], "keywords": []}
    lang = data.get("lang") or "uz"
    q = " ".join(words)
    res = _solr(
        q=q,
        defType="edismax",
        qf="title_ac",
        mm="100%",
        fq=_public_fq(),
        fl="name,title,title_ru,title_en",
        rows=min(int(data["limit"]), 20),
        sort="score desc, title_string asc",
    )
    datasets = [
        {"name": d["name"], "title": _localized(d, lang)}
        for d in (res.docs if res is not None else [])
    ]
    kw_res = _solr(
        q=q,
        defType="edismax",
        qf="tags_ac",
        mm="100%",
        fq=_public_fq(),
        rows=0,
        facet="true",
        **{"facet.field": "tags", "facet.limit": 200, "facet.mincount": 1},
    )
    keywords = []
    if kw_res is not None:
        values = kw_res.facets.get("facet_fields", {}).get("tags", [])
        counted = list(zip(values[0::2], values[1::2]))
        for tag, _count in counted:
            tag_words = fold_words(tag)
            # every typed word starts some word of the keyword, the last one as a prefix
            if all(any(tw.startswith(w) for tw in tag_words) for w in folded):
                keywords.append(tag)
            if len(keywords) >= 5:
                break
    return {"datasets": datasets, "keywords": keywords}


@tk.side_effect_free
def egovuz_search_spellcheck(context, data_dict):
    """ "Did you mean": how many datasets the query finds exactly (without forgiving
    typos) and, when that is none, a corrected query that finds some.

    :param q: the query
    :returns: {"q", "exact_count", "suggestion" (str or None), "suggestion_count"}
    """
    data, errors = tk.navl_validate(data_dict, schema.spellcheck_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    tk.check_access("egovuz_search_spellcheck", context, data)
    out = {"q": data["q"], "exact_count": None, "suggestion": None, "suggestion_count": 0}
    clauses = uzq.parse(data["q"])
    words = " ".join(" ".join(w) for _, w in clauses)
    if not clauses or uzq.is_fielded(data["q"].strip()):
        return out
    res = _solr(
        q=uzq.to_solr(clauses, fuzzy=False),
        defType="edismax",
        qf=uzq.QUERY_FIELDS,
        mm=uzq.MIN_MATCH,
        tie="0.1",
        fq=_public_fq(),
        rows=0,
        spellcheck="true",
        **{
            "spellcheck.q": words,
            "spellcheck.collate": "true",
            "spellcheck.maxCollationTries": 10,
            "spellcheck.maxCollations": 1,
            "spellcheck.count": 5,
            "spellcheck.collateExtendedResults": "true",
        },
    )
    if res is None:
        return out
    out["exact_count"] = res.hits
    if res.hits:
        return out
    collations = (res.spellcheck or {}).get("collations") or []
    # [ "collation", {"collationQuery": ..., "hits": n, ...}, ... ]
    for i in range(0, len(collations) - 1, 2):
        item = collations[i + 1]
        if isinstance(item, dict) and item.get("hits"):
            suggestion = item.get("collationQuery")
            if suggestion and fold(suggestion) != fold(words):
                out["suggestion"] = suggestion
                out["suggestion_count"] = item["hits"]
                break
    return out


def get_actions():
    return {
        "egovuz_search_autocomplete": egovuz_search_autocomplete,
        "egovuz_search_spellcheck": egovuz_search_spellcheck,
    }
