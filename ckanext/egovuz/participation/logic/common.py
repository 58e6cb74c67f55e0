"""Pieces shared by the participation actions: validators with per-field messages,
the honeypot, Redis rate limits, who the caller is and whether they moderate."""

from __future__ import annotations

import re
from typing import Any

from ckan import authz, model
from ckan.plugins import toolkit as tk

from ...core import ratelimit

Invalid = tk.Invalid

# Text that cannot be stored in PostgreSQL (NUL) or that is invisible control noise.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(key, data, errors, context):
    """Text as text: str only (numbers and lists are refused, bytes decoded as UTF-8 with
    a clear message otherwise), control characters removed, surrounding space stripped.
    A value that is not text stops the field's other validators."""
    value = data.get(key)
    if value is None or value is tk.missing:
        return
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            errors[key].append(tk._("Text must be UTF-8 encoded"))
            raise tk.StopOnError
    if not isinstance(value, str):
        errors[key].append(tk._("Must be text"))
        raise tk.StopOnError
    data[key] = _CONTROL.sub("", value).strip()


def max_length(n: int):
    def validator(value: Any, context=None):
        if isinstance(value, str) and len(value) > n:
            raise Invalid(
                tk._("Must be at most {n} characters long (now {m})").format(n=n, m=len(value))
            )
        return value

    validator.__name__ = f"max_length_{n}"
    return validator


def min_length(n: int):
    def validator(value: Any, context=None):
        if isinstance(value, str) and len(value) < n:
            raise Invalid(tk._("Must be at least {n} characters long").format(n=n))
        return value

    validator.__name__ = f"min_length_{n}"
    return validator


def honeypot(key, data, errors, context):
    """A field people never see; a bot that fills it in is refused."""
    value = data.get(key)
    if value not in (None, "", tk.missing) and not isinstance(value, type(tk.missing)):
        errors[key].append(tk._("This field must be left empty"))
    data.pop(key, None)


def user_obj(context) -> model.User | None:
    name = context.get("user")
    if not name:
        return None
    user = context.get("auth_user_obj")
    if isinstance(user, model.User) and user.name == name:
        return user
    return model.User.get(name)


def user_id(context) -> str | None:
    user = user_obj(context)
    return user.id if user else None


def is_sysadmin(context) -> bool:
    user = user_obj(context)
    return bool(user and user.sysadmin)


def is_org_admin(context, org_id: str | None) -> bool:
    if not org_id:
        return False
    name = context.get("user")
    return bool(name) and authz.has_user_permission_for_group_or_org(org_id, name, "admin")


def admin_org_ids(context) -> list[str]:
    user = user_obj(context)
    if not user:
        return []
    q = (
        model.Session.query(model.Member.group_id)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .filter(
            model.Member.table_name == "user",
            model.Member.table_id == user.id,
            model.Member.state == "active",
            model.Member.capacity == "admin",
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
    )  # noqa: E712
    return [r[0] for r in q]


def validate(data_dict: dict, schema: dict, context: dict) -> dict:
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        model.Session.rollback()
        raise tk.ValidationError(errors)
    data.pop("__extras", None)
    data.pop("__junk", None)
    return data


# --- rate limits ----------------------------------------------------------------------
RATE_DEFAULTS = {
    "survey": (5, 3600),
    "feedback": (5, 3600),
    "comment": (10, 600),
    "proposal": (10, 3600),
}


def _limit(kind: str) -> tuple[int, int]:
    count, window = RATE_DEFAULTS[kind]
    count = tk.config.get(f"ckanext.egovuz.participation.rate_limit.{kind}", count)
    window = tk.config.get(f"ckanext.egovuz.participation.rate_limit.{kind}_window", window)
    return int(count), int(window)


def check_rate(kind: str, context) -> None:
    """Refuse when `identity` (the user, or the IP address of an anonymous visitor: the
    connection's, or the one `ckanext.egovuz.trusted_proxies` proxies forwarded) has
    already made its allowance of `kind` submissions in the current window. Operators
    are not limited. The submission is counted here, atomically, so that a parallel burst
    cannot pass the limit; a refused one gives its place back (a submission refused for
    its content was validated before this and never counted)."""
    if is_sysadmin(context):
        return
    limit, window = _limit(kind)
    identity = user_id(context) or "ip:" + ratelimit.client_ip()
    context["_egovuz_rate"] = ratelimit.take(kind, identity, limit, window)


clear_rate_limits = ratelimit.clear_all


def count_rate(context) -> None:
    """The submission counted by `check_rate` was stored: keep it counted."""
    context.pop("_egovuz_rate", None)
