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

from . import fetch, flags, loader, progress
from .messages import N_, STOPPED, PublisherError, publisher_error

log = logging.getLogger(__name__)

CSV_FORMATS = {"csv", "tsv", "txt", "text/csv", "text/tab-separated-values", ""}
XLSX_FORMATS = {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

_original = None


_original_error_handler = None


def install() -> None:
    """Point xloader's job at our loading step, our checked download and our error
    reporting (idempotent)."""
    global _original, _original_error_handler
    from ckanext.xloader import jobs as xjobs

    fetch.install()
    if xjobs.handle_retryable_error is not handle_job_error:
        _original_error_handler = xjobs.handle_retryable_error
        xjobs.handle_retryable_error = handle_job_error
    # xloader's writes of a resource (its flag, the file's hash; also in its own step for
    # XLS and ODS) touch only their own keys, locked per dataset (see flags.py)
    xjobs.set_resource_metadata = _set_resource_metadata
    xjobs.update_resource = _update_resource
    _pre_ping_job_db()
    current = xjobs.xloader_data_into_datastore_
    if current is ingest_data_into_datastore:
        return
    _original = current
    xjobs.xloader_data_into_datastore_ = ingest_data_into_datastore


def _set_resource_metadata(update_dict):
    fields = {
        k: v
        for k, v in update_dict.items()
        if k in ("datastore_active", "datastore_contains_all_records_of_source_file")
    }
    flags.update_resource_fields(update_dict["resource_id"], fields)


def _update_resource(resource, patch_only=False):
    """xloader's update_resource: a patch of a few keys becomes a keys-only write; a
    full update (xloader's set_url_type) keeps xloader's resource_update."""
    if patch_only:
        fields = {k: v for k, v in resource.items() if k != "id"}
        return flags.update_resource_fields(resource["id"], fields)
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    tk.get_action("resource_update")(
        {"ignore_auth": True, "user": user["name"], "auth_user_obj": None}, resource
    )


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


RESOURCE_LOCK = "egovuz_ingest_resource:"


def stopped_message() -> str:
    """What the publisher reads of a load whose worker died (in their language)."""
    return tk._(STOPPED)


def recover_stopped_loads(resource_ids: list[str] | None = None) -> list[str]:
    """Loads whose worker died (SIGKILL, OOM, a restart): their resource's lock is free
    while their progress says they run. Each is marked failed with a message (our
    progress and xloader's task status); temporary tables they left are dropped.
    Every load does it for all resources before it starts; a read of a load's status
    (`xloader_status`, `egovuz_ingest_status`) for its own (`resource_ids`), so a dead
    load is shown failed at once. Returns the resources marked."""
    import sqlalchemy as sa
    from ckan.model import meta

    if resource_ids is None:
        loader.drop_orphans()
    t = progress.progress_table
    query = sa.select(t.c.resource_id).where(t.c.phase.notin_(["complete", "error"]))
    if resource_ids is not None:
        query = query.where(t.c.resource_id.in_(resource_ids))
    with meta.engine.connect() as conn:
        running = [r[0] for r in conn.execute(query)]
    if not running:
        return []
    marked = _mark_stopped(running)
    if marked and resource_ids is not None:
        loader.drop_orphans()  # what the dead load left
    return marked


def _mark_stopped(running: list[str]) -> list[str]:
    import json

    import sqlalchemy as sa

    marked: list[str] = []
    with flags.autocommit(loader.write_engine()) as lock_conn:
        for rid in running:
            key = {"k": RESOURCE_LOCK + rid}
            if not lock_conn.execute(
                sa.text("SELECT pg_try_advisory_lock(hashtext(:k))"), key
            ).scalar():
                continue  # a live load holds it
            try:
                # read again under the lock: the load may have ended since
                state = progress.get(rid)
                if not state or state["phase"] in ("complete", "error"):
                    continue
                msg = STOPPED  # the status actions translate it for the reader
                progress.update(rid, "error", error=PublisherError(STOPPED).stored())
                try:
                    ctx = {"ignore_auth": True}
                    task = tk.get_action("task_status_show")(
                        ctx, {"entity_id": rid, "task_type": "xloader", "key": "xloader"}
                    )
                    # a task written after the dead load's last step is a new submission
                    if task.get("state") not in ("complete", "error") and not _newer(
                        task.get("last_updated"), state["updated"]
                    ):
                        task.update(
                            state="error",
                            error=json.dumps({"message": msg}),
                            last_updated=str(datetime.datetime.utcnow()),
                        )
                        tk.get_action("task_status_update")(ctx, task)
                except tk.ObjectNotFound:
                    pass
                marked.append(rid)
                log.warning("load of %s had stopped: marked failed", rid)
            finally:
                lock_conn.execute(sa.text("SELECT pg_advisory_unlock(hashtext(:k))"), key)
    return marked


def _newer(a: str | None, b: str | None) -> bool:
    """Whether ISO time `a` is after `b` (False when either is missing or unreadable)."""
    try:
        return datetime.datetime.fromisoformat(a) > datetime.datetime.fromisoformat(b)
    except (TypeError, ValueError):
        return False


def handle_job_error(e, input, job_id, job_dict, logger, error_state):
    """xloader's handler (retries, traceback to the worker's log), then the job's error
    replaced by one sentence for the publisher: xloader stores the traceback's last
    frame there, which the load status page shows."""
    from ckanext.xloader import db

    retried = _original_error_handler(e, input, job_id, job_dict, logger, error_state)
    if retried:
        return retried
    shown = publisher_error(e)
    if shown is not e:
        log.error("ingest: load failed (the publisher is told: %s)", shown, exc_info=e)
    db.mark_job_as_errored(job_id, {"message": str(shown)})
    job_dict["error"] = str(shown)
    resource_id = (job_dict.get("metadata") or {}).get("resource_id")
    if resource_id:
        progress.update(resource_id, "error", error=shown.stored())
    return None


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


XLSX_NOT_READABLE = N_(
    "The file is not a readable XLSX workbook: save it again from your "
    "spreadsheet program as .xlsx, or upload it as CSV."
)
XLSX_TOO_LARGE_UNPACKED = N_(
    "The XLSX file was refused: it unpacks to more than {max} MB "
    "(this one to {size} MB). Split the workbook or upload it as CSV."
)
XLSX_TOO_MANY_CELLS = N_(
    "The XLSX file was refused: its first sheet has {cells} cells, more "
    "than the {max} the portal loads. Split the sheet or upload it as CSV."
)


def _xlsx_value(v):
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return v.isoformat(sep=" ") if hasattr(v, "hour") else v.isoformat()
    return v


def check_xlsx_archive(path: str) -> None:
    """Refuse a workbook that is not a zip, or unpacks to more than the declared limit.
    (zipfile never unpacks more than an entry's declared size, so the sum is a bound.)"""
    import zipfile

    limit = tk.config.get("ckanext.egovuz.ingest.xlsx_max_uncompressed")
    try:
        with zipfile.ZipFile(path) as z:
            size = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PublisherError(XLSX_NOT_READABLE)
    if size > limit:
        raise PublisherError(
            XLSX_TOO_LARGE_UNPACKED, max=limit // 1_000_000, size=size // 1_000_000
        )


def xlsx_to_csv(path: str) -> str:
    """The first sheet of an XLSX file as a UTF-8 CSV (openpyxl's streaming reader).

    The sheet's declared `<dimension ref>` is not trusted (openpyxl would pad every row
    to it): the real extent is computed from the cells present, trailing empty rows and
    columns are dropped, and a sheet over the declared cell limit is refused."""
    from openpyxl import load_workbook

    check_xlsx_archive(path)
    max_cells = tk.config.get("ckanext.egovuz.ingest.xlsx_max_cells")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:
        log.warning("XLSX not readable: %s", e)
        raise PublisherError(XLSX_NOT_READABLE)
    fd, trimmed = tempfile.mkstemp(suffix=".csv")
    width = rows = last = seen = 0
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # read the cells, not the declared size
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            for row in ws.iter_rows(values_only=True):
                values = [_xlsx_value(v) for v in row]
                while values and values[-1] == "":
                    values.pop()
                rows += 1
                seen += len(row)
                if values:
                    last = rows
                    width = max(width, len(values))
                if seen > max_cells or last * width > max_cells:
                    raise PublisherError(
                        XLSX_TOO_MANY_CELLS, cells=max(seen, last * width), max=max_cells
                    )
                w.writerow(values)
    except PublisherError:
        os.unlink(trimmed)
        raise
    except Exception as e:
        os.unlink(trimmed)
        log.warning("XLSX not readable: %s", e)
        raise PublisherError(XLSX_NOT_READABLE)
    finally:
        wb.close()
    fd, out = tempfile.mkstemp(suffix=".csv")
    try:
        with (
            open(trimmed, newline="", encoding="utf-8") as src,
            os.fdopen(fd, "w", newline="", encoding="utf-8") as dst,
        ):
            w = csv.writer(dst)
            for _i, values in zip(range(last), csv.reader(src)):
                w.writerow(values + [""] * (width - len(values)))
    finally:
        os.unlink(trimmed)
    return out


def ingest_data_into_datastore(input, job_dict, logger):
    """Replacement of ckanext.xloader.jobs.xloader_data_into_datastore_ (same contract).
    A failure is recorded in the load's progress as the publisher should read it.
    Loads whose worker died are marked failed first; the resource's lock is held for the
    whole load (one load of a resource at a time; freed if this process dies)."""
    resource_id = (input.get("metadata") or {}).get("resource_id")
    owner = None
    try:
        if resource_id:
            recover_stopped_loads()
            owner = loader._Owner(loader.write_engine(), RESOURCE_LOCK + resource_id)
        return _ingest(input, job_dict, logger)
    except Exception as e:
        if resource_id:
            progress.update(resource_id, "error", error=publisher_error(e).stored())
        raise
    finally:
        if owner is not None:
            owner.close()


SAVE_WAIT = 20.0  # seconds a job waits for the save that queued it to commit


def _same_url(resource: dict, url: str) -> bool:
    """Whether `resource` has the URL `url`. An upload's URL is built from the site URL
    of the process that shows it (the web's and the worker's may differ): its file
    name is compared."""
    if resource.get("url_type") == "upload":
        return (resource.get("url") or "").rsplit("/", 1)[-1] == url.rsplit("/", 1)[-1]
    return resource.get("url") == url


def _resource_and_dataset(resource_id, api_key, submitted_url=None, wait=SAVE_WAIT):
    """The resource and its dataset as the load must see them. xloader queues the load
    of a new resource or of a changed URL from inside the save (before it commits): a
    worker that is free starts at once and may read the resource before the save is
    there, or with its old URL, and would load the old file (or find its hash unchanged
    and load nothing). So a resource not found, or whose URL is not yet the one that
    was submitted (`submitted_url`, xloader's `original_url`), is read again until the
    save is there, for `wait` seconds at the most; then it is taken as it is."""
    import time

    from ckan import model
    from ckanext.xloader import jobs as xjobs
    from ckanext.xloader.job_exceptions import JobError

    deadline = time.monotonic() + wait
    while True:
        try:
            resource, dataset = xjobs.get_resource_and_dataset(resource_id, api_key)
        except (JobError, tk.ObjectNotFound):
            if time.monotonic() > deadline:
                raise
        else:
            if not submitted_url or _same_url(resource, submitted_url):
                return resource, dataset
            if time.monotonic() > deadline:
                log.warning(
                    "resource %s: its URL is not the one submitted for loading; loading %s",
                    resource_id,
                    resource.get("url"),
                )
                return resource, dataset
        time.sleep(0.5)
        model.Session.expire_all()  # read the committed rows again


def _load(path, resource, input, job_dict, api_key, logger):
    """The loader over `path`; the data becomes visible as soon as it is queryable."""
    from ckanext.xloader import jobs as xjobs

    data = input["metadata"]

    def on_queryable():
        xjobs.set_datastore_active(data, resource, logger)
        if "result_url" in input:
            job_dict["status"] = "running_but_viewable"
            xjobs.callback_xloader_hook(
                result_url=input["result_url"], api_key=api_key, job_dict=job_dict
            )
        logger.info("Data now available to users")

    try:
        return loader.load(path, resource["id"], logger=logger, on_queryable=on_queryable)
    except loader.LoadError as e:
        logger.error("Load failed, the previous data is unchanged: %s", e)
        raise PublisherError("", _text=str(e))


def _ingest(input, job_dict, logger):
    from ckanext.xloader import jobs as xjobs
    from ckanext.xloader.utils import cleanup_temp_file

    if not tk.asbool(tk.config.get("ckanext.egovuz.ingest.enabled")):
        return original_step()(input, job_dict, logger)

    xjobs.validate_input(input)
    data = input["metadata"]
    resource_id = data["resource_id"]
    api_key = input.get("api_key")
    resource, dataset = _resource_and_dataset(resource_id, api_key, data.get("original_url"))
    kind = _handles(resource)
    if kind is None:
        logger.info("egovuz ingest: format %r goes to xloader's loader", resource.get("format"))
        return original_step()(input, job_dict, logger)

    rw_types = (
        tk.h.datastore_rw_resource_url_types()
        if hasattr(tk.h, "datastore_rw_resource_url_types")
        else ["datastore"]
    )
    if resource.get("url_type") in rw_types:
        logger.info(
            "Ignoring resource - R/W DataStore resources are managed with the Datastore API"
        )
        return
    logger.info(
        "Express Load starting (egovuz ingest): /dataset/%s/resource/%s",
        dataset["name"],
        resource["id"],
    )
    progress.update(resource_id, "downloading", 0, None, started=True)
    tmp_file, file_hash = xjobs._download_resource_data(resource, data, api_key, logger)
    converted = None
    try:
        if resource.get("hash") == file_hash and not data.get("ignore_hash"):
            logger.info("Ignoring resource - the file hash hasn't changed: %s.", file_hash)
            progress.update(
                resource_id,
                "complete",
                messages=[tk._("The file has not changed since the last load.")],
            )
            return
        logger.info("File hash: %s", file_hash)
        resource["hash"] = file_hash
        path = tmp_file.name
        if kind == "xlsx":
            logger.info("Reading the XLSX file's first sheet")
            progress.update(resource_id, "converting", 0, None)
            converted = path = xlsx_to_csv(path)

        result = _load(path, resource, input, job_dict, api_key, logger)
        for msg in result["messages"]:
            logger.warning(msg)
        xjobs.update_resource(
            resource={"id": resource["id"], "hash": resource["hash"]}, patch_only=True
        )
        logger.info("File Hash updated for resource: %s", resource["hash"])
    finally:
        cleanup_temp_file(tmp_file)
        if converted:
            os.unlink(converted)
    logger.info("Express Load completed")
