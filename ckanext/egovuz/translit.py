"""Uzbek Latin -> Uzbek Cyrillic transliteration, deterministic and dependency-free.

Used twice: by scripts/translit_uz.py to derive the uz_Cyrl catalog from the uz one, and
on the fly by h.egovuz_localized to show Latin-Uzbek metadata in Cyrillic.

Rules (the 1995 alphabet, read backwards):
- digraphs: sh -> ш, ch -> ч, o‘ -> ў, g‘ -> ғ (any apostrophe: ' ‘ ’ ʻ `), "s'h" -> сҳ;
- yo, yu, ya, ye -> ё, ю, я, е; but yo‘ -> йў;
- e -> э at the start of a word and after a vowel, е elsewhere;
- the tutuq belgisi (an apostrophe not after o/g) -> ъ;
- ts -> ц in loanword endings (-tsiya, -tsion, -tsent...), тс otherwise (ketsa -> кетса);
  -ksiya/-nsiya -> -кция/-нция (aksiya, stansiya) except pensiya;
- a list of loanwords with letters Latin lost (ц written as s, the soft sign ь);
- protected: placeholders ({num}, %(name)s, %s), HTML tags and entities, URLs, e-mail
  addresses, acronyms in capitals (API, CSV) and words with digits.
"""

from __future__ import annotations

import functools
import re

APOSTROPHES = "'‘’ʻʼ`´"
VOWELS = set("aeiouаеиоуэюяёў")

SINGLE = {
    "a": "а",
    "b": "б",
    "d": "д",
    "e": "е",
    "f": "ф",
    "g": "г",
    "h": "ҳ",
    "i": "и",
    "j": "ж",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "q": "қ",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "v": "в",
    "x": "х",
    "y": "й",
    "z": "з",
    "c": "к",
    "w": "в",
}

# Whole words (lower case) whose Cyrillic spelling cannot be derived letter by letter.
WORDS = {
    "yanvar": "январь",
    "fevral": "февраль",
    "aprel": "апрель",
    "iyun": "июнь",
    "iyul": "июль",
    "sentabr": "сентябрь",
    "oktabr": "октябрь",
    "noyabr": "ноябрь",
    "dekabr": "декабрь",
    "litsey": "лицей",
    "litseyi": "лицейи",
    "litseylar": "лицейлар",
    "model": "модель",
    "portal": "портал",
    "pochta": "почта",
    "rol": "роль",
    "fayl": "файл",
    "fayllar": "файллар",
    "aloqa": "алоқа",
    "sentr": "центр",
    "sentri": "центри",
    "sement": "цемент",
    "sirk": "цирк",
    "sex": "цех",
}
# Word beginnings (lower case) of loanwords: the rest of the word is transliterated.
STEMS = {
    "sentral": "централ",
    "sentr": "центр",
    "sement": "цемент",
    "sirkul": "циркул",
    "litsenz": "лиценз",
    "konsert": "концерт",
    "ofitser": "офицер",
    "sitrus": "цитрус",
    "sivilizats": "цивилизац",
    "spetsial": "специал",
    "kalsiy": "кальций",
    "medalyon": "медальон",
    "sexlar": "цехлар",
    "pochtalyon": "почтальон",
    "oktabrda": "октябрда",
}
_STEMS_LONGEST_FIRST = sorted(STEMS, key=len, reverse=True)
# "ts" that stays т + с in loanwords otherwise matching the ц rule.
TS_FOLLOWERS = ("iya", "iy", "io", "ent", "ion", "ikl", "ifr", "itat")

# -nsiya/-ksiya are ц in loanwords (funksiya, aksiya), except these stems.
NSIYA_KEEP = ("pensiya", "pansiya", "dispansiya", "kompensiya")

_PROTECT = re.compile(
    r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|\]\([^)]*\)|\{[^{}]*\}|%\([^)]*\)[sdifr]|%[sdifr]|<[^>]*>|&#?\w+;)"
)
_WORD = re.compile(r"[A-Za-z" + re.escape(APOSTROPHES) + r"]+")


def _is_apos(ch: str) -> bool:
    return ch in APOSTROPHES


def _case(src: str, cyr: str, all_upper: bool) -> str:
    if all_upper:
        return cyr.upper()
    if src[:1].isupper():
        return cyr[:1].upper() + cyr[1:]
    return cyr


# Foreign words and names written in Latin inside Cyrillic text too (lower case).
KEEP = {
    "ckan",
    "datastore",
    "datapusher",
    "xloader",
    "markdown",
    "trackback",
    "open",
    "definition",
    "iframe",
    "captcha",
    "cms",
    "html",
    "kib",
    "mib",
    "gib",
    "tib",
    "dcat",
    "solr",
    "github",
    "google",
    "telegram",
    "facebook",
    "youtube",
    "http",
    "https",
    "www",
    "e-mail",
    "excel",
    "rdf",
    "xml",
    "json",
    "csv",
    "xlsx",
    "xls",
    "api",
    "url",
    "id",
}
_GLUED = re.compile(r"^([A-Z]{2,}|[A-Z][a-z]+[A-Z][A-Za-z]*)(['‘’ʻʼ`]?)([a-z]+)$")


@functools.lru_cache(maxsize=50000)
def _word(word: str) -> str:
    """One word of letters and apostrophes."""
    glued = _GLUED.match(word)
    if glued and (glued.group(1).isupper() or glued.group(1).lower() in KEEP):
        # CKANga, APIni, DataStore'ni: the foreign part stays, the suffix is Uzbek.
        return glued.group(1) + glued.group(2) + _convert(glued.group(3), initial=False)
    head = re.split(r"['‘’ʻʼ`]", word, 1)[0]
    if head.lower() in KEEP or (len(head) == 1 and head.isupper() and head == word):
        rest = word[len(head) :]  # "" or an apostrophe and an Uzbek suffix
        return head + rest[:1] + (_convert(rest[1:], initial=False) if rest[1:] else "")
    letters = word.strip(APOSTROPHES)
    if not letters:
        return word
    lead = word[: len(word) - len(word.lstrip(APOSTROPHES))]
    trail = word[len(word.rstrip(APOSTROPHES)) :]
    # A trailing apostrophe after o/g belongs to the letter (bo‘).
    if trail and letters[-1].lower() in "og":
        letters, trail = letters + trail[0], trail[1:]
    return lead + _convert(letters) + trail


def _digraph(norm: str, i: int) -> tuple[str, int] | None:
    """(Cyrillic, letters read) when the Latin letters at i read as one sound or as a
    loanword's ц; None for a single letter."""
    c = norm[i]
    nxt = norm[i + 1] if i + 1 < len(norm) else ""
    nxt2 = norm[i + 2] if i + 2 < len(norm) else ""
    if c in "og" and nxt == "'":
        return ("ў" if c == "o" else "ғ"), 2
    if c == "s" and nxt == "h":
        return "ш", 2
    if c == "s" and nxt == "'" and nxt2 == "h":
        return "сҳ", 3
    if c == "c" and nxt == "h":
        return "ч", 2
    if c == "y" and nxt == "o" and nxt2 == "'":
        return "й", 1  # yo‘l -> йўл
    if c == "y" and nxt in ("o", "u", "a", "e"):
        return {"o": "ё", "u": "ю", "a": "я", "e": "е"}[nxt], 2
    if c == "t" and nxt == "s" and norm[i + 2 :].startswith(TS_FOLLOWERS) and i > 0:
        return "ц", 2
    if (
        c == "s"
        and i > 0
        and norm[i - 1] in "kn"
        and norm[i + 1 :].startswith("iya")
        and not norm.startswith(NSIYA_KEEP)
    ):
        return "ц", 1  # aksiya -> акция, stansiya -> станция
    return None


def _letter(c: str, src: str, first: bool, prev_vowel: bool) -> str:
    """One Latin letter c (as written: src) in Cyrillic; first: a word's initial letter."""
    if c == "e":
        return "э" if first or prev_vowel else "е"
    if c == "'":
        return "ъ"
    return SINGLE.get(c, src)


def _with_stem(word: str, norm: str, all_upper: bool) -> str | None:
    """The word in Cyrillic when it starts with a loanword stem, else None."""
    for stem in _STEMS_LONGEST_FIRST:
        if norm.startswith(stem) and len(norm) > len(stem):
            rest = _convert(word[len(stem) :], initial=False)
            if all_upper:
                return (STEMS[stem] + rest).upper()
            return _case(word, STEMS[stem], False) + rest.lower()
    return None


def _letters(word: str, norm: str, initial: bool, all_upper: bool) -> str:
    """The word letter by letter (digraphs as one), keeping the case of each."""
    out = []
    i, n = 0, len(norm)
    prev_vowel = False
    while i < n:
        src = word[i]
        cyr, step = _digraph(norm, i) or (
            _letter(norm[i], src, i == 0 and initial, prev_vowel),
            1,
        )
        if all_upper:
            cyr = cyr.upper()
        elif src.isupper():
            cyr = cyr[:1].upper() + cyr[1:]
        out.append(cyr)
        prev_vowel = cyr[-1:].lower() in VOWELS
        i += step
    return "".join(out)


def _convert(word: str, initial: bool = True) -> str:
    lower = word.lower()
    plain = "".join(c for c in word if c.isalpha())
    all_upper = len(plain) > 1 and plain.isupper()
    if all_upper and len(plain) <= 5 and not any(_is_apos(c) for c in word):
        return word  # acronym: API, CSV, JSON, XLSX
    norm = "".join("'" if _is_apos(c) else c for c in lower)
    if norm in WORDS:
        return _case(word, WORDS[norm], all_upper)
    stemmed = _with_stem(word, norm, all_upper)
    if stemmed is not None:
        return stemmed
    return _letters(word, norm, initial, all_upper)


def _text(text: str) -> str:
    def repl(m):
        w = m.group(0)
        # Words glued to digits (2024yil) or mixed with Cyrillic stay as they are.
        start, end = m.start(), m.end()
        if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            return w
        return _word(w)

    return _WORD.sub(repl, text)


def to_cyrillic(text: str | None) -> str:
    """Uzbek Latin text -> Uzbek Cyrillic; protected pieces are copied unchanged."""
    if not text:
        return text or ""
    parts = _PROTECT.split(text)
    for k in range(0, len(parts), 2):
        parts[k] = _text(parts[k])
    return "".join(parts)
