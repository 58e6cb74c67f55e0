"""Comments on datasets (S-PASS-10): registered users post and reply (one level);
operators and the dataset's organization admins hide or delete. Bodies are Markdown,
stored as typed and rendered through h.render_markdown (bleached) on display."""

from __future__ import annotations

import sqlalchemy as sa

from ckan import model
from ckan.plugins import toolkit as tk

from .. import model as pm
from . import common
from .ratings import package_ref
from ...security.users import public_name

C = pm.comment_table
PAGE_SIZE = 20


def create_schema():
    v = tk.get_validator
    return {
        "package_id": [v("not_empty"), package_ref],
        "body": [v("not_empty"), common.clean_text, v("not_empty"), common.max_length(4000)],
        "parent_id": [v("ignore_missing"), common.clean_text],
        "website": [common.honeypot],
    }


def _get(comment_id):
    row = (
        model.Session.execute(sa.select(C).where(C.c.id == comment_id)).first()
        if comment_id
        else None
    )
    if row is None or row.state == "deleted":
        raise tk.ObjectNotFound(tk._("Comment not found"))
    return row


def can_moderate(context, package_id) -> bool:
    if common.is_sysadmin(context):
        return True
    pkg = model.Package.get(package_id)
    return bool(pkg and common.is_org_admin(context, pkg.owner_org))


def _author(user_id, context=None):
    # full name, never the login unless user details are public (security.users)
    return public_name(user_id, context) if user_id else ""


def _authors(rows, context=None) -> dict:
    ids = {r.user_id for r in rows if r.user_id}
    if not ids:
        return {}
    users = model.Session.query(model.User).filter(model.User.id.in_(ids))
    return {u.id: public_name(u, context) for u in users}


def _dictize(row, moderator=False, authors=None, context=None):
    hidden = row.state == "hidden"
    author = authors.get(row.user_id, "") if authors is not None else _author(row.user_id, context)
    return {
        "id": row.id,
        "package_id": row.package_id,
        "parent_id": row.parent_id,
        "body": row.body if (not hidden or moderator) else None,
        "state": row.state,
        "author": author,
        "created": row.created.isoformat(),
        "modified": row.modified.isoformat(),
    }


def comment_create(context, data_dict):
    data = common.validate(data_dict, create_schema(), context)
    tk.check_access("egovuz_comment_create", context, {"package_id": data["package_id"]})
    parent_id = data.get("parent_id") or None
    if parent_id:
        try:
            parent = _get(parent_id)
        except tk.ObjectNotFound:
            raise tk.ValidationError(
                {"parent_id": [tk._("The comment you reply to does not exist")]}
            )
        if parent.package_id != data["package_id"]:
            raise tk.ValidationError(
                {"parent_id": [tk._("The comment you reply to does not exist")]}
            )
        if parent.parent_id:  # replies are one level deep: a reply to a reply joins the thread
            parent_id = parent.parent_id
    common.check_rate("comment", context)
    cid = pm.make_uuid()
    now = pm.utcnow()
    model.Session.execute(
        C.insert().values(
            id=cid,
            package_id=data["package_id"],
            parent_id=parent_id,
            user_id=common.user_id(context),
            body=data["body"],
            state="active",
            created=now,
            modified=now,
        )
    )
    model.Session.commit()
    common.count_rate(context)
    return _dictize(_get(cid), context=context)


@tk.side_effect_free
def comment_list(context, data_dict):
    """A page of a dataset's top-level comments (oldest first) with their replies.
    Hidden comments keep their place with no body, except for moderators."""
    v = tk.get_validator
    data = common.validate(
        data_dict,
        {
            "package_id": [v("not_empty"), package_ref],
            "page": [v("default")(1), v("is_positive_integer")],
            "limit": [
                v("default")(PAGE_SIZE),
                v("is_positive_integer"),
                v("limit_to_configured_maximum")("ckan.search.rows_max", 100),
            ],
        },
        context,
    )
    tk.check_access("egovuz_comment_list", context, {"package_id": data["package_id"]})
    moderator = can_moderate(context, data["package_id"])
    visible = C.c.state != "deleted"
    top = sa.and_(C.c.package_id == data["package_id"], C.c.parent_id.is_(None), visible)
    total = model.Session.execute(sa.select(sa.func.count()).select_from(C).where(top)).scalar()
    limit = min(int(data["limit"]), 100)
    rows = model.Session.execute(
        sa.select(C)
        .where(top)
        .order_by(C.c.created, C.c.id)
        .limit(limit)
        .offset((int(data["page"]) - 1) * limit)
    ).fetchall()
    ids = [r.id for r in rows]
    reply_rows = (
        model.Session.execute(
            sa.select(C).where(C.c.parent_id.in_(ids), visible).order_by(C.c.created, C.c.id)
        ).fetchall()
        if ids
        else []
    )
    authors = _authors(list(rows) + list(reply_rows), context)  # one query for every author
    replies = {}
    for r in reply_rows:
        replies.setdefault(r.parent_id, []).append(_dictize(r, moderator, authors))
    results = []
    for r in rows:
        d = _dictize(r, moderator, authors)
        d["replies"] = replies.get(r.id, [])
        results.append(d)
    return {
        "count": total,
        "page": int(data["page"]),
        "limit": limit,
        "results": results,
        "can_moderate": moderator,
    }


def _moderate(context, data_dict, state, action):
    row = _get(data_dict.get("id"))
    tk.check_access(action, context, {"package_id": row.package_id})
    model.Session.execute(
        C.update()
        .where(C.c.id == row.id)
        .values(state=state, moderated_by=common.user_id(context), modified=pm.utcnow())
    )
    model.Session.commit()
    return {"id": row.id, "state": state}


def comment_hide(context, data_dict):
    return _moderate(context, data_dict, "hidden", "egovuz_comment_hide")


def comment_unhide(context, data_dict):
    return _moderate(context, data_dict, "active", "egovuz_comment_unhide")


def comment_delete(context, data_dict):
    return _moderate(context, data_dict, "deleted", "egovuz_comment_delete")


def get_actions():
    return {
        "egovuz_comment_create": comment_create,
        "egovuz_comment_list": comment_list,
        "egovuz_comment_hide": comment_hide,
        "egovuz_comment_unhide": comment_unhide,
        "egovuz_comment_delete": comment_delete,
    }
