"""Redis down: an upload is saved, but its load cannot be queued. xloader then only logs
it and leaves the resource "pending" for ever; here the resource's load is marked failed
with a message that says why and what to do, and a caller of `xloader_submit` (the
"Upload to DataStore" button, the API) gets that message as a validation error (the
save of the resource itself goes through: xloader's hook catches it)."""

from __future__ import annotations

import datetime
import json
import logging

from ckan.plugins import toolkit as tk

from . import progress

log = logging.getLogger(__name__)


class QueueUnavailable(tk.ValidationError):
    pass


def message() -> str:
    return tk._(
        "The job queue is temporarily unavailable, so the file was saved but not "
        "loaded into the table. Press \u201cUpload to DataStore\u201d on the resource "
        "page in a few minutes."
    )


def redis_up() -> bool:
    from ckan.lib.redis import connect_to_redis

    try:
        return bool(connect_to_redis().ping())
    except Exception:
        return False


def mark_not_queued(resource_id: str) -> None:
    msg = message()
    progress.update(resource_id, "error", error=msg)
    ctx = {"ignore_auth": True}
    try:
        task = tk.get_action("task_status_show")(
            ctx, {"entity_id": resource_id, "task_type": "xloader", "key": "xloader"}
        )
    except tk.ObjectNotFound:
        task = {
            "entity_id": resource_id,
            "entity_type": "resource",
            "task_type": "xloader",
            "key": "xloader",
            "value": "{}",
        }
    task.update(
        state="error",
        error=json.dumps({"message": msg}),
        last_updated=str(datetime.datetime.utcnow()),
    )
    from ckan import model

    tk.get_action("task_status_update")(
        {"ignore_auth": True, "session": model.meta.create_local_session()}, task
    )


@tk.chained_action
def xloader_submit(up_func, context, data_dict):
    try:
        result = up_func(context, data_dict)
    except Exception as e:
        import redis

        if not isinstance(e, redis.exceptions.RedisError):
            raise
        result = False
    if result is False and not redis_up():
        resource_id = data_dict.get("resource_id") or data_dict.get("id")
        if resource_id:
            log.warning("job queue down: the load of %s was not queued", resource_id)
            mark_not_queued(resource_id)
        raise QueueUnavailable({"resource_id": [message()]})
    return result
