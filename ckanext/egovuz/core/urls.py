"""Stored URLs are hostile: which of them may become a link (issue 11, item 1).

A URL is rendered as a link only when a browser would read it as an http or https
address (or a path on the portal itself); anything else (``javascript:``, ``data:``,
``vbscript:``, a scheme hidden behind tabs, newlines or leading control characters)
is shown as text. The same rule decides what input is accepted.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")
# what browsers remove before they read a URL (WHATWG URL standard): leading and
# trailing C0 controls and spaces, and every tab and newline anywhere
_STRIP = "".join(chr(c) for c in range(0x21))
_REMOVE = str.maketrans("", "", "\t\n\r")
# ASCII characters a URL never holds unencoded (RFC 3986): a value with them is refused
NOT_IN_URLS = frozenset(' "<>{}|\\^`')


def normalize(url: str) -> str:
    """The URL as a browser reads it (before it looks at the scheme)."""
    return url.strip(_STRIP).translate(_REMOVE)


def scheme_of(url: str) -> str:
    try:
        return urlsplit(normalize(url)).scheme.lower()
    except ValueError:
        return "?"


def has_control_chars(url: str) -> bool:
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in url)


def is_http_url(url, require_host: bool = True) -> bool:
    """An absolute http(s) URL with a host, without spaces, control characters or
    characters a URL never holds unescaped (a quote or an angle bracket in a "URL" breaks
    the markup and the RDF it is written into: issue 11, item 3)."""
    if (
        not isinstance(url, str)
        or not url
        or has_control_chars(url)
        or not NOT_IN_URLS.isdisjoint(url)
    ):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and (bool(parts.hostname) or not require_host)


def safe_url(url) -> str:
    """``url`` if it may be the href of a link, else "" (render the value as text).

    http(s) URLs with a host, and paths on the portal ("/dataset/...", not "//host",
    which is another site, nor "/\\host", which browsers read the same way)."""
    if not isinstance(url, str) or not url.strip():
        return ""
    if has_control_chars(url.strip()):
        return ""
    value = url.strip()
    if value.startswith("/"):
        return "" if value[1:2] in ("/", "\\") else value
    return value if is_http_url(value) else ""
