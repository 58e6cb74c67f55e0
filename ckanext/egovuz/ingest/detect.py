"""What a tabular file is: encoding, delimiter, header and column types, from a sample
at the start of the file (the rest is never read here).

Encodings: UTF-8 with or without a byte-order mark, else Windows-1251 (the other
encoding Uzbek and Russian offices export). Delimiters: comma, semicolon, tab (and
pipe): the one that splits the sample's lines into the same number (> 1) of fields.

Types, from up to SAMPLE_ROWS rows (every non-empty value of the column must fit):
  int8      -?digits (no leading zero: codes like 007 stay text; nor a column named as an
            identifier: STIR/INN/PINFL tax numbers, "...raqami"/"nomer" numbers, SOATO,
            phones: numbers that are not quantities stay text)
  numeric   -?digits.digits   (decimal comma "12,5" when the delimiter is not a comma:
            loaded as text, then converted)
  date      YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY (MM/DD/YYYY when a day > 12 says so)
  timestamp a date as above, then [T ]HH:MM[:SS[.ffffff]] [zone]
  text      anything else, and columns with no values in the sample.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field

csv.field_size_limit(64 * 1024 * 1024)
SAMPLE_BYTES = 1024 * 1024
SAMPLE_ROWS = 2000
MAX_NAME_BYTES = 63
DELIMITERS = [",", ";", "\t", "|"]

INT_RE = re.compile(r"^[-+]?(0|[1-9]\d{0,17})$")
NUM_RE = re.compile(r"^[-+]?\d{1,30}\.\d{1,30}$")
NUM_COMMA_RE = re.compile(r"^[-+]?\d{1,30},\d{1,30}$")
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
DOT_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}"
SLASH_DATE = r"(\d{1,2})/(\d{1,2})/\d{4}"
TIME = r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?( ?(Z|[+-]\d{2}(:?\d{2})?))?"
DATE_RES = {
    "iso": re.compile(rf"^{ISO_DATE}$"),
    "dmy": re.compile(rf"^{DOT_DATE}$"),
    "slash": re.compile(rf"^{SLASH_DATE}$"),
}
TS_RES = {
    "iso": re.compile(rf"^{ISO_DATE}{TIME}$"),
    "dmy": re.compile(rf"^{DOT_DATE}{TIME}$"),
    "slash": re.compile(rf"^{SLASH_DATE}{TIME}$"),
}


class DetectError(Exception):
    pass


@dataclass
class Column:
    id: str
    type: str = "text"
    decimal_comma: bool = False
    date_order: str | None = None  # "dmy" / "mdy" when the column needs it
    max_len: int = 0
    note: str | None = None


@dataclass
class FileInfo:
    encoding: str  # Python codec name: utf-8 or cp1251
    pg_encoding: str  # UTF8 or WIN1251
    bom: int  # bytes to skip
    delimiter: str
    columns: list[Column] = field(default_factory=list)
    sample_rows: int = 0
    sample_bytes_per_row: float = 0.0


def _decode_sample(raw: bytes) -> tuple[str, str, int]:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8", 3
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DetectError("The file is in UTF-16; save it as CSV in UTF-8 and upload it again.")
    try:
        return raw.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError as e:
        # a multi-byte character cut at the end of the sample is fine
        if e.start >= len(raw) - 4 and len(raw) >= SAMPLE_BYTES:
            return raw[: e.start].decode("utf-8"), "utf-8", 0
    return raw.decode("cp1251", errors="replace"), "cp1251", 0


def _choose_delimiter(lines: list[str]) -> str:
    best, best_score = ",", -1
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        score = sum(1 for c in counts if c == counts[0]) * counts[0]
        if score > best_score:
            best, best_score = d, score
    return best


def clean_headers(names: list[str]) -> list[str]:
    out: list[str] = []
    for i, name in enumerate(names, 1):
        n = (name or "").replace("\ufeff", "").replace('"', "").replace("\0", "").strip()
        n = re.sub(r"\s+", " ", n)
        n = n.lstrip("_").strip() or f"column_{i}"
        b = n.encode("utf-8")[:MAX_NAME_BYTES]
        n = b.decode("utf-8", errors="ignore").strip()
        base, k = n, 2
        while n in out:
            suffix = f"_{k}"
            n = (
                base.encode("utf-8")[: MAX_NAME_BYTES - len(suffix)].decode(
                    "utf-8", errors="ignore"
                )
                + suffix
            )
            k += 1
        out.append(n)
    return out


IDENTIFIER_NAME = re.compile(
    r"(^|[^a-z])(stir|inn|pinfl|jshshir|soato|okpo|mfo|raqam|raqami|nomer|nomeri|"
    r"telefon|phone|tel|номер|инн|телефон)([^a-z]|$)",
    re.IGNORECASE,
)


def _number_type(vals: list[str], delimiter: str, name: str) -> tuple[str, bool] | None:
    """(type, decimal comma) when every value is a number, else None."""
    if all(INT_RE.match(v) for v in vals):
        return ("text" if IDENTIFIER_NAME.search(name) else "int8"), False
    if all(INT_RE.match(v) or NUM_RE.match(v) for v in vals):
        return "numeric", False
    if delimiter != "," and all(INT_RE.match(v) or NUM_COMMA_RE.match(v) for v in vals):
        return "numeric", True
    return None


def _slash_order(rx: re.Pattern, vals: list[str]) -> str | None:
    """dmy or mdy for a DD/MM/YYYY-or-MM/DD/YYYY column; None when both parts exceed 12."""
    firsts = [int(rx.match(v).group(1)) for v in vals]
    seconds = [int(rx.match(v).group(2)) for v in vals]
    if any(f > 12 for f in firsts) and any(s > 12 for s in seconds):
        return None
    return "mdy" if any(s > 12 for s in seconds) else "dmy"


def _date_type(vals: list[str]) -> tuple[str, str | None] | None:
    """(type, date order) when every value is a date or a timestamp of one style."""
    for kind, regexes in (("date", DATE_RES), ("timestamp", TS_RES)):
        for style, rx in regexes.items():
            if not all(rx.match(v) for v in vals):
                continue
            if style == "iso":
                return kind, None
            if style == "dmy":
                return kind, "dmy"
            order = _slash_order(rx, vals)
            return (kind, order) if order else ("text", None)
    return None


def guess_type(values: list[str], delimiter: str, name: str = "") -> Column:
    col = Column(id="")
    vals = [v.strip() for v in values if v is not None and v.strip() != ""]
    col.max_len = max((len(v) for v in values if v), default=0)
    if not vals:
        return col
    number = _number_type(vals, delimiter, name)
    if number:
        col.type, col.decimal_comma = number
        return col
    date = _date_type(vals)
    if date:
        col.type, col.date_order = date
    return col


def sniff(path: str) -> FileInfo:
    with open(path, "rb") as f:
        raw = f.read(SAMPLE_BYTES)
    if not raw.strip():
        raise DetectError("The file is empty.")
    if b"\0" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DetectError("The file is not a text table (CSV): it contains binary data.")
    text, encoding, bom = _decode_sample(raw)
    complete = len(raw) < SAMPLE_BYTES
    if not complete:  # drop the last, possibly partial, line
        text = text[: text.rfind("\n") + 1] or text
    lines = text.splitlines(keepends=True)
    nonblank = [ln for ln in lines if ln.strip()]
    if not nonblank:
        raise DetectError("The file is empty.")
    delimiter = _choose_delimiter(nonblank[:50])
    rows = list(csv.reader(io.StringIO("".join(lines)), delimiter=delimiter))
    rows = [r for r in rows if any(c.strip() for c in r)]
    header = rows[0]
    while header and not header[-1].strip():  # trailing empty header cells
        header = header[:-1]
    if not header:
        raise DetectError("The first row (the header) is empty.")
    names = clean_headers(header)
    body = rows[1 : SAMPLE_ROWS + 1]
    info = FileInfo(
        encoding=encoding,
        pg_encoding="UTF8" if encoding == "utf-8" else "WIN1251",
        bom=bom,
        delimiter=delimiter,
    )
    for i, name in enumerate(names):
        col = guess_type([r[i] if i < len(r) else "" for r in body], delimiter, name)
        col.id = name
        info.columns.append(col)
    info.sample_rows = len(body)
    body_bytes = len("".join(lines[1:]).encode(encoding, errors="replace"))
    info.sample_bytes_per_row = body_bytes / max(len(lines) - 1, 1)
    return info
