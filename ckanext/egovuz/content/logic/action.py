"""Actions of the portal's content: news, legislation, glossary, static pages.

  egovuz_news_{create,update,delete,show,list}
  egovuz_law_{create,update,delete,show,list}
  egovuz_glossary_{create,update,delete,show,list}
  egovuz_guide_{create,update,delete,show,list}   (Yoʻriqnomalar: guides with documents)
  egovuz_page_{update,show,list}      (pages: guides, about, open-data, terms)

Writes are for operators (sysadmins), reads for everyone. News images and legislation
files go through CKAN's uploader (object types egovuz_news, egovuz_law, egovuz_guide)."""

from __future__ import annotations

import datetime

import sqlalchemy.exc
from ckan.lib import munge, uploader
from ckan.model import meta
from ckan.plugins import toolkit as tk

from .. import model
from . import schema as schemas

# kind -> (upload object type, url field, upload field, clear field, list order)
KINDS = {
    "news": ("egovuz_news", "image_url", "image_upload", "clear_image_upload", "published"),
    "law": ("egovuz_law", "url", "file_upload", "clear_file_upload", "published"),
    "glossary": (None, None, None, None, "title"),
    "guide": ("egovuz_guide", "url", "file_upload", "clear_file_upload", "title"),
    "page": (None, None, None, None, "title"),
}
PAGE_ACTIONS = {
    "update": "egovuz_page_update",
    "show": "egovuz_page_show",
    "list": "egovuz_page_list",
}


def _user_id(context):
    from ckan.model import User

    obj = User.get(context["user"]) if context.get("user") else None
    return obj.id if obj else None


def _prepare_upload(kind, data_dict, context, old_value=None):
    object_type, url_field, upload_field, clear_field, _ = KINDS[kind]
    if not object_type:
        return None
    upload = uploader.get_uploader(object_type, old_value)
    upload.update_data_dict(data_dict, url_field, upload_field, clear_field)
    if getattr(upload, "filename", None):
        context["egovuz_uploaded"] = data_dict.get(url_field)
    if old_value:
        context["egovuz_old_file"] = old_value
    return upload


def _unique_name(kind, base, except_id=None):
    base = (base or "item")[:90].strip("-") or "item"
    name, n = base, 1
    while model.name_taken(kind, name, except_id):
        n += 1
        name = f"{base}-{n}"
    return name


def _validate(kind, data_dict, context, update=False):
    data, errors = tk.navl_validate(data_dict, schemas.schema(kind, update), context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _max_size(kind):
    return uploader.get_max_image_size() if kind == "news" else uploader.get_max_resource_size()


def _save(kind, data, upload, create_fn):
    try:
        if upload is not None:
            upload.upload(_max_size(kind))
        return create_fn()
    except sqlalchemy.exc.IntegrityError:
        meta.Session.rollback()
        raise tk.ValidationError({"name": [tk._("This name is already used")]})


def _make_create(kind):
    def create(context, data_dict):
        tk.check_access(f"egovuz_{kind}_create", context, data_dict)
        data_dict = dict(data_dict)
        upload = _prepare_upload(kind, data_dict, context)
        data = _validate(kind, data_dict, context)
        if data.get("name"):
            if model.name_taken(kind, data["name"]):
                raise tk.ValidationError({"name": [tk._("This name is already used")]})
        else:
            data["name"] = _unique_name(kind, munge.munge_title_to_name(data["title"]))
        if kind == "news" and not data.get("published"):
            data["published"] = datetime.date.today()
        return _save(kind, data, upload, lambda: model.create(kind, data, _user_id(context)))

    create.__name__ = f"egovuz_{kind}_create"
    create.__doc__ = f"Create a {kind} item (operators only). Fields: see schema.py."
    return create


def _make_update(kind):
    def update(context, data_dict):
        tk.check_access(f"egovuz_{kind}_update", context, data_dict)
        data_dict = dict(data_dict)
        existing = model.get(kind, str(data_dict.get("id") or ""))
        if existing is None:
            raise tk.ObjectNotFound(tk._("Not found"))
        # Patch semantics: a field left out keeps its value, an empty one clears it.
        merged = {k: v for k, v in existing.items() if k in model.EDITABLE and v is not None}
        merged.update(data_dict)
        merged["id"] = existing["id"]
        url_field = KINDS[kind][1]
        old_value = existing.get(url_field) if url_field else None
        if (
            old_value
            and not old_value.startswith("http")
            and str(merged.get(url_field) or "").startswith("http")
        ):
            merged[KINDS[kind][3]] = "true"  # a link replaces the uploaded file
        upload = _prepare_upload(kind, merged, context, old_value)
        data = _validate(kind, merged, context, update=True)
        if data.get("name") and model.name_taken(kind, data["name"], existing["id"]):
            raise tk.ValidationError({"name": [tk._("This name is already used")]})
        values = {k: data.get(k) for k in model.EDITABLE if k in schemas.schema(kind)}
        values["name"] = data.get("name") or existing["name"]
        return _save(kind, data, upload, lambda: model.update(kind, existing["id"], values))

    update.__name__ = f"egovuz_{kind}_update"
    return update


def _make_delete(kind):
    def delete(context, data_dict):
        tk.check_access(f"egovuz_{kind}_delete", context, data_dict)
        existing = model.get(kind, str(data_dict.get("id") or ""))
        if existing is None:
            raise tk.ObjectNotFound(tk._("Not found"))
        model.delete(kind, existing["id"])
        return {"id": existing["id"]}

    delete.__name__ = f"egovuz_{kind}_delete"
    return delete


def _public(item, context):
    """A content item as the caller sees it: the creator's user id only to operators
    (ckan.auth.public_user_details is false on the portal)."""
    from ...security.users import details_public

    if item is not None and not details_public(context, item.get("creator_user_id")):
        item = dict(item)
        item.pop("creator_user_id", None)
    return item


def _make_show(kind):
    @tk.side_effect_free
    def show(context, data_dict):
        tk.check_access(f"egovuz_{kind}_show", context, data_dict)
        key = data_dict.get("id") or data_dict.get("name")
        item = model.get(kind, str(key or ""))
        if item is None:
            raise tk.ObjectNotFound(tk._("Not found"))
        return _public(item, context)

    show.__name__ = f"egovuz_{kind}_show"
    return show


def _make_list(kind):
    @tk.side_effect_free
    def list_(context, data_dict):
        tk.check_access(f"egovuz_{kind}_list", context, data_dict)
        data, errors = tk.navl_validate(dict(data_dict), schemas.list_schema(), context)
        if errors:
            raise tk.ValidationError(errors)
        count, results = model.listing(kind, data["limit"], data["offset"], KINDS[kind][4])
        return {"count": count, "results": [_public(r, context) for r in results]}

    list_.__name__ = f"egovuz_{kind}_list"
    return list_


def page_update(context, data_dict):
    """Create or replace a static page (guides, about, open-data, terms)."""
    tk.check_access("egovuz_page_update", context, data_dict)
    data = _validate("page", dict(data_dict), context)
    existing = model.get("page", data["name"])
    if existing is None:
        return _save("page", data, None, lambda: model.create("page", data, _user_id(context)))
    values = {
        k: data.get(k) for k in ("title", "title_ru", "title_en", "body", "body_ru", "body_en")
    }
    return model.update("page", existing["id"], values)


@tk.side_effect_free
def page_show(context, data_dict):
    tk.check_access("egovuz_page_show", context, data_dict)
    item = model.get("page", str(data_dict.get("name") or data_dict.get("id") or ""))
    if item is None:
        raise tk.ObjectNotFound(tk._("Not found"))
    return _public(item, context)


@tk.side_effect_free
def page_list(context, data_dict):
    tk.check_access("egovuz_page_list", context, data_dict)
    _, results = model.listing("page", 0, 0, "title")
    return [_public(r, context) for r in results]


def get_actions():
    actions = {}
    for kind in ("news", "law", "glossary", "guide"):
        for make in (_make_create, _make_update, _make_delete, _make_show, _make_list):
            fn = make(kind)
            actions[fn.__name__] = fn
    actions["egovuz_page_update"] = page_update
    actions["egovuz_page_show"] = page_show
    actions["egovuz_page_list"] = page_list
    return actions
