"""egovuz_health: are PostgreSQL, the DataStore, Solr and Redis answering, each checked
separately. Everyone (a load balancer is anonymous) may ask; only sysadmins see the
error texts, which can name hosts and ports."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from . import health


def _check_name(value, context):
    if value not in health.CHECKS:
        raise tk.Invalid(
            tk._("Unknown check: choose among {names}").format(names=", ".join(health.CHECKS))
        )
    return value


def health_schema():
    ignore_missing = tk.get_validator("ignore_missing")
    list_of_strings = tk.get_validator("list_of_strings")
    return {"checks": [ignore_missing, list_of_strings, _each(_check_name)]}


def _each(validator):
    def run(value, context):
        return [validator(v, context) for v in value]

    return run


@tk.side_effect_free
def egovuz_health(context, data_dict):
    """{"status": "ok"|"fail", "checks": {name: {"ok", "ms"[, "error"]}}}.

    :param checks: which services to check (default: all loaded: postgresql, datastore,
        solr, redis); a comma-separated string or a list
    """
    tk.check_access("egovuz_health", context, data_dict)
    if isinstance(data_dict.get("checks"), str):
        names = [c.strip() for c in data_dict["checks"].split(",") if c.strip()]
        data_dict = dict(data_dict, checks=names)
    data, errors = tk.navl_validate(data_dict, health_schema(), context)
    if errors:
        raise tk.ValidationError(errors)
    names = data.get("checks") or health.available()
    from ckan import authz

    show_errors = bool(context.get("user")) and authz.is_sysadmin(context.get("user"))
    checks = {}
    for name in names:
        result = health.run(name)
        if not show_errors or result["error"] is None:
            result.pop("error")
        checks[name] = result
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "fail", "checks": checks}


@tk.auth_allow_anonymous_access
def egovuz_health_auth(context, data_dict):
    return {"success": True}


def get_actions():
    return {"egovuz_health": egovuz_health}


def get_auth_functions():
    return {"egovuz_health": egovuz_health_auth}
