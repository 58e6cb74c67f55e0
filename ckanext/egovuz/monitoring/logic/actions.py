"""Actions of monitoring (S-MON). Each reads the snapshot table through its indexes."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan import model
from ckan.plugins import toolkit as tk

from ...core import lists as common
from ..model import monitoring_table as m, public_rows

g = model.group_table


def _now():
    return datetime.datetime.utcnow()


def _org_cols():
    return [g.c.name.label("org_name"), g.c.title.label("org_title")]


def _base(data):
    rows = public_rows().outerjoin(g, g.c.id == m.c.owner_org)
    q = sa.select(m, *_org_cols()).select_from(rows)
    if data.get("organization"):
        q = q.where(m.c.owner_org == data["organization"])
    return q


def _dataset(row, now) -> dict:
    due = row.due_date
    overdue = due is not None and due < now
    return {
        "id": row.package_id,
        "name": row.name,
        "title": row.title,
        "organization": {"id": row.owner_org, "name": row.org_name, "title": row.org_title},
        "update_frequency": row.update_frequency,
        "data_last_changed": common.iso(row.data_last_changed),
        "metadata_created": common.iso(row.metadata_created),
        "due_date": common.iso(due),
        "overdue": overdue,
        "days_overdue": (now - due).days if overdue else 0,
        "contact_name": row.contact_name,
        "contact_email": row.contact_email,
        "contact_phone": row.contact_phone,
    }


def _count(q):
    return model.Session.execute(
        sa.select(sa.func.count()).select_from(q.order_by(None).subquery())
    ).scalar()


@tk.side_effect_free
def egovuz_monitoring_updated(context, data_dict):
    """Datasets added or updated (their data changed), newest first.

    :param organization: organization name or id (optional)
    :param date_from, date_to: period of the change (ISO dates, optional, inclusive)
    :param limit, offset: paging (default 50, 0)
    :returns: {count, results: [dataset + event ("added"|"updated")]}
    """
    tk.check_access("egovuz_monitoring_updated", context, data_dict)
    data = common.validate(data_dict, common.list_schema(), context)
    start, end = common.period_bounds(data)
    q = _base(data).where(m.c.data_last_changed.isnot(None))
    if start:
        q = q.where(m.c.data_last_changed >= start)
    if end:
        q = q.where(m.c.data_last_changed < end)
    count = _count(q)
    rows = model.Session.execute(
        q.order_by(m.c.data_last_changed.desc(), m.c.package_id)
        .limit(data["limit"])
        .offset(data["offset"])
    ).fetchall()
    now = _now()
    results = []
    for row in rows:
        item = _dataset(row, now)
        created = row.metadata_created
        if start is not None:
            added = created is not None and created >= start and (end is None or created < end)
        else:
            added = created is not None and abs(
                row.data_last_changed - created
            ) < datetime.timedelta(days=1)
        item["event"] = "added" if added else "updated"
        results.append(item)
    return {"count": count, "results": results}


@tk.side_effect_free
def egovuz_monitoring_outdated(context, data_dict):
    """Datasets past their due date, most overdue first, with the responsible person.

    :param organization: organization name or id (optional)
    :param limit, offset: paging
    :returns: {count, results: [dataset with days_overdue, contact_*]}
    """
    tk.check_access("egovuz_monitoring_outdated", context, data_dict)
    data = common.validate(data_dict, common.list_schema(), context)
    now = _now()
    q = _base(data).where(m.c.due_date < now)
    count = _count(q)
    rows = model.Session.execute(
        q.order_by(m.c.due_date, m.c.package_id).limit(data["limit"]).offset(data["offset"])
    ).fetchall()
    return {"count": count, "results": [_dataset(r, now) for r in rows]}


@tk.side_effect_free
def egovuz_monitoring_summary(context, data_dict):
    """Per organization: datasets in total, on time, overdue, percent on time, rank.

    Irregular datasets count as on time. Rank 1 is the best percent on time (ties share
    a rank; organizations without datasets are not ranked).
    """
    tk.check_access("egovuz_monitoring_summary", context, data_dict)
    now = _now()
    overdue = sa.func.count().filter(m.c.due_date < now)
    total = sa.func.count()
    inner = (
        sa.select(m.c.owner_org, total.label("total"), overdue.label("overdue"))
        .select_from(public_rows())
        .group_by(m.c.owner_org)
        .subquery()
    )
    pct = sa.func.round(
        sa.cast(100.0 * (inner.c.total - inner.c.overdue) / inner.c.total, sa.Numeric), 1
    )
    q = (
        sa.select(
            inner,
            g.c.name,
            g.c.title,
            pct.label("pct"),
            sa.func.rank().over(order_by=pct.desc()).label("rank"),
        )
        .select_from(inner.join(g, g.c.id == inner.c.owner_org))
        .order_by(sa.text("rank"), g.c.title)
    )
    results = []
    for r in model.Session.execute(q):
        results.append(
            {
                "organization": {"id": r.owner_org, "name": r.name, "title": r.title},
                "total": r.total,
                "on_time": r.total - r.overdue,
                "overdue": r.overdue,
                "percent_on_time": float(r.pct),
                "rank": r.rank,
            }
        )
    return {"count": len(results), "results": results}


def egovuz_monitoring_due(context, data_dict):
    """Operators: datasets due within `days` days and overdue ones, per responsible
    person (contact_email). Used by `ckan egovuz monitoring notify`.

    :param days: horizon in days (default 7, 0..3650)
    """
    tk.check_access("egovuz_monitoring_due", context, data_dict)
    v = tk.get_validator
    data = common.validate(
        data_dict,
        {
            "days": [v("default")(7), v("natural_number_validator"), _max_days],
            "organization": [v("ignore_missing"), v("unicode_safe"), common.org_id],
        },
        context,
    )
    now = _now()
    q = _base(data).where(m.c.due_date < now + datetime.timedelta(days=data["days"]))
    rows = model.Session.execute(q.order_by(m.c.contact_email, m.c.due_date)).fetchall()
    by_contact: dict[str, dict] = {}
    for r in rows:
        item = _dataset(r, now)
        key = (r.contact_email or "").strip().lower()
        if not key:
            continue
        entry = by_contact.setdefault(
            key, {"email": r.contact_email, "name": r.contact_name, "overdue": [], "due_soon": []}
        )
        entry["overdue" if item["overdue"] else "due_soon"].append(item)
    return {"days": data["days"], "contacts": list(by_contact.values())}


def _max_days(value, context):
    try:
        value = int(value)
    except (TypeError, ValueError):
        return value  # already reported
    if value > 3650:
        raise tk.Invalid(tk._("Must be between 0 and {max}").format(max=3650))
    return int(value)


def egovuz_monitoring_notify(context, data_dict):
    """Operators: e-mail each responsible person the list of their datasets due within
    `days` days and overdue ones, through CKAN's mailer. Returns what was sent.

    :param days: horizon in days (default 7)
    :param dry_run: only report (default false)
    """
    tk.check_access("egovuz_monitoring_notify", context, data_dict)
    v = tk.get_validator
    data = common.validate(
        data_dict,
        {
            "days": [v("default")(7), v("natural_number_validator"), _max_days],
            "dry_run": [v("default")(False), v("boolean_validator")],
        },
        context,
    )
    from ckan.lib import mailer

    due = tk.get_action("egovuz_monitoring_due")(dict(context), {"days": data["days"]})
    sent, failed = [], []
    site_url = tk.config.get("ckan.site_url")
    for contact in due["contacts"]:
        subject, body = _message(contact, data["days"], site_url)
        if data["dry_run"]:
            sent.append(contact["email"])
            continue
        try:
            mailer.mail_recipient(
                contact["name"] or contact["email"], contact["email"], subject, body
            )
            sent.append(contact["email"])
        except mailer.MailerException as e:
            failed.append({"email": contact["email"], "error": str(e)})
    if sent and not data["dry_run"]:
        ids = [
            d["id"]
            for c in due["contacts"]
            if c["email"] in sent
            for d in c["overdue"] + c["due_soon"]
        ]
        model.Session.execute(m.update().where(m.c.package_id.in_(ids)).values(notified=_now()))
        model.Session.commit()
    return {"sent": sent, "failed": failed, "dry_run": data["dry_run"]}


def _message(contact: dict, days: int, site_url: str):
    _ = tk._
    subject = _("Open data portal: datasets to update")
    lines = [_("Dear {name},").format(name=contact["name"] or contact["email"]), ""]
    if contact["overdue"]:
        lines.append(_("These datasets are overdue:"))
        for d in contact["overdue"]:
            lines.append(
                "- {title} ({days} days overdue, due {due}): {url}/dataset/{name}".format(
                    title=d["title"],
                    days=d["days_overdue"],
                    due=d["due_date"][:10],
                    url=site_url,
                    name=d["name"],
                )
            )
        lines.append("")
    if contact["due_soon"]:
        lines.append(_("These datasets are due within {days} days:").format(days=days))
        for d in contact["due_soon"]:
            lines.append(
                "- {title} (due {due}): {url}/dataset/{name}".format(
                    title=d["title"], due=d["due_date"][:10], url=site_url, name=d["name"]
                )
            )
        lines.append("")
    lines.append(_("Please update their data on the portal."))
    return subject, "\n".join(lines)


def egovuz_monitoring_rebuild(context, data_dict):
    """Operators: rebuild the whole monitoring snapshot from the datasets (part of
    `ckan egovuz stats refresh --full`).

    :returns: {"datasets": rows written}
    """
    tk.check_access("egovuz_monitoring_rebuild", context, data_dict)
    from ..model import rebuild

    with model.meta.engine.begin() as conn:
        return {"datasets": rebuild(conn)}


def get_actions():
    return {
        f.__name__: f
        for f in (
            egovuz_monitoring_updated,
            egovuz_monitoring_outdated,
            egovuz_monitoring_summary,
            egovuz_monitoring_due,
            egovuz_monitoring_notify,
            egovuz_monitoring_rebuild,
        )
    }
