"""Actions and auth of the AI data section (S-AI)."""

from __future__ import annotations

import datetime
import json

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckan import model
from ckan.plugins import toolkit as tk

from ..core.auth import operators_only, public
from ..core import lists as common
from . import scoring
from .scoring import flag_table as f, score_table as s

p = model.package_table
g = model.group_table


def _v(name):
    return tk.get_validator(name)


def _score_range(value, context):
    try:
        value = int(value)
    except (TypeError, ValueError):
        return value  # already reported
    if not (0 <= value <= 100):
        raise tk.Invalid(tk._("Must be between 0 and {max}").format(max=100))
    return int(value)


@tk.side_effect_free
def egovuz_ai_list(context, data_dict):
    """Datasets with their AI-readiness score and criteria, and the operator's flag.

    :param min_score: 0..100 (default 0)
    :param flagged: only datasets flagged by an operator (default false)
    :param organization: name or id (optional)
    :param sort: "score" (default, best first) or "title"
    :param limit (default 50), offset
    """
    tk.check_access("egovuz_ai_list", context, data_dict)
    schema = common.list_schema(50)
    schema.update(
        {
            "min_score": [_v("default")(0), _v("int_validator"), _score_range],
            "flagged": [_v("default")(False), _v("boolean_validator")],
            "sort": [_v("default")("score"), _v("one_of")(["score", "title"])],
        }
    )
    data = common.validate(data_dict, schema, context)
    q = (
        sa.select(
            p.c.id,
            p.c.name,
            p.c.title,
            p.c.owner_org,
            g.c.name.label("org_name"),
            g.c.title.label("org_title"),
            s.c.score,
            s.c.criteria,
            f.c.package_id.label("flag"),
            f.c.note,
        )
        .select_from(
            s.join(p, p.c.id == s.c.package_id)
            .outerjoin(g, g.c.id == p.c.owner_org)
            .outerjoin(f, f.c.package_id == s.c.package_id)
        )
        .where(p.c.state == "active", p.c.private.is_(False), s.c.score >= data["min_score"])
    )
    if data["flagged"]:
        q = q.where(f.c.package_id.isnot(None))
    if data.get("organization"):
        q = q.where(p.c.owner_org == data["organization"])
    if data["flagged"] or data.get("organization"):
        count = model.Session.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar()
    else:  # scores are kept for the public, active datasets only (the plugin's hooks)
        count = model.Session.execute(
            sa.select(sa.func.count()).select_from(s).where(s.c.score >= data["min_score"])
        ).scalar()
    # by score: the index (score, package_id) read backwards, so a page costs a few rows
    order = (
        [s.c.score.desc(), s.c.package_id.desc()]
        if data["sort"] == "score"
        else [p.c.title, s.c.score.desc()]
    )
    rows = model.Session.execute(q.order_by(*order).limit(data["limit"]).offset(data["offset"]))
    results = []
    for r in rows:
        results.append(
            {
                "id": r.id,
                "name": r.name,
                "title": r.title,
                "organization": {"id": r.owner_org, "name": r.org_name, "title": r.org_title},
                "score": r.score,
                "criteria": json.loads(r.criteria),
                "flagged": r.flag is not None,
                "flag_note": r.note,
            }
        )
    return {"count": count, "results": results}


@tk.side_effect_free
def egovuz_ai_readiness(context, data_dict):
    """The live AI-readiness of one dataset (anyone who may see the dataset).

    :param id: dataset id or name
    """
    data = common.validate(data_dict, {"id": [_v("not_empty"), _v("unicode_safe")]}, context)
    pkg = model.Package.get(data["id"])
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    tk.check_access("egovuz_ai_readiness", context, {"id": pkg.id})
    result = scoring.compute(pkg)
    flag = model.Session.execute(sa.select(f).where(f.c.package_id == pkg.id)).first()
    result.update(
        {
            "id": pkg.id,
            "name": pkg.name,
            "flagged": flag is not None,
            "flag_note": flag.note if flag else None,
        }
    )
    return result


def egovuz_ai_flag_set(context, data_dict):
    """Operators: mark (flagged=true) or unmark a dataset as having high potential for AI.

    :param id: dataset id or name
    :param flagged: boolean (default true)
    :param note: why (optional, up to 1000 characters)
    """
    tk.check_access("egovuz_ai_flag_set", context, data_dict)
    data = common.validate(
        data_dict,
        {
            "id": [_v("not_empty"), _v("unicode_safe")],
            "flagged": [_v("default")(True), _v("boolean_validator")],
            "note": [_v("ignore_missing"), _v("unicode_safe"), _max_len(1000)],
        },
        context,
    )
    pkg = model.Package.get(data["id"])
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    user = model.User.get(context.get("user") or "")
    if data["flagged"]:
        stmt = pg_insert(f).values(
            package_id=pkg.id,
            note=data.get("note"),
            user_id=user.id if user else None,
            created=datetime.datetime.utcnow(),
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["package_id"],
            set_={"note": stmt.excluded.note, "user_id": stmt.excluded.user_id},
        )
        model.Session.execute(stmt)
    else:
        model.Session.execute(f.delete().where(f.c.package_id == pkg.id))
    model.Session.commit()
    scoring.refresh_package(pkg.id)
    return {"id": pkg.id, "flagged": data["flagged"], "note": data.get("note")}


def _max_len(n):
    def validator(value, context):
        if value and len(value) > n:
            raise tk.Invalid(tk._("At most {n} characters").format(n=n))
        return value

    return validator


def readiness_auth(context, data_dict):
    try:
        tk.check_access("package_show", dict(context), data_dict)
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this dataset")}
    return {"success": True}


def egovuz_ai_refresh(context, data_dict):
    """Operators: recompute the AI-readiness of every public dataset (part of
    `ckan egovuz stats refresh --full`).

    :returns: {"datasets": datasets scored}
    """
    tk.check_access("egovuz_ai_refresh", context, data_dict)
    return {"datasets": scoring.refresh_all()}


def get_actions():
    return {
        fn.__name__: fn
        for fn in (egovuz_ai_list, egovuz_ai_readiness, egovuz_ai_flag_set, egovuz_ai_refresh)
    }


def get_auth_functions():
    return {
        "egovuz_ai_list": public,
        "egovuz_ai_readiness": tk.auth_allow_anonymous_access(readiness_auth),
        "egovuz_ai_flag_set": operators_only,
        "egovuz_ai_refresh": operators_only,
    }
