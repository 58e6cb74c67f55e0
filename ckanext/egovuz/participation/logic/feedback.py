"""Feedback (S-PANEL-4): full name, e-mail and message, stored, mailed to the operators'
address through CKAN's mailer, handled in an operator inbox (new, in progress, answered)."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from ckan import model
from ckan.plugins import toolkit as tk

from .. import model as pm
from . import common

log = logging.getLogger(__name__)
F = pm.feedback_table
STATES = ("new", "in_progress", "answered")


def create_schema():
    v = tk.get_validator
    return {
        "full_name": [v("not_empty"), common.clean_text, v("not_empty"), common.max_length(200)],
        "email": [
            v("not_empty"),
            common.clean_text,
            v("not_empty"),
            common.max_length(254),
            v("email_validator"),
        ],
        "message": [v("not_empty"), common.clean_text, v("not_empty"), common.max_length(5000)],
        "website": [common.honeypot],
    }


def _send_mail(row) -> bool:
    address = tk.config.get("ckanext.egovuz.feedback.email")
    if not address:
        return False
    from ckan.lib import mailer

    subject = tk._("Feedback from the portal: {name}").format(name=row["full_name"][:80])
    body = "\n".join(
        [
            tk._("Full name: {v}").format(v=row["full_name"]),
            tk._("E-mail: {v}").format(v=row["email"]),
            "",
            row["message"],
            "",
            tk.url_for("egovuz_participation.feedback_inbox", _external=True),
        ]
    )
    try:
        mailer.mail_recipient(
            tk._("Portal operators"), address, subject, body, headers={"Reply-To": row["email"]}
        )
        return True
    except Exception:  # stored anyway: the inbox shows it
        log.exception("feedback %s could not be mailed to %s", row["id"], address)
        return False


def feedback_create(context, data_dict):
    tk.check_access("egovuz_feedback_create", context, data_dict)
    data = common.validate(data_dict, create_schema(), context)
    common.check_rate("feedback", context)
    now = pm.utcnow()
    row = {
        "id": pm.make_uuid(),
        "full_name": data["full_name"],
        "email": data["email"],
        "message": data["message"],
        "state": "new",
        "user_id": common.user_id(context),
        "created": now,
        "modified": now,
    }
    model.Session.execute(F.insert().values(**row))
    model.Session.commit()
    common.count_rate(context)
    mailed = _send_mail(row)
    return {"id": row["id"], "state": "new", "mailed": mailed}


@tk.side_effect_free
def feedback_list(context, data_dict):
    tk.check_access("egovuz_feedback_list", context, data_dict)
    v = tk.get_validator
    data = common.validate(
        data_dict,
        {
            "state": [v("ignore_missing"), common.clean_text, v("one_of")(list(STATES) + [""])],
            "limit": [v("default")(50), v("is_positive_integer")],
            "offset": [v("default")(0), v("natural_number_validator")],
        },
        context,
    )
    q = sa.select(F)
    if data.get("state"):
        q = q.where(F.c.state == data["state"])
    count = model.Session.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar()
    rows = model.Session.execute(
        q.order_by(F.c.created.desc()).limit(min(int(data["limit"]), 500)).offset(data["offset"])
    ).fetchall()
    counts = dict(
        model.Session.execute(sa.select(F.c.state, sa.func.count()).group_by(F.c.state)).fetchall()
    )
    return {
        "count": count,
        "results": [pm.row_dict(r) for r in rows],
        "states": {s: int(counts.get(s, 0)) for s in STATES},
    }


@tk.side_effect_free
def feedback_show(context, data_dict):
    tk.check_access("egovuz_feedback_show", context, data_dict)
    row = model.Session.execute(
        sa.select(F).where(F.c.id == str(data_dict.get("id") or ""))
    ).first()
    if row is None:
        raise tk.ObjectNotFound(tk._("Feedback not found"))
    return pm.row_dict(row)


def feedback_update(context, data_dict):
    """Operators move a message between new, in_progress and answered, with a note."""
    tk.check_access("egovuz_feedback_update", context, data_dict)
    v = tk.get_validator
    data = common.validate(
        data_dict,
        {
            "id": [v("not_empty"), common.clean_text],
            "state": [v("not_empty"), common.clean_text, v("one_of")(list(STATES))],
            "note": [v("ignore_missing"), common.clean_text, common.max_length(5000)],
        },
        context,
    )
    feedback_show(context, {"id": data["id"]})
    values = {"state": data["state"], "modified": pm.utcnow()}
    if "note" in data:
        values["note"] = data["note"]
    model.Session.execute(F.update().where(F.c.id == data["id"]).values(**values))
    model.Session.commit()
    return feedback_show(context, {"id": data["id"]})


def get_actions():
    return {
        "egovuz_feedback_create": feedback_create,
        "egovuz_feedback_list": feedback_list,
        "egovuz_feedback_show": feedback_show,
        "egovuz_feedback_update": feedback_update,
    }
