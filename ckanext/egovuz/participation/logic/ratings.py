"""Dataset ratings (S-PASS-9): 1-5 stars per registered user per dataset, changeable.
The average and count go into the search index (rating_avg, rating_count)."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckan import model
from ckan.plugins import toolkit as tk

from .. import model as pm
from . import common

log = logging.getLogger(__name__)
R = pm.rating_table


def rating_value(value, context):
    if isinstance(value, bool):
        raise common.Invalid(tk._("Rating must be a whole number from 1 to 5"))
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise common.Invalid(tk._("Rating must be a whole number from 1 to 5"))
    if not 1 <= number <= 5 or str(value).strip() not in (str(number), f"{number}.0"):
        raise common.Invalid(tk._("Rating must be a whole number from 1 to 5"))
    return number


def package_ref(value, context):
    pkg = model.Package.get(value) if isinstance(value, str) and value else None
    if not pkg or pkg.state != "active":
        raise common.Invalid(tk._("Dataset not found"))
    return pkg.id


def create_schema():
    v = tk.get_validator
    return {"package_id": [v("not_empty"), package_ref], "rating": [v("not_empty"), rating_value]}


def summary(package_id: str) -> dict:
    row = model.Session.execute(
        sa.select(sa.func.avg(R.c.rating), sa.func.count()).where(R.c.package_id == package_id)
    ).first()
    avg, count = row
    return {"average": round(float(avg), 2) if avg is not None else None, "count": int(count)}


def summaries(package_ids: list[str]) -> dict[str, dict]:
    if not package_ids:
        return {}
    rows = model.Session.execute(
        sa.select(R.c.package_id, sa.func.avg(R.c.rating), sa.func.count())
        .where(R.c.package_id.in_(package_ids))
        .group_by(R.c.package_id)
    ).fetchall()
    return {pid: {"average": round(float(avg), 2), "count": int(n)} for pid, avg, n in rows}


def _reindex(package_id: str) -> None:
    from ckan.lib import search

    try:
        search.rebuild(package_id)
    except Exception:  # the rating is stored; a failed reindex is repaired by search-index
        log.exception("reindexing %s after a rating failed", package_id)


def rating_create(context, data_dict):
    """Rate a dataset (1-5); rating it again changes the caller's rating."""
    data = common.validate(data_dict, create_schema(), context)
    tk.check_access("egovuz_rating_create", context, {"package_id": data["package_id"]})
    now = pm.utcnow()
    stmt = pg_insert(R).values(
        package_id=data["package_id"],
        user_id=common.user_id(context),
        rating=data["rating"],
        created=now,
        modified=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[R.c.package_id, R.c.user_id],
        set_={"rating": data["rating"], "modified": now},
    )
    model.Session.execute(stmt)
    model.Session.commit()
    _reindex(data["package_id"])
    return dict(summary(data["package_id"]), package_id=data["package_id"], rating=data["rating"])


def rating_delete(context, data_dict):
    data = common.validate(data_dict, {"package_id": create_schema()["package_id"]}, context)
    tk.check_access("egovuz_rating_delete", context, {"package_id": data["package_id"]})
    model.Session.execute(
        R.delete().where(
            R.c.package_id == data["package_id"], R.c.user_id == common.user_id(context)
        )
    )
    model.Session.commit()
    _reindex(data["package_id"])
    return dict(summary(data["package_id"]), package_id=data["package_id"], rating=None)


@tk.side_effect_free
def rating_show(context, data_dict):
    """Average and count of a dataset's ratings, and the caller's own rating."""
    data = common.validate(data_dict, {"package_id": create_schema()["package_id"]}, context)
    tk.check_access("egovuz_rating_show", context, {"package_id": data["package_id"]})
    result = dict(summary(data["package_id"]), package_id=data["package_id"], rating=None)
    uid = common.user_id(context)
    if uid:
        result["rating"] = model.Session.execute(
            sa.select(R.c.rating).where(R.c.package_id == data["package_id"], R.c.user_id == uid)
        ).scalar()
    return result


def index_fields(pkg_dict: dict) -> dict:
    """before_dataset_index: rating_avg (pfloat, 0 when unrated) and rating_count."""
    s = summary(pkg_dict["id"])
    pkg_dict["rating_avg"] = s["average"] or 0.0
    pkg_dict["rating_count"] = s["count"]
    return pkg_dict


def get_actions():
    return {
        "egovuz_rating_create": rating_create,
        "egovuz_rating_delete": rating_delete,
        "egovuz_rating_show": rating_show,
    }
