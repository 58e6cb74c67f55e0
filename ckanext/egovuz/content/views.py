"""Pages of the content domain. Every page calls the actions (logic/action.py)."""

from __future__ import annotations

from xml.sax.saxutils import escape

import sqlalchemy as sa
from flask import Blueprint, Response
from ckan import model
from ckan.lib.helpers import Page
from ckan.lib.navl.dictization_functions import unflatten
from ckan.logic import clean_dict, parse_params, tuplize_dict
from ckan.plugins import toolkit as tk

from ..core.context import action_context as _context
from . import helpers
from .logic.schema import PAGES

blueprint = Blueprint("egovuz_content", __name__)

PER_PAGE = {"news": 10, "law": 50, "glossary": 1000, "guide": 50}
PAGE_ENDPOINTS = {"guides": "guides", "about": "about", "open-data": "open_data", "terms": "terms"}


def _can(action_name, data=None) -> bool:
    try:
        tk.check_access(action_name, _context(), data or {})
        return True
    except tk.NotAuthorized:
        return False


def _form_data() -> dict:
    data = clean_dict(unflatten(tuplize_dict(parse_params(tk.request.form))))
    data.update(clean_dict(unflatten(tuplize_dict(parse_params(tk.request.files)))))
    data.pop("save", None)
    return data


def _page_number() -> int:
    try:
        return max(1, min(int(tk.request.args.get("page", 1)), 100000))
    except ValueError:
        return 1


# One view per action for the four kinds of content, each rule written out (endpoints
# <kind>_index, _new, _read, _edit, _delete; `kind` comes from the rule's defaults).
@blueprint.route("/news", endpoint="news_index", defaults={"kind": "news"})
@blueprint.route("/legislation", endpoint="law_index", defaults={"kind": "law"})
@blueprint.route("/glossary", endpoint="glossary_index", defaults={"kind": "glossary"})
@blueprint.route("/guides", endpoint="guide_index", defaults={"kind": "guide"})
def index(kind):
    page = _page_number()
    limit = PER_PAGE[kind]
    result = tk.get_action(f"egovuz_{kind}_list")(
        _context(),
        {
            "limit": min(limit, 100) if kind != "glossary" else 100,
            "offset": (page - 1) * limit if kind != "glossary" else 0,
        },
    )
    items = result["results"]
    if kind == "glossary" and result["count"] > 100:
        items = []
        for offset in range(0, result["count"], 100):
            items += tk.get_action("egovuz_glossary_list")(
                _context(), {"limit": 100, "offset": offset}
            )["results"]
    pager = Page(
        collection=[],
        page=page,
        item_count=result["count"],
        items_per_page=limit,
        url=lambda q=None, page=1: tk.h.url_for(f"egovuz_content.{kind}_index", page=page),
    )
    return tk.render(
        f"content/{kind}_list.html",
        {
            "items": items,
            "count": result["count"],
            "page": pager,
            "kind": kind,
            "can_create": _can(f"egovuz_{kind}_create"),
        },
    )


@blueprint.route("/news/<name>", endpoint="news_read", defaults={"kind": "news"})
@blueprint.route("/legislation/<name>", endpoint="law_read", defaults={"kind": "law"})
@blueprint.route("/glossary/<name>", endpoint="glossary_read", defaults={"kind": "glossary"})
@blueprint.route("/guides/<name>", endpoint="guide_read", defaults={"kind": "guide"})
def read(kind, name):
    try:
        item = tk.get_action(f"egovuz_{kind}_show")(_context(), {"id": name})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))
    return tk.render(
        f"content/{kind}_read.html",
        {
            "item": item,
            "kind": kind,
            "can_edit": _can(f"egovuz_{kind}_update", {"id": item["id"]}),
        },
    )


def _save(kind, new, item):
    """(response, errors, data) of a posted form: a redirect once saved."""
    action = f"egovuz_{kind}_{'create' if new else 'update'}"
    data = _form_data()
    if not new:
        data["id"] = item["id"]
    try:
        saved = tk.get_action(action)(_context(), dict(data))
    except tk.ValidationError as e:
        for key in ("image_upload", "file_upload"):
            data.pop(key, None)
        return None, e.error_dict, data
    tk.h.flash_success(tk._("Saved"))
    if kind == "news":
        return tk.redirect_to(f"egovuz_content.{kind}_read", name=saved["name"]), {}, data
    return tk.redirect_to(f"egovuz_content.{kind}_index", _anchor=saved["name"]), {}, data


GET_POST = ["GET", "POST"]


@blueprint.route("/news/new", endpoint="news_new", defaults={"kind": "news"}, methods=GET_POST)
@blueprint.route("/legislation/new", endpoint="law_new", defaults={"kind": "law"}, methods=GET_POST)
@blueprint.route(
    "/glossary/new", endpoint="glossary_new", defaults={"kind": "glossary"}, methods=GET_POST
)
@blueprint.route("/guides/new", endpoint="guide_new", defaults={"kind": "guide"}, methods=GET_POST)
@blueprint.route(
    "/news/<name>/edit", endpoint="news_edit", defaults={"kind": "news"}, methods=GET_POST
)
@blueprint.route(
    "/legislation/<name>/edit", endpoint="law_edit", defaults={"kind": "law"}, methods=GET_POST
)
@blueprint.route(
    "/glossary/<name>/edit",
    endpoint="glossary_edit",
    defaults={"kind": "glossary"},
    methods=GET_POST,
)
@blueprint.route(
    "/guides/<name>/edit", endpoint="guide_edit", defaults={"kind": "guide"}, methods=GET_POST
)
def edit(kind, name=None):
    new = name is None
    action = f"egovuz_{kind}_{'create' if new else 'update'}"
    item = {}
    if not new:
        try:
            item = tk.get_action(f"egovuz_{kind}_show")(_context(), {"id": name})
        except tk.ObjectNotFound:
            return tk.abort(404, tk._("Not found"))
    if not _can(action, {"id": item.get("id")}):
        return tk.abort(403, tk._("Only portal operators can edit the portal's content"))
    errors, data = {}, dict(item)
    if tk.request.method == "POST":
        response, errors, data = _save(kind, new, item)
        if response is not None:
            return response
    return tk.render(
        "content/form.html",
        {
            "kind": kind,
            "data": data,
            "errors": errors,
            "new": new,
            "item": item,
            "error_summary": {
                k: "; ".join(map(str, v)) if isinstance(v, list) else str(v)
                for k, v in errors.items()
            },
        },
    )


@blueprint.route(
    "/news/<name>/delete", endpoint="news_delete", defaults={"kind": "news"}, methods=["POST"]
)
@blueprint.route(
    "/legislation/<name>/delete", endpoint="law_delete", defaults={"kind": "law"}, methods=["POST"]
)
@blueprint.route(
    "/glossary/<name>/delete",
    endpoint="glossary_delete",
    defaults={"kind": "glossary"},
    methods=["POST"],
)
@blueprint.route(
    "/guides/<name>/delete", endpoint="guide_delete", defaults={"kind": "guide"}, methods=["POST"]
)
def delete(kind, name):
    try:
        tk.get_action(f"egovuz_{kind}_delete")(_context(), {"id": name})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Not found"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only portal operators can edit the portal's content"))
    tk.h.flash_success(tk._("Deleted"))
    return tk.redirect_to(f"egovuz_content.{kind}_index")


@blueprint.route("/pages/guides", endpoint="guides", defaults={"name": "guides"})
@blueprint.route("/pages/about", endpoint="about", defaults={"name": "about"})
@blueprint.route("/pages/open-data", endpoint="open_data", defaults={"name": "open-data"})
@blueprint.route("/pages/terms", endpoint="terms", defaults={"name": "terms"})
def page(name):
    try:
        item = tk.get_action("egovuz_page_show")(_context(), {"name": name})
    except tk.ObjectNotFound:
        item = {"name": name, "title": ""}
    return tk.render(
        "content/page.html",
        {"item": item, "name": name, "can_edit": _can("egovuz_page_update", {"name": name})},
    )


@blueprint.route("/pages/<name>/edit", methods=["GET", "POST"])
def page_edit(name):
    if name not in PAGES:
        return tk.abort(404, tk._("Not found"))
    if not _can("egovuz_page_update", {"name": name}):
        return tk.abort(403, tk._("Only portal operators can edit the portal's content"))
    try:
        item = tk.get_action("egovuz_page_show")(_context(), {"name": name})
    except tk.ObjectNotFound:
        item = {"name": name, "title": helpers.page_default_title(name)}
    errors, data = {}, dict(item)
    if tk.request.method == "POST":
        data = _form_data()
        data["name"] = name
        try:
            tk.get_action("egovuz_page_update")(_context(), dict(data))
            tk.h.flash_success(tk._("Saved"))
            return tk.redirect_to(f"egovuz_content.{PAGE_ENDPOINTS[name]}")
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render(
        "content/form.html",
        {
            "kind": "page",
            "data": data,
            "errors": errors,
            "new": False,
            "item": item,
            "error_summary": {k: "; ".join(map(str, v)) for k, v in errors.items()},
        },
    )


def _spheres_and_orgs():
    rows = (
        model.Session.query(model.Group.name, model.Group.title, model.Group.is_organization)
        .filter(model.Group.state == "active")
        .order_by(model.Group.title)
    )
    spheres = [{"name": n, "title": t or n} for n, t, org in rows if not org]
    orgs = [{"name": n, "title": t or n} for n, t, org in rows if org]
    return spheres, orgs


@blueprint.route("/sitemap")
def sitemap():
    spheres, orgs = _spheres_and_orgs()
    return tk.render(
        "content/sitemap.html",
        {
            "spheres": spheres,
            "organizations": orgs,
            "pages": [(PAGE_ENDPOINTS[n], helpers.page_default_title(n)) for n in PAGES],
        },
    )


def _sitemap_url(endpoint, **kw):
    return tk.h.url_for(endpoint, qualified=True, **kw)


def _site_entries() -> list[tuple[str, str | None]]:
    """Home, sections, content items, spheres, organizations (everything but datasets)."""
    url = _sitemap_url
    entries: list[tuple[str, str | None]] = [(url("home.index"), None)]
    for endpoint in (
        "dataset.search",
        "organization.index",
        "group.index",
        "egovuz_content.sitemap",
    ):
        entries.append((url(endpoint), None))
    for endpoint, _label in helpers.footer_items():
        try:
            entries.append((url(endpoint), None))
        except Exception:  # an endpoint with required arguments
            continue
    from .model import content_table as t

    rows = model.Session.execute(
        sa.select(t.c.kind, t.c.name, t.c.modified).where(t.c.kind.in_(("news", "law", "glossary")))
    )
    for kind, name, modified in rows:
        entries.append((url(f"egovuz_content.{kind}_read", name=name), modified.date().isoformat()))
    spheres, orgs = _spheres_and_orgs()
    entries += [(url("group.read", id=g["name"]), None) for g in spheres]
    entries += [(url("organization.read", id=o["name"]), None) for o in orgs]
    return entries


def _public_datasets():
    return (
        model.Session.query(model.Package.name, model.Package.metadata_modified)
        .filter(model.Package.state == "active")
        .filter(model.Package.private == False)  # noqa: E712
        .filter(model.Package.type == "dataset")
    )


def _urlset(entries) -> Response:
    seen, lines = (
        set(),
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ],
    )
    for loc, lastmod in entries:
        if loc in seen:
            continue
        seen.add(loc)
        lastmod_xml = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{lastmod_xml}</url>")
    lines.append("</urlset>")
    return Response("\n".join(lines), mimetype="application/xml")


def _dataset_entries(query):
    return [
        (_sitemap_url("dataset.read", id=n), m.date().isoformat() if m else None) for n, m in query
    ]


@blueprint.route("/sitemap.xml")
def sitemap_xml():
    """sitemaps.org: home, sections, content items, spheres, organizations, public datasets.
    One file while everything fits in ckanext.egovuz.sitemap.max_urls (50,000, the
    protocol's limit); beyond that a sitemap index of /sitemap-site.xml and
    /sitemap-datasets-N.xml, each at most max_urls addresses (datasets by name, so a part
    keeps its datasets while others are added)."""
    limit = max(int(tk.config.get("ckanext.egovuz.sitemap.max_urls")), 1)
    entries = _site_entries()
    count = _public_datasets().count()
    if len(entries) + count <= limit:
        datasets = _public_datasets().order_by(model.Package.metadata_modified.desc())
        return _urlset(entries + _dataset_entries(datasets))
    parts = [_sitemap_url("egovuz_content.sitemap_site")]
    parts += [
        _sitemap_url("egovuz_content.sitemap_datasets", n=n)
        for n in range(1, (count + limit - 1) // limit + 1)
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in parts]
    lines.append("</sitemapindex>")
    return Response("\n".join(lines), mimetype="application/xml")


@blueprint.route("/sitemap-site.xml")
def sitemap_site():
    limit = max(int(tk.config.get("ckanext.egovuz.sitemap.max_urls")), 1)
    return _urlset(_site_entries()[:limit])


@blueprint.route("/sitemap-datasets-<int:n>.xml")
def sitemap_datasets(n):
    limit = max(int(tk.config.get("ckanext.egovuz.sitemap.max_urls")), 1)
    if n < 1:
        return tk.abort(404, tk._("Not found"))
    rows = (
        _public_datasets().order_by(model.Package.name).offset((n - 1) * limit).limit(limit).all()
    )
    if not rows:
        return tk.abort(404, tk._("Not found"))
    return _urlset(_dataset_entries(rows))


def get_blueprints():
    return [blueprint]
