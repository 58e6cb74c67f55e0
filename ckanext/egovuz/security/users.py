"""How a user is named on pages and in action results others can read.

CKAN's `display_name` falls back to the login name, and `ckan.auth.public_user_details`
= false (the portal's setting) means logins and user ids are not public. So: the full
name the user gave; without one, a neutral label. The login (and id) only to operators,
to the user themself, or when the site makes user details public."""

from __future__ import annotations

from ckan import model
from ckan.plugins import toolkit as tk


def viewer(context: dict | None) -> model.User | None:
    context = context or {}
    obj = context.get("auth_user_obj")
    name = context.get("user")
    if isinstance(obj, model.User) and (not name or obj.name == name):
        return obj
    if name:
        return model.User.get(name)
    try:
        from flask import has_request_context

        if has_request_context():
            user = getattr(tk.g, "userobj", None)
            return user if isinstance(user, model.User) else None
    except Exception:  # no request: nobody
        return None
    return None


def details_public(context: dict | None = None, user_id: str | None = None) -> bool:
    """May the caller see logins and user ids (of `user_id`, when given)?"""
    if tk.asbool(tk.config.get("ckan.auth.public_user_details")):
        return True
    me = viewer(context)
    return bool(me and (me.sysadmin or (user_id and me.id == user_id)))


def public_name(
    user: model.User | str | None, context: dict | None = None, users: dict | None = None
) -> str:
    """The name to show for `user` (an object or an id) to the caller of `context`."""
    if isinstance(user, str):
        user = (users or {}).get(user) or model.User.get(user)
    if user is None:
        return ""
    if user.fullname and user.fullname.strip():
        return user.fullname.strip()
    if details_public(context, user.id):
        return user.name
    return tk._("Portal user")
