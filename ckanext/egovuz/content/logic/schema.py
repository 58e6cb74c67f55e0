"""Validation schemas (navl) of the content items."""

from __future__ import annotations

import datetime
import re

from ckan.plugins import toolkit as tk

from ckanext.egovuz.passport.validators import egovuz_no_markup

PAGES = ("guides", "about", "open-data", "terms")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
URL_RE = re.compile(r"^https?://[^\s<>\"']+$", re.I)


def max_len(n: int):
    def validator(value, context):
        if isinstance(value, str) and len(value) > n:
            raise tk.Invalid(tk._("At most {n} characters").format(n=n))
        return value

    return validator


def slug(value, context):
    if value in (None, ""):
        return value
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise tk.Invalid(tk._("Use lowercase Latin letters, digits, - and _ (at most 100)"))
    return value


def date_only(value, context):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise tk.Invalid(tk._("Enter a date as YYYY-MM-DD"))


def link_or_file(value, context):
    """An http(s) link, or the name of a file uploaded to the portal (set by the uploader)."""
    if value in (None, ""):
        return ""
    value = str(value).strip()
    if URL_RE.match(value):
        return value
    if context.get("egovuz_uploaded") == value:
        return value
    if context.get("egovuz_old_file") == value and "/" not in value:
        return value
    raise tk.Invalid(tk._("Enter a web address starting with http:// or https://"))


def page_name(value, context):
    if value not in PAGES:
        raise tk.Invalid(tk._("Unknown page: {name}").format(name=str(value)[:50]))
    return value


def _v(name):
    return tk.get_validator(name)


def _text(n, required=False):
    first = [_v("not_empty")] if required else [_v("ignore_missing")]
    return first + [_v("unicode_safe"), max_len(n)]


def _title(required=True):
    return _text(300, required) + [egovuz_no_markup]


def schema(kind: str, update: bool = False) -> dict:
    s = {
        "name": [_v("ignore_missing"), _v("unicode_safe"), slug],
        "title": _title(),
        "title_ru": _title(False),
        "title_en": _title(False),
        "body": _text(100000),
        "body_ru": _text(100000),
        "body_en": _text(100000),
        "published": [_v("ignore_missing"), date_only],
    }
    if update:
        s["id"] = [_v("not_empty"), _v("unicode_safe")]
    if kind == "news":
        s["image_url"] = [_v("ignore_missing"), _v("unicode_safe"), link_or_file]
    if kind == "law":
        s["number"] = _text(100) + [egovuz_no_markup]
        for f in ("issuer", "issuer_ru", "issuer_en"):
            s[f] = _text(300) + [egovuz_no_markup]
        s["url"] = [_v("ignore_missing"), _v("unicode_safe"), link_or_file]
    if kind == "guide":  # a user guide: its text and a document to download
        s["url"] = [_v("ignore_missing"), _v("unicode_safe"), link_or_file]
    if kind == "glossary":
        s["body"] = _text(20000, required=True)
        s["body_ru"] = _text(20000)
        s["body_en"] = _text(20000)
    if kind == "page":
        s["name"] = [_v("not_empty"), _v("unicode_safe"), page_name]
        s.pop("published")
    return s


def list_schema() -> dict:
    return {
        "limit": [_v("default")(20), _v("natural_number_validator"), max_value(100)],
        "offset": [_v("default")(0), _v("natural_number_validator"), max_value(10_000_000)],
    }


def max_value(n):
    def validator(value, context):
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise tk.Invalid(tk._("Enter a whole number"))
        if value > n:
            raise tk.Invalid(tk._("At most {n}").format(n=n))
        return int(value)

    return validator
