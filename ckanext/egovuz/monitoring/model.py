"""Monitoring (S-MON): one snapshot row per public dataset with its due date.

The due date of a dataset is `data_last_changed + period(update_frequency)`:
daily 1 day, weekly 7 days, monthly 1 calendar month, quarterly 3 months, semiannual
6 months, annual 12 months; `irregular` (or no frequency / no date) has no due date and
is never overdue. A dataset is overdue when its due date is in the past.

The snapshot is kept current by the plugin's IPackageController hooks (one UPSERT per
dataset write) and rebuilt in bulk by `ckan egovuz stats refresh`; the monitoring pages
read it through indexes (owner_org, due_date, data_last_changed), never the passport
extras."""

from __future__ import annotations

import datetime
import logging

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckan import model
from ckan.model import meta

log = logging.getLogger(__name__)

monitoring_table = sa.Table(
    "egovuz_monitoring_dataset",
    meta.metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("name", sa.UnicodeText, nullable=False),
    sa.Column("title", sa.UnicodeText),
    sa.Column("owner_org", sa.UnicodeText),
    sa.Column("update_frequency", sa.Unicode(16)),
    sa.Column("data_last_changed", sa.DateTime),
    sa.Column("due_date", sa.DateTime),
    sa.Column("contact_name", sa.UnicodeText),
    sa.Column("contact_email", sa.UnicodeText),
    sa.Column("contact_phone", sa.UnicodeText),
    sa.Column("metadata_created", sa.DateTime),
    sa.Column("notified", sa.DateTime),
)

PERIODS = {
    "daily": relativedelta(days=1),
    "weekly": relativedelta(days=7),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "semiannual": relativedelta(months=6),
    "annual": relativedelta(years=1),
}
EXTRA_KEYS = (
    "update_frequency",
    "data_last_changed",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def public_rows():
    """The snapshot as the public may see it: joined to CKAN's package table, only the
    datasets that are active and public *now*. CKAN's bulk_update_private / _delete change
    the package table without calling any IPackageController hook, so the snapshot alone
    can lag; the join makes such a dataset (and its contact's name, e-mail and phone)
    vanish from every monitoring page and home block at once."""
    p = model.package_table
    return monitoring_table.join(
        p,
        sa.and_(
            p.c.id == monitoring_table.c.package_id, p.c.state == "active", p.c.private.is_(False)
        ),
    )


def parse_datetime(value) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(str(value).strip().rstrip("Z"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)


def due_date(update_frequency: str | None, data_last_changed) -> datetime.datetime | None:
    """None for irregular datasets (and when the date is unknown): never overdue."""
    period = PERIODS.get(update_frequency or "")
    changed = parse_datetime(data_last_changed)
    if period is None or changed is None:
        return None
    return changed + period


def _row(pkg_id, name, title, owner_org, created, extras: dict) -> dict:
    freq = extras.get("update_frequency")
    changed = parse_datetime(extras.get("data_last_changed"))
    return {
        "package_id": pkg_id,
        "name": name,
        "title": title,
        "owner_org": owner_org,
        "update_frequency": freq,
        "data_last_changed": changed,
        "due_date": due_date(freq, changed),
        "contact_name": extras.get("contact_name"),
        "contact_email": extras.get("contact_email"),
        "contact_phone": extras.get("contact_phone"),
        "metadata_created": created,
    }


def sync_package(package_id: str) -> None:
    """Upsert (or drop) one dataset's snapshot row, in the caller's transaction."""
    pkg = model.Package.get(package_id)
    session = model.Session
    if pkg is None or pkg.state != "active" or pkg.private or pkg.type != "dataset":
        session.execute(
            monitoring_table.delete().where(monitoring_table.c.package_id == package_id)
        )
        return
    row = _row(
        pkg.id,
        pkg.name,
        pkg.title,
        pkg.owner_org,
        pkg.metadata_created,
        {k: pkg.extras.get(k) for k in EXTRA_KEYS},
    )
    stmt = pg_insert(monitoring_table).values(**row)
    update = {k: stmt.excluded[k] for k in row if k != "package_id"}
    session.execute(stmt.on_conflict_do_update(index_elements=["package_id"], set_=update))


def rebuild(conn) -> int:
    """Rebuild the whole snapshot from package + package_extra (one query)."""
    pivot = ", ".join(f"max(CASE WHEN e.key = '{k}' THEN e.value END) AS {k}" for k in EXTRA_KEYS)
    rows = conn.execute(
        sa.text(f"""
        SELECT p.id, p.name, p.title, p.owner_org, p.metadata_created, {pivot}
        FROM package p
        LEFT JOIN package_extra e ON e.package_id = p.id AND e.state = 'active'
             AND e.key IN :keys
        WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset'
        GROUP BY p.id
    """).bindparams(sa.bindparam("keys", expanding=True)),
        {"keys": list(EXTRA_KEYS)},
    ).fetchall()
    notified = dict(
        conn.execute(
            sa.select(monitoring_table.c.package_id, monitoring_table.c.notified)
        ).fetchall()
    )
    conn.execute(monitoring_table.delete())
    batch = []
    for r in rows:
        row = _row(r[0], r[1], r[2], r[3], r[4], dict(zip(EXTRA_KEYS, r[5:])))
        row["notified"] = notified.get(r[0])
        batch.append(row)
    for i in range(0, len(batch), 2000):
        conn.execute(monitoring_table.insert(), batch[i : i + 2000])
    return len(batch)
