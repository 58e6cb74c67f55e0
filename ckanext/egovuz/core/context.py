"""The action context of the current request, one treatment of the anonymous user, and
the validation of an action's input against its navl schema."""

from __future__ import annotations

from ckan.plugins import toolkit as tk


def user_name() -> str:
    """The logged-in user's name, or "" for the anonymous user (as CKAN's views do)."""
    user = tk.current_user
    return user.name if getattr(user, "is_authenticated", False) else ""


def action_context(**extra) -> dict:
    """{"user": name or "", "auth_user_obj": the user object or None} plus extra."""
    name = user_name()
    context = {"user": name, "auth_user_obj": tk.current_user if name else None}
    context.update(extra)
    return context


def validate(data_dict: dict, schema: dict, context: dict) -> dict:
    """The validated data, or tk.ValidationError with the per-field messages."""
    data, errors = tk.navl_validate(dict(data_dict or {}), schema, context)
    if errors:
        raise tk.ValidationError(errors)
    data.pop("__extras", None)
    data.pop("__junk", None)
    return data


def site_context() -> dict:
    """The context of the site user with auth checked (commands run from cron)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": False}
