"""When a dataset stops being public (made private, deleted), everything public about it
goes at once, also when CKAN's bulk actions did it (bulk_update_private / _delete /
_public update the package table directly and call no IPackageController hook).

- CKAN's activity stream keeps each activity's permission labels as they were when it was
  recorded: the "new package" activity of a dataset made private later stays public, with
  its title and contents. The activities of a dataset get its current labels, so a dataset
  made private disappears from public activity (and reappears when made public again).
- Other plugins read public data at read time against the package table (monitoring, home
  blocks); `changed` tells the listeners registered here (e.g. a snapshot to refresh)."""

from __future__ import annotations

import logging
from typing import Callable, Iterable

from ckan import model
from ckan.plugins import toolkit as tk

log = logging.getLogger(__name__)
_listeners: list[Callable[[list[str]], None]] = []


def on_change(fn: Callable[[list[str]], None]) -> None:
    """Call `fn(package_ids)` after datasets changed visibility in bulk."""
    if fn not in _listeners:
        _listeners.append(fn)


def relabel_activities(package_ids: Iterable[str]) -> int:
    """Give every activity of these datasets the dataset's current permission labels."""
    try:
        from ckanext.activity.model import Activity
    except ImportError:  # the activity plugin is not installed
        return 0
    from ckan.lib.plugins import get_permission_labels

    labels = get_permission_labels()
    changed = 0
    for pid in set(package_ids):
        pkg = model.Package.get(pid)
        if pkg is None:
            continue
        current = labels.get_dataset_labels(pkg)  # CKAN's: "public" only if active and public
        changed += (
            model.Session.query(Activity)
            .filter(Activity.object_id == pkg.id)
            .update({"permission_labels": current}, synchronize_session=False)
        )
    return changed


def dataset_changed(pkg_dict: dict) -> None:
    """after_dataset_update / after_dataset_delete: labels follow the dataset (in the
    dataset's own transaction)."""
    if pkg_dict.get("id"):
        relabel_activities([pkg_dict["id"]])


def _chained(action_name):
    @tk.chained_action
    def bulk(original_action, context, data_dict):
        result = original_action(context, data_dict)
        ids = [str(i) for i in (data_dict.get("datasets") or [])]
        if ids:
            # the bulk UPDATE bypassed the session: forget the Package objects it holds
            model.Session.expire_all()
            relabel_activities(ids)
            model.Session.commit()
            for fn in _listeners:
                try:
                    fn(ids)
                except Exception:  # a listener must not undo the bulk change
                    log.exception("visibility listener %s failed", fn)
        return result

    bulk.__name__ = action_name
    bulk.__doc__ = f"CKAN's {action_name}, then the datasets' activities and listeners follow."
    return bulk


def get_actions() -> dict:
    return {
        name: _chained(name)
        for name in ("bulk_update_private", "bulk_update_public", "bulk_update_delete")
    }
