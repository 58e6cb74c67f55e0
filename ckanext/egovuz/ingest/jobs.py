"""The loading step of xloader's job, replaced by ours.

xloader's RQ job `ckanext.xloader.jobs.xloader_data_into_datastore` stays as it is: it
marks the task running, logs to xloader's job log (shown on the resource's DataStore
page), retries temporary errors, reports complete/error through the `xloader_hook`
callback (which calls IXloader.after_upload, i.e. the versions). Only its inner step
`xloader_data_into_datastore_` (download, load, set datastore_active) is replaced by
`ingest_data_into_datastore` below when the plugin `egovuz_ingest` is loaded. It reuses
xloader's own download, resource lookup, datastore_active and callback functions, and
hands files it does not handle (XLS, ODS, or with ckanext.egovuz.ingest.enabled off) to
xloader's original step.
"""
from __future__ import annotations

import csv
import datetime
import logging
import os
import tempfile

from ckan.plugins import toolkit as tk

from . import flags, loader, progress

log = logging.getLogger(__name__)

CSV_FORMATS = {"csv", "tsv", "txt", "text/csv", "text/tab-separated-values", ""}
XLSX_FORMATS = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

_original = None


def install() -> None:
    """Point xloader's job at our loading step (idempotent)."""
    global _original
    from ckanext.xloader import jobs as xjobs
    current = xjobs.xloader_data_into_datastore_
    if current is ingest_data_into_datastore:
        return
    _original = current
    xjobs.xloader_data_into_datastore_ = ingest_data_into_datastore
    # xloader's own step (XLS, ODS) writes through these two: the same keys-only,
    # locked writes as ours (see flags.py)
    xjobs.set_resource_metadata = _set_resource_metadata
    xjobs.update_resource = _update_resource
    _pre_ping_job_db()


def _pre_ping_job_db() -> None:
    """xloader's job database engine checks a pooled connection before use, as CKAN's
    do (a PostgreSQL restart otherwise fails the next status page of each process)."""
    from ckanext.xloader import db as xdb
    if getattr(xdb.init, "egovuz_pre_ping", False):
        return
    original = xdb.init

    def init(config, echo=False):
        original(config, echo)
        if xdb.ENGINE is not None:
            xdb.ENGINE.pool._pre_ping = True
    init.egovuz_pre_ping = True
    xdb.init = init


def _set_resource_metadata(update_dict):
    fields = {k: v for k, v in update_dict.items()
              if k in ("datastore_active", "datastore_contains_all_records_of_source_file")}
    flags.update_resource_fields(update_dict["resource_id"], fields)


def _update_resource(resource, patch_only=False):
    """xloader's update_resource: a patch of a few keys becomes a keys-only write; a
    full update (xloader's set_url_type) keeps xloader's resource_update."""
    if patch_only:
        fields = {k: v for k, v in resource.items() if k != "id"}
        return flags.update_resource_fields(resource["id"], fields)
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("resource_update")({"ignore_auth": True, "user": user["name"],
                                      "auth_user_obj": None}, resource)


RESOURCE_LOCK = "egovuz_ingest_resource:"


def stopped_message() -> str:
    return tk._("The load stopped before it finished (its job worker was stopped); the "
                "previous data is still served. Load the file again.")


def recover_stopped_loads() -> list[str]:
    """Loads whose worker died (SIGKILL, OOM, a restart): their resource's lock is free
    while their progress says they run. Each is marked failed with a message (our
    progress and xloader's task status); temporary tables they left are dropped.
    Returns the resources marked."""
    import json

    import sqlalchemy as sa
    loader.drop_orphans()
    t = progress.progress_table
    from ckan.model import meta
    with meta.engine.connect() as conn:
        running = [r[0] for r in conn.execute(sa.select(t.c.resource_id).where(
            t.c.phase.notin_(["complete", "error"])))]
    marked = []
    if not running:
        return marked
    with loader.write_engine().connect() as lock_conn:
        for rid in running:
            key = {"k": RESOURCE_LOCK + rid}
            if not lock_conn.execute(sa.text("SELECT pg_try_advisory_lock(hashtext(:k))"),
                                     key).scalar():
                continue  # a live load holds it
            try:
                msg = stopped_message()
                progress.update(rid, "error", error=msg)
                try:
                    ctx = {"ignore_auth": True}
                    task = tk.get_action("task_status_show")(ctx, {
                        "entity_id": rid, "task_type": "xloader", "key": "xloader"})
                    if task.get("state") not in ("complete", "error"):
                        task.update(state="error", error=json.dumps({"message": msg}),
                                    last_updated=str(datetime.datetime.utcnow()))
                        tk.get_action("task_status_update")(ctx, task)
                except tk.ObjectNotFound:
                    pass
                marked.append(rid)
                log.warning("load of %s had stopped: marked failed", rid)
            finally:
                lock_conn.execute(sa.text("SELECT pg_advisory_unlock(hashtext(:k))"), key)
                lock_conn.commit()
    return marked


def original_step():
    from ckanext.xloader import jobs as xjobs
    return _original or xjobs.xloader_data_into_datastore_


def _handles(resource: dict) -> str | None:
    fmt = (resource.get("format") or "").strip().lower().lstrip(".")
    if fmt in XLSX_FORMATS:
        return "xlsx"
    if fmt in CSV_FORMATS:
        return "csv"
    return None


def xlsx_to_csv(path: str) -> str:
    """The first sheet of an XLSX file as a UTF-8 CSV (openpyxl's streaming reader)."""
    from openpyxl import load_workbook
    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    fd, out = tempfile.mkstemp(suffix=".csv")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        for row in ws.iter_rows(values_only=True):
            w.writerow(["" if v is None else (v.isoformat(sep=" ") if hasattr(v, "isoformat")
                                               and hasattr(v, "hour") else
                                               (v.isoformat() if hasattr(v, "isoformat") else v))
                        for v in row])
    wb.close()
    return out


def ingest_data_into_datastore(input, job_dict, logger):
    """Replacement of ckanext.xloader.jobs.xloader_data_into_datastore_ (same contract)."""
    from ckanext.xloader import jobs as xjobs
    from ckanext.xloader.job_exceptions import JobError

    if not tk.asbool(tk.config.get("ckanext.egovuz.ingest.enabled")):
        return original_step()(input, job_dict, logger)

    xjobs.validate_input(input)
    data = input["metadata"]
    resource_id = data["resource_id"]
    api_key = input.get("api_key")
    try:
        resource, dataset = xjobs.get_resource_and_dataset(resource_id, api_key)
    except (JobError, tk.ObjectNotFound):
        import time
        time.sleep(5)
        resource, dataset = xjobs.get_resource_and_dataset(resource_id, api_key)
    kind = _handles(resource)
    if kind is None:
        logger.info("egovuz ingest: format %r goes to xloader's loader", resource.get("format"))
        return original_step()(input, job_dict, logger)

    rw_types = (tk.h.datastore_rw_resource_url_types()
                if hasattr(tk.h, "datastore_rw_resource_url_types") else ["datastore"])
    if resource.get("url_type") in rw_types:
        logger.info("Ignoring resource - R/W DataStore resources are managed with the "
                    "Datastore API")
        return
    logger.info("Express Load starting (egovuz ingest): /dataset/%s/resource/%s",
                dataset["name"], resource["id"])
    recover_stopped_loads()
    # one load of a resource at a time; a worker killed mid-load frees it (see _Owner)
    owner = loader._Owner(loader.write_engine(), RESOURCE_LOCK + resource_id)
    try:
        _ingest(input, job_dict, logger, data, resource, resource_id, kind, api_key)
    finally:
        owner.close()


def _ingest(input, job_dict, logger, data, resource, resource_id, kind, api_key):
    from ckanext.xloader import jobs as xjobs
    from ckanext.xloader.job_exceptions import JobError
    from ckanext.xloader.utils import cleanup_temp_file

    progress.update(resource_id, "downloading", 0, None, started=True)
    try:
        tmp_file, file_hash = xjobs._download_resource_data(resource, data, api_key, logger)
    except Exception as e:
        progress.update(resource_id, "error", error=str(e))
        raise
    converted = None
    try:
        if resource.get("hash") == file_hash and not data.get("ignore_hash"):
            logger.info("Ignoring resource - the file hash hasn't changed: %s.", file_hash)
            progress.update(resource_id, "complete", messages=[
                tk._("The file has not changed since the last load.")])
            return
        logger.info("File hash: %s", file_hash)
        resource["hash"] = file_hash
        path = tmp_file.name
        if kind == "xlsx":
            logger.info("Reading the XLSX file's first sheet")
            progress.update(resource_id, "converting", 0, None)
            try:
                converted = path = xlsx_to_csv(path)
            except Exception as e:
                raise loader.LoadError(tk._("The file could not be read as XLSX: {error}")
                                       .format(error=e))

        def on_queryable():
            # only this resource's flags, under the dataset's lock (flags.py): never
            # xloader's set_datastore_active, whose re-index can undo another job's flag
            flags.update_resource_fields(resource_id, {
                "datastore_active": True,
                "datastore_contains_all_records_of_source_file": True})
            logger.info("Setting resource.datastore_active = True")
            if "result_url" in input:
                job_dict["status"] = "running_but_viewable"
                xjobs.callback_xloader_hook(result_url=input["result_url"], api_key=api_key,
                                            job_dict=job_dict)
            logger.info("Data now available to users")

        try:
            result = loader.load(path, resource_id, logger=logger, on_queryable=on_queryable)
        except loader.LoadError as e:
            progress.update(resource_id, "error", error=str(e))
            logger.error("Load failed, the previous data is unchanged: %s", e)
            raise JobError(str(e))
        for msg in result["messages"]:
            logger.warning(msg)
        flags.update_resource_fields(resource_id, {"hash": resource["hash"]})
        logger.info("File Hash updated for resource: %s", resource["hash"])
    finally:
        cleanup_temp_file(tmp_file)
        if converted:
            os.unlink(converted)
    logger.info("Express Load completed")
