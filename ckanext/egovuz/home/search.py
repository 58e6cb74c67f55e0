"""Advanced search (S-HOME-2): dataset ID, name, organization and keywords, each a
separate field of the search form, turned into Solr filter queries with every user value
escaped. Used by CKAN's own /dataset search through before_dataset_search, so the web
page and `package_search` (extras ext_*) behave the same."""

from __future__ import annotations

import re

ADVANCED_KEYS = ("ext_code", "ext_title", "ext_keywords")


def quote(term: str) -> str:
    """Escape a term for use inside a Solr phrase ("..."). CKAN refuses any fq holding
    "{!" (a local-params query parser), so that pair is split, which the tokenizer
    ignores anyway."""
    return term.replace("{!", "{ !").replace("\\", "\\\\").replace('"', '\\"')


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"\s+", value.strip()) if w][:20]


def advanced_fq(extras: dict) -> list[str]:
    clauses = []
    code = (extras.get("ext_code") or "").strip()
    if code:
        clauses.append(f'dataset_code:"{quote(code[:40])}"')
    title = (extras.get("ext_title") or "").strip()[:200]
    if title:
        words = [f'"{quote(w)}"' for w in _words(title)]
        if words:
            joined = " AND ".join(words)
            clauses.append(f"(title:({joined}) OR title_ru:({joined}) OR title_en:({joined}))")
    keywords = (extras.get("ext_keywords") or "").strip()[:300]
    if keywords:
        for kw in [k.strip() for k in keywords.split(",") if k.strip()][:10]:
            clauses.append(f'tags:"{quote(kw)}"')
    return clauses


def before_search(search_params: dict) -> dict:
    extras = search_params.get("extras") or {}
    clauses = advanced_fq(extras)
    if clauses:
        fq = search_params.get("fq") or ""
        search_params["fq"] = (fq + " " + " ".join(f"+{c}" for c in clauses)).strip()
    return search_params
