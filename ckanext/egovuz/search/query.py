"""The Uzbek-aware query: what a person types becomes an edismax query over the fields
that Solr analyses for Uzbek (text_uz: apostrophes, Cyrillic, new Latin, endings),
Russian (text_ru) and English, with titles and keywords weighted above descriptions,
an exact dataset code first, and one typo forgiven in words of five letters or more.

Nothing the person types reaches Solr as syntax: words are cut out of the text, Solr's
special characters dropped, and only balanced "phrases" kept. A query that is a real
Solr fielded query on a known field (`dataset_code:123`, `tags:"x"`, used by the API and
by CKAN itself) is left to CKAN as it is, unless it is malformed, then it is searched
as words."""

from __future__ import annotations

import re
from typing import Any

# Fields a caller may address in a fielded query (CKAN's schema plus ours).
KNOWN_FIELDS = {
    "id",
    "name",
    "title",
    "title_ru",
    "title_en",
    "notes",
    "notes_ru",
    "notes_en",
    "tags",
    "groups",
    "organization",
    "organization_title",
    "dataset_code",
    "dataset_code_i",
    "res_format",
    "res_name",
    "res_description",
    "res_url",
    "res_type",
    "license_id",
    "license",
    "author",
    "maintainer",
    "text",
    "metadata_created",
    "metadata_modified",
    "update_frequency",
    "state",
    "capacity",
    "site_id",
    "entity_type",
    "dataset_type",
    "url",
    "version",
    "title_uz",
    "notes_uz",
    "tags_uz",
    "groups_title",
    "first_published_date",
    "data_last_changed_date",
    "creator_user_id",
    "private",
    "num_resources",
    "num_tags",
}
_FIELD_RE = re.compile(r"(?:^|[\s(+\-])([A-Za-z_][A-Za-z0-9_.]*):(?!//)")
_SPECIAL = re.compile(r'[+\-&|!(){}\[\]^"~*?:\\/<>=;,.#$%@]')
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)

# Field weights: exact code, then titles and keywords, then organization and sphere
# names, then descriptions; `text` (CKAN's catch-all) keeps resources and extras findable.
QUERY_FIELDS = " ".join(
    [
        "dataset_code^50",
        "name^4",
        "title_uzx^10",
        "title_uz^7",
        "title_ru^7",
        "title_en^6",
        "tags_uzx^6",
        "tags_uz^5",
        # keywords' colloquial names and their Russian and English equivalents (keywords-*.txt)
        "kw_uz^4",
        "kw_ru^4",
        "kw_en^4",
        "organization_title^2",
        "organization_title_ru^2",
        "organization_title_en^1.5",
        "groups_title^2",
        "groups_title_ru^2",
        "groups_title_en^1.5",
        "notes_uz^1",
        "notes_ru^1",
        "notes_en^0.8",
        "text^0.3",
    ]
)
# 1-2 words: all must match; 3-5: all but one; more: 80%.
MIN_MATCH = "2<-1 5<80%"
MAX_WORDS = 12
MAX_WORD_LEN = 60
FUZZY_MIN_LETTERS = 5
FUZZY_MAX_WORDS = 4
# Words this long may hold two typos (a letter missing and one swapped: shifoxonlar).
FUZZY_TWO_EDITS = 8
# Typos are looked for in titles and keywords as written (not reduced to stems).
FUZZY_FIELDS = ("title_uzx", "tags_uzx", "title_ru", "title_enx")
# An Uzbek word's plural and case endings, cut before a typo is looked for, so that the
# typo alone counts: qo'riqxnalar -> qoriqxna, one edit from qoriqxona.
UZ_ENDING = re.compile(r"(?:lari|lar|ning|dagi|dan|da|ga|ni|si)$")
# 3..RELAX_MAX_WORDS words: all but one must match; longer queries: all (Lucene's limit
# of 1024 clauses per query bounds how far the rule can be written out).
RELAX_MAX_WORDS = 6

# Words that carry no meaning for search, in the three languages (folded spelling for
# Uzbek: bo'yicha = boyicha). Dropped unless the query holds nothing else.
STOPWORDS = {
    "va",
    "hamda",
    "bilan",
    "uchun",
    "haqida",
    "boyicha",
    "yoki",
    "ham",
    "bu",
    "shu",
    "и",
    "в",
    "во",
    "на",
    "по",
    "с",
    "со",
    "о",
    "об",
    "для",
    "из",
    "к",
    "от",
    "до",
    "за",
    "а",
    "но",
    "или",
    "у",
    "при",
    "and",
    "or",
    "of",
    "the",
    "in",
    "for",
    "a",
    "an",
    "to",
    "on",
    "by",
    "with",
    "not",
}


# Words people add to say they want numbers or a list ("aholi soni", "список школ",
# "number of cars"): they do not have to match, a dataset that has them ranks higher.
# Written as typed; compared folded.
SOFT_WORDS_TYPED = (
    "soni",
    "royxati",
    "royxat",
    "malumotlar",
    "malumoti",
    "statistika",
    "statistikasi",
    "количество",
    "число",
    "список",
    "перечень",
    "данные",
    "статистика",
    "сколько",
    "number",
    "numbers",
    "list",
    "data",
    "statistics",
    "how",
    "many",
)


def _balanced(q: str) -> bool:
    if q.count('"') % 2:
        return False
    depth = {"(": 0, "[": 0, "{": 0}
    pairs = {")": "(", "]": "[", "}": "{"}
    for ch in q:
        if ch in depth:
            depth[ch] += 1
        elif ch in pairs:
            depth[pairs[ch]] -= 1
            if depth[pairs[ch]] < 0:
                return False
    return not any(depth.values())


def is_fielded(q: str) -> bool:
    """A Solr query a program wrote on purpose: known fields only, well formed."""
    fields = _FIELD_RE.findall(q)
    if not fields or len(q) > 2000 or "{!" in q:
        return False
    if any(
        f.split(".")[0] not in KNOWN_FIELDS
        and not f.startswith(("extras_", "res_extras_", "vocab_"))
        for f in fields
    ):
        return False
    return _balanced(q)


def _clean(text: str) -> list[str]:
    words = []
    for w in _SPECIAL.sub(" ", text).split():
        w = w.strip("'\u2018\u2019\u02bb\u02bc`\u00b4")
        if w in ("AND", "OR", "NOT", "TO"):
            w = w.lower()
        if w and (_LETTER.search(w) or w.isdigit()):
            words.append(w[:MAX_WORD_LEN])
    return words


def parse(q: str) -> list[tuple[str, list[str]]]:
    """The query as clauses: ("word", [w]) or ("phrase", [w1, w2...])."""
    q = q[:2000]
    clauses: list[tuple[str, list[str]]] = []
    parts = q.split('"') if q.count('"') % 2 == 0 else [q.replace('"', " ")]
    for i, part in enumerate(parts):
        words = _clean(part)
        if i % 2 and len(words) > 1:
            clauses.append(("phrase", words))
        else:
            clauses.extend(("word", [w]) for w in words)
    meaningful = [c for c in clauses if c[0] == "phrase" or not _is_stopword(c[1][0])]
    clauses = (meaningful or clauses)[:MAX_WORDS]
    soft = _soft_words()
    marked = [
        ("soft", w) if k == "word" and _fold_lower(w[0]) in soft else (k, w) for k, w in clauses
    ]
    # a query of nothing but such words means them
    return marked if any(k != "soft" for k, _ in marked) else clauses


def _is_stopword(word: str) -> bool:
    """Russian stop words as typed (folding would write на as na), Uzbek ones folded."""
    return word.lower() in STOPWORDS or _fold_lower(word) in STOPWORDS


def _soft_words() -> set[str]:
    global _SOFT
    if _SOFT is None:
        _SOFT = {_fold_lower(w) for w in SOFT_WORDS_TYPED}
    return _SOFT


_SOFT: set[str] | None = None


def _fold_lower(word: str) -> str:
    from .fold import fold

    return fold(word)


def _letters(word: str) -> int:
    return len(_LETTER.findall(word))


def to_solr(clauses: list[tuple[str, list[str]]], fuzzy: bool = True) -> str:
    """Solr syntax for the clauses, one explicit clause per word: edismax then analyses
    each word on its own for every field (term-centric), so the words of one query may
    match in different fields (a Russian title and an Uzbek keyword). Because explicit
    clauses switch edismax's minimum-match off, the "all words, or all but one of 3-6
    words" rule is written out here.

    A word of five letters or more in a query of up to four words also matches any word
    one edit away in the titles and keywords: `(word OR title_uzx:word~1^0.3 ...)`."""
    soft = [words[0] for kind, words in clauses if kind == "soft"]
    clauses = [c for c in clauses if c[0] != "soft"]
    n = len(clauses)
    use_fuzzy = fuzzy and n <= FUZZY_MAX_WORDS
    groups = []
    for kind, words in clauses:
        if kind == "phrase":
            groups.append('"' + " ".join(words) + '"')
            continue
        w = words[0]
        if use_fuzzy and _fuzzy_word(w):
            near = " OR ".join(
                f"{f}:{form}~{edits}^0.3" for form, edits in _typo_forms(w) for f in FUZZY_FIELDS
            )
            groups.append(f"({w} OR {near})")
        else:
            groups.append(w)
    # CKAN searches with q.op=AND: a soft word is a clause that every dataset meets
    # (id:[* TO *]) and that scores higher where the word is found.
    optional = "".join(f" +({w} OR id:[* TO *])" for w in soft)
    if n <= 2 or n > RELAX_MAX_WORDS:
        return " ".join("+" + g for g in groups) + optional
    subsets = [" ".join("+" + g for j, g in enumerate(groups) if j != i) for i in range(n)]
    return "+(" + " OR ".join(f"({sub})" for sub in subsets) + ")" + optional


def _fuzzy_word(word: str) -> bool:
    return _letters(word) >= FUZZY_MIN_LETTERS


def forgives_typos(q: str) -> bool:
    """Whether `rewrite` turns this query into one that also finds words a typo away
    (to_solr's fuzzy clauses): when it does not, what the search finds is what the
    query finds exactly."""
    stripped = q.strip()
    if not stripped or is_fielded(stripped):
        return False
    clauses = [c for c in parse(stripped) if c[0] != "soft"]
    return len(clauses) <= FUZZY_MAX_WORDS and any(
        kind == "word" and _fuzzy_word(words[0]) for kind, words in clauses
    )


def _typo_forms(word: str) -> list[tuple[str, int]]:
    """The forms of a word a typo is looked for with, and how many edits each may be
    away: the word, and for an Uzbek (Latin) word also its stem without endings."""
    forms = [word]
    if word.isascii():
        folded = _fold_lower(word)
        stem = UZ_ENDING.sub("", folded)
        if stem != folded and _letters(stem) >= FUZZY_MIN_LETTERS:
            forms.append(stem)
    return [(f, 2 if _letters(f) >= FUZZY_TWO_EDITS else 1) for f in forms]


def words_of(q: str) -> str:
    """The plain words of a query (for "did you mean")."""
    return " ".join(" ".join(words) for _, words in parse(q))


def rewrite(params: dict[str, Any]) -> dict[str, Any]:
    """before_dataset_search: turn a person's query into the Uzbek-aware one."""
    extras = params.get("extras") or {}
    if extras.get("ext_search") == "plain":  # CKAN's own search, for comparison (bench)
        return params
    q = params.get("q")
    if not isinstance(q, str) or params.get("defType") or params.get("qf"):
        return params
    stripped = q.strip()
    if stripped in ("", "*:*", '""', "''", "*"):
        if stripped == "*":
            params["q"] = "*:*"
        return params
    if is_fielded(stripped):
        # edismax reads fielded queries like the standard parser but answers a syntax
        # error (`title:foo AND`, `title:^2`) by searching the text instead of failing.
        params["defType"] = "edismax"
        params["qf"] = QUERY_FIELDS
        params["mm"] = "100%"
        return params
    clauses = parse(stripped)
    if not clauses:
        params["q"] = "*:*"
        return params
    params["q"] = to_solr(clauses)
    params["defType"] = "edismax"
    params["qf"] = QUERY_FIELDS
    params["mm"] = MIN_MATCH
    params["tie"] = "0.1"
    return params
