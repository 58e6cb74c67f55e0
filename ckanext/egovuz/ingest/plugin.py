"""Plugin `egovuz_ingest`: loads uploads into the DataStore at COPY speed, typed, with
progress (issue 8). It keeps xloader's job and replaces only its loading step (jobs.py)."""

from __future__ import annotations

import logging

import ckan.plugins as p
from ckan.plugins import toolkit as tk

from ..core import compat
from ..core.plugin import DomainPlugin
from . import flags, jobs, progress, queue
from .messages import translate

log = logging.getLogger(__name__)

JOBS_DB = "ckanext.xloader.jobs_db.uri"


def job_log_in_ckans_database(config) -> None:
    """xloader's job log lives in CKAN's own database unless the ini names another
    PostgreSQL one: xloader's declared default, a SQLite file in /tmp, is lost with the
    machine's /tmp and is not shared by two hosts. One setting less to keep in step, and
    CKAN_SQLALCHEMY_URL moves both."""
    if not str(config.get(JOBS_DB) or "").startswith("postgresql"):
        config[JOBS_DB] = config["sqlalchemy.url"]


def _recover_if_stopped(resource_id: str) -> None:
    """A load that says it runs while no process holds its lock died with its worker:
    marked failed now, so its status page says so and a new load can be asked for."""
    state = progress.get(resource_id)
    if not state or state["phase"] in ("complete", "error"):
        return
    try:
        jobs.recover_stopped_loads([resource_id])
    except Exception:  # the status is shown anyway
        log.exception("could not check the load of %s", resource_id)


@tk.side_effect_free
def egovuz_ingest_status(context, data_dict):
    """Progress of the latest load of a resource: phase (detecting, loading,
    converting, publishing, indexing, complete, error), rows_loaded, rows_total,
    percent, messages (e.g. columns that fell back to text), error.

    :param resource_id: the resource id
    """
    schema = {"resource_id": [tk.get_validator("not_empty"), tk.get_validator("unicode_safe")]}
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    res = tk.get_action("resource_show")({"ignore_auth": True}, {"id": data["resource_id"]})
    tk.check_access("egovuz_ingest_status", context, {"resource_id": res["id"]})
    _recover_if_stopped(res["id"])
    status = progress.get(res["id"]) or {"phase": None}
    if status.get("error"):
        status["error"] = translate(status["error"])
    return status


@tk.chained_action
@tk.side_effect_free
def xloader_status(up_func, context, data_dict):
    """xloader's status, its error told in the reader's language, without traceback."""
    resource_id = data_dict.get("resource_id") or data_dict.get("id")
    if resource_id:
        tk.check_access("xloader_status", context, data_dict)
        _recover_if_stopped(resource_id)
    status = up_func(context, data_dict)
    if status.get("status") != "error":
        return status
    prog = progress.get(resource_id) if resource_id else None
    if prog and prog["phase"] == "error" and prog["error"]:
        message = {"message": translate(prog["error"])}
        status["error"] = message
        if status.get("task_info"):
            status["task_info"]["error"] = message
    return status


@tk.auth_allow_anonymous_access
def egovuz_ingest_status_auth(context, data_dict):
    try:
        tk.check_access("resource_show", context, {"id": data_dict.get("resource_id")})
        return {"success": True}
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to read this resource")}


def ingest_progress(resource_id):
    try:
        return tk.get_action("egovuz_ingest_status")(
            {"user": tk.g.user}, {"resource_id": resource_id}
        )
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return None


class EgovuzIngestPlugin(DomainPlugin):
    p.implements(p.IConfigurable)
    p.implements(p.IPackageController, inherit=True)

    views = None

    # IConfigurable
    def configure(self, config):
        # fail loudly on an xloader/CKAN whose internals the override was not written for
        compat.require_xloader_internals()
        compat.require_datastore_internals()
        job_log_in_ckans_database(config)
        jobs.install()

    # IActions / IAuthFunctions / ITemplateHelpers: the functions above
    def get_actions(self):
        return {
            "egovuz_ingest_status": egovuz_ingest_status,
            "xloader_status": xloader_status,
            "xloader_submit": queue.xloader_submit,
        }

    def get_auth_functions(self):
        return {"egovuz_ingest_status": egovuz_ingest_status_auth}

    def get_helpers(self):
        return {"egovuz_ingest_progress": ingest_progress}

    # IPackageController: a save never writes back a stale datastore_active (flags.py)
    def after_dataset_update(self, context, pkg_dict):
        package = context.get("package")
        package_id = getattr(package, "id", None) or pkg_dict.get("id")
        if package_id:
            flags.guard_dataset_save(package_id)
