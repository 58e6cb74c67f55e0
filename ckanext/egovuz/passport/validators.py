"""Validators of the dataset passport (S-PASS). Each rejects bad input with a clear,
translatable message per field; none of them writes anything."""

from __future__ import annotations

import datetime
import json
import re

import sqlalchemy as sa
from ckan import authz, model
from ckan.lib.navl.dictization_functions import StopOnError
from ckan.plugins import toolkit as tk

from ckanext.egovuz.core import urls

_ = tk._
missing = tk.missing
Invalid = tk.Invalid

PHONE_RE = re.compile(r"^\+998\d{9}$")
DATASET_CODE_SEQUENCE = "egovuz_dataset_code_seq"


def _existing_extra(context, key):
    pkg = context.get("package")
    if pkg is None:
        return None
    return pkg.extras.get(key) or None


def _now_iso():
    return datetime.datetime.utcnow().replace(microsecond=0).isoformat()


def next_dataset_code() -> str:
    value = model.Session.execute(sa.text(f"SELECT nextval('{DATASET_CODE_SEQUENCE}')")).scalar()
    return str(value)


def egovuz_dataset_code(key, data, errors, context):
    """Numeric, unique, assigned on create, immutable afterwards.

    A value sent by a client is ignored unless it equals the stored one (then nothing
    changes); sending a different one is an error, so no one is misled into thinking
    the code changed."""
    value = data.get(key)
    existing = _existing_extra(context, "dataset_code")
    if existing:
        if value not in (missing, None, "") and str(value).strip() != existing:
            errors[key].append(_("The dataset ID is assigned by the portal and cannot be changed"))
        data[key] = existing
        return
    if value not in (missing, None, ""):
        # Only a sysadmin may import a dataset with its old code (migration from the
        # previous portal); it must be numeric and unused.
        value = str(value).strip()
        is_sysadmin = authz.is_sysadmin(context.get("user"))
        if not is_sysadmin:
            errors[key].append(_("The dataset ID is assigned by the portal and cannot be changed"))
            return
        if not value.isdigit():
            errors[key].append(_("The dataset ID must be a number"))
            return
        q = (
            model.Session.query(model.PackageExtra)
            .filter(model.PackageExtra.key == "dataset_code")
            .filter(model.PackageExtra.value == value)
            .filter(model.PackageExtra.state == "active")
        )
        if q.first():
            errors[key].append(_("This dataset ID is already used"))
            return
        data[key] = value
        return
    if context.get("validate_only") or context.get("schema_only"):
        return
    data[key] = next_dataset_code()


def egovuz_phone(value, context):
    """Uzbek phone number: +998 and nine digits; spaces, dashes and brackets allowed."""
    if value in (missing, None, ""):
        return value
    if not isinstance(value, str):
        raise Invalid(_("Enter the phone number as text, e.g. +998 71 123 45 67"))
    compact = re.sub(r"[\s\-()]", "", value)
    if compact.startswith("998"):
        compact = "+" + compact
    if not PHONE_RE.match(compact):
        raise Invalid(_("Enter an Uzbek phone number: +998 and 9 digits, e.g. +998 71 123 45 67"))
    return compact


def has_markup(value: str) -> bool:
    """Whether ``value`` holds something a browser reads as a tag: "<", optional spaces,
    an optional "/", optional spaces, a letter or "!", and later a ">".

    One pass: each "<" looks only at the spaces right after it (a run of spaces
    belongs to one "<"), and a tag exists as soon as one such start has any ">" after
    it. (The former regular expression backtracked: about 1.2 s at 40,000 characters.)"""
    n = len(value)
    i = value.find("<")
    while i != -1:
        j = i + 1
        c = value[j] if j < n else ""
        while c.isspace():
            j += 1
            c = value[j] if j < n else ""
        if c == "/":
            j += 1
            c = value[j] if j < n else ""
            while c.isspace():
                j += 1
                c = value[j] if j < n else ""
        if c == "!" or (c.isascii() and c.isalpha()):
            return value.find(">", j) != -1
        i = value.find("<", max(j, i + 1))
    return False


def egovuz_no_markup(value, context):
    """Names are plain text: no HTML tags."""
    if isinstance(value, str) and has_markup(value):
        raise Invalid(_("HTML tags are not allowed here"))
    return value


# the declared limits (config_declaration.yaml), by kind of field
MAX_LENGTH_OPTIONS = {
    "title": "ckanext.egovuz.max_length.title",
    "text": "ckanext.egovuz.max_length.text",
    "url": "ckanext.egovuz.max_length.url",
    "keywords": "ckanext.egovuz.max_length.keywords",
}


def max_length_of(kind: str) -> int:
    return tk.config.get(MAX_LENGTH_OPTIONS[kind])


def egovuz_max_length(kind):
    """A validator refusing text longer than the declared limit for ``kind`` (title,
    text, url, keywords): a per-field message instead of Solr's "immense term"."""
    if kind not in MAX_LENGTH_OPTIONS:
        raise ValueError(f"unknown length kind {kind!r}")

    def validator(value, context):
        if isinstance(value, str) and "\x00" in value:  # PostgreSQL cannot store it
            raise Invalid(_("The text contains a NUL character (code 0): remove it"))
        if isinstance(value, str):
            limit = max_length_of(kind)
            if len(value) > limit:
                raise Invalid(
                    _("At most {max} characters are allowed here (this has {length})").format(
                        max=limit, length=len(value)
                    )
                )
        elif isinstance(value, list):
            total = sum(len(v) for v in value if isinstance(v, str))
            limit = max_length_of(kind)
            if total > limit:
                raise Invalid(
                    _("At most {max} characters are allowed here (this has {length})").format(
                        max=limit, length=total
                    )
                )
        return value

    return validator


def egovuz_resource_url(key, data, errors, context):
    """The address of a resource: an http(s) URL (a link), or the file name of an
    upload (url_type upload/datastore: CKAN serves it from the portal itself)."""
    value = data.get(key)
    if value in (missing, None, ""):
        return
    if not isinstance(value, str):
        errors[key].append(_("Enter a web address beginning with http:// or https://"))
        return
    limit = max_length_of("url")
    if len(value) > limit:
        errors[key].append(
            _("At most {max} characters are allowed here (this has {length})").format(
                max=limit, length=len(value)
            )
        )
        return
    url_type = data.get(key[:-1] + ("url_type",))
    if (
        url_type not in (missing, None, "")
        and not urls.has_control_chars(value)
        and urls.scheme_of(value) in ("", "http", "https")
    ):
        return  # an upload's file name, or the portal's own address of it
    if not urls.is_http_url(value):
        errors[key].append(_("Enter a web address beginning with http:// or https://"))


def _split_urls(value):
    if isinstance(value, list):
        items = value
    elif isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                items = json.loads(stripped)
            except ValueError:
                raise Invalid(_("Enter one web address per line"))
        else:
            items = re.split(r"[\n,]+", value)
    else:
        raise Invalid(_("Enter one web address per line"))
    return [str(i).strip() for i in items if str(i).strip()]


def egovuz_url_list(value, context):
    """A list of http(s) URLs, given as a list, JSON or one per line. Stored as JSON."""
    if value in (missing, None, ""):
        return value
    links = _split_urls(value)
    if len(links) > 20:
        raise Invalid(_("At most 20 links"))
    limit = max_length_of("url")
    bad = [url for url in links if len(url) > limit or not urls.is_http_url(url)]
    if bad:
        raise Invalid(
            _("Not a valid web address (http or https): {urls}").format(
                urls=", ".join(b[:100] for b in bad[:3])
            )
        )
    return json.dumps(links)


def egovuz_url_list_output(value):
    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value)
        return parsed if isinstance(parsed, list) else [str(parsed)]
    except (TypeError, ValueError):
        return [v for v in (value or "").split() if v]


def egovuz_spheres(key, data, errors, context):
    """Spheres are the names of existing CKAN groups; stored as a JSON list."""
    value = data.get(key)
    if value in (missing, None, "", []):
        data[key] = missing
        return
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip().startswith("[") else [value]
        except ValueError:
            value = [value]
    names = sorted({str(v).strip() for v in value if str(v).strip()})
    known = {
        g.name
        for g in model.Session.query(model.Group.name)
        .filter(model.Group.is_organization == False)  # noqa: E712
        .filter(model.Group.state == "active")
        .filter(model.Group.name.in_(names))
    }
    unknown = [n for n in names if n not in known]
    if unknown:
        errors[key].append(_("Unknown sphere: {name}").format(name=", ".join(unknown)))
        return
    data[key] = json.dumps(names)


def _is_private(data):
    private = data.get(("private",))
    if private in (missing, None):
        return False
    return tk.asbool(private)


def egovuz_first_published(key, data, errors, context):
    """Set once, when the dataset is first public; never changes after that."""
    existing = _existing_extra(context, "first_published")
    if existing:
        data[key] = existing
    elif not _is_private(data) and not context.get("validate_only"):
        data[key] = _now_iso()
    else:
        data.pop(key, None)
        raise StopOnError


def _resource_fingerprint_from_data(data):
    prints = set()
    i = 0
    while ("resources", i, "url") in data or ("resources", i, "id") in data:
        url = data.get(("resources", i, "url"))
        prints.add((str(url or ""), str(data.get(("resources", i, "last_modified")) or "")))
        i += 1
    return prints


def _resource_fingerprint_from_model(pkg):
    return {
        (str(r.url or ""), str(r.last_modified.isoformat() if r.last_modified else ""))
        for r in pkg.resources
    }


def egovuz_data_last_changed(key, data, errors, context):
    """The date the data (not the metadata) last changed: set when the dataset is created
    and whenever a resource is added, removed, re-uploaded or points elsewhere."""
    pkg = context.get("package")
    existing = _existing_extra(context, "data_last_changed")
    if pkg is None or not existing:
        data[key] = _now_iso()
        return
    if (
        ("resources", 0, "url") not in data
        and ("resources", 0, "id") not in data
        and not data.get(("resources",))
        and pkg.resources
    ):
        # A patch that does not touch the resources.
        data[key] = existing
        return
    if _resource_fingerprint_from_data(data) != _resource_fingerprint_from_model(pkg):
        data[key] = _now_iso()
    else:
        data[key] = existing


APOSTROPHES = "'‘’`ʻʼ´"
_APOSTROPHE = re.compile(r"([oOgG])?[" + APOSTROPHES + "]")


def normalize_apostrophes(text: str) -> str:
    """Uzbek Latin's o‘ g‘ (U+02BB) and tutuq belgisi ʼ (U+02BC), whichever apostrophe was
    typed. Both are letters (Unicode Lm), so they are valid in CKAN tags."""
    return _APOSTROPHE.sub(lambda m: m.group(1) + "\u02bb" if m.group(1) else "\u02bc", text)


def egovuz_apostrophes(value, context):
    if isinstance(value, str):
        return normalize_apostrophes(value)
    if isinstance(value, list):
        return [normalize_apostrophes(v) if isinstance(v, str) else v for v in value]
    return value


def get_validators():
    return {
        "egovuz_dataset_code": egovuz_dataset_code,
        "egovuz_phone": egovuz_phone,
        "egovuz_apostrophes": egovuz_apostrophes,
        "egovuz_no_markup": egovuz_no_markup,
        "egovuz_max_length": egovuz_max_length,
        "egovuz_resource_url": egovuz_resource_url,
        "egovuz_url_list": egovuz_url_list,
        "egovuz_url_list_output": egovuz_url_list_output,
        "egovuz_spheres": egovuz_spheres,
        "egovuz_first_published": egovuz_first_published,
        "egovuz_data_last_changed": egovuz_data_last_changed,
    }
