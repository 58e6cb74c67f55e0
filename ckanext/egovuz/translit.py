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


def _convert(word: str, initial: bool = True) -> str:  # noqa: C901 -- to split (issue 16 closing note)
    lower = word.lower()
    plain = "".join(c for c in word if c.isalpha())
    all_upper = len(plain) > 1 and plain.isupper()
    if all_upper and len(plain) <= 5 and not any(_is_apos(c) for c in word):
        return word  # acronym: API, CSV, JSON, XLSX
    norm = "".join("'" if _is_apos(c) else c for c in lower)
    if norm in WORDS:
        return _case(word, WORDS[norm], all_upper)
    for stem in _STEMS_LONGEST_FIRST:
        if norm.startswith(stem) and len(norm) > len(stem):
            rest = _convert(word[len(stem) :], initial=False)
            if all_upper:
                return (STEMS[stem] + rest).upper()
            return _case(word, STEMS[stem], False) + rest.lower()
    out = []
    i, n = 0, len(norm)
    prev_vowel = False
    while i < n:
        c = norm[i]
        nxt = norm[i + 1] if i + 1 < n else ""
        nxt2 = norm[i + 2] if i + 2 < n else ""
        src = word[i]
        if c in "og" and nxt == "'":
            cyr, step = ("ў" if c == "o" else "ғ"), 2
        elif c == "s" and nxt == "h":
            cyr, step = "ш", 2
        elif c == "s" and nxt == "'" and nxt2 == "h":
            cyr, step = "сҳ", 3
        elif c == "c" and nxt == "h":
            cyr, step = "ч", 2
        elif c == "y" and nxt == "o" and nxt2 == "'":
            cyr, step = "й", 1  # yo‘l -> йўл
        elif c == "y" and nxt in ("o", "u", "a", "e"):
            cyr, step = {"o": "ё", "u": "ю", "a": "я", "e": "е"}[nxt], 2
        elif c == "t" and nxt == "s" and norm[i + 2 :].startswith(TS_FOLLOWERS) and i > 0:
            cyr, step = "ц", 2
        elif (
            c == "s"
            and i > 0
            and norm[i - 1] in "kn"
            and norm[i + 1 :].startswith("iya")
            and not norm.startswith(NSIYA_KEEP)
        ):
            cyr, step = "ц", 1  # aksiya -> акция, stansiya -> станция
        elif c == "e":
            cyr, step = ("э" if (i == 0 and initial) or prev_vowel else "е"), 1
        elif c == "'":
            cyr, step = "ъ", 1
        elif c in SINGLE:
            cyr, step = SINGLE[c], 1
        else:
            cyr, step = src, 1
        if all_upper:
            cyr = cyr.upper()
        elif src.isupper():
            cyr = cyr[:1].upper() + cyr[1:]
        out.append(cyr)
        prev_vowel = cyr[-1:].lower() in VOWELS
        i += step
    return "".join(out)


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
