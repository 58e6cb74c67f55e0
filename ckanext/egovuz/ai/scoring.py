"""AI readiness (S-AI): seven criteria, each met or not, score = 100 * met / 7 (rounded).

1. tabular   - at least one resource of the dataset is in the DataStore;
2. typed     - every DataStore table has a typed structure: at least one column of a
               type other than text, or a Data Dictionary label/description for every
               column;
3. rows      - the DataStore tables hold at least `ckanext.egovuz.ai.min_rows` rows;
4. on_time   - the dataset is not overdue (monitoring's due date; irregular = on time);
5. open      - its license is open (CKAN's license register, `od_conformance`/isopen);
6. no_personal - no column is flagged as personal data in the Data Dictionary
               (`info.personal_data` true, or `info.pii` true);
7. versions  - versions of its data are kept: at least one version of one of its
               resources in the versions plugin's table (versions.model.version_table,
               `egovuz_versions_resource_version`), when egovuz_versions is loaded.

Scores are stored in `egovuz_ai_score` by `refresh_all()` (`ckan egovuz stats refresh
--full`) and per dataset by `refresh_package()` (called after an upload completes and when
the operator flags it); `compute()` gives the live result for one dataset."""

from __future__ import annotations

import datetime
import json
import logging

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckan import model
from ckan.model import meta
from ckan.plugins import plugin_loaded
from ckan.plugins import toolkit as tk

from ..monitoring.model import due_date
from ..core import lists as common

log = logging.getLogger(__name__)

flag_table = sa.Table(
    "egovuz_ai_flag",
    meta.metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("note", sa.UnicodeText),
    sa.Column("user_id", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False),
)
score_table = sa.Table(
    "egovuz_ai_score",
    meta.metadata,
    sa.Column("package_id", sa.UnicodeText, primary_key=True),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("criteria", sa.UnicodeText, nullable=False),
    sa.Column("computed", sa.DateTime, nullable=False),
)

CRITERIA = ("tabular", "typed", "rows", "on_time", "open", "no_personal", "versions")
TEXT_TYPES = {"text", "varchar", "character varying", "string"}


def criteria_labels() -> dict:
    _ = tk._
    return {
        "tabular": _("Machine-readable tabular data in the DataStore"),
        "typed": _("Documented structure with types"),
        "rows": _("Enough rows"),
        "on_time": _("Updated on time"),
        "open": _("Open license"),
        "no_personal": _("No column flagged as personal data"),
        "versions": _("Versions of the data kept"),
    }


def _is_personal(info) -> bool:
    if not isinstance(info, dict):
        return False
    return any(
        str(info.get(k, "")).lower() in ("true", "1", "yes", "on") for k in ("personal_data", "pii")
    )


def _versions_on() -> bool:
    return plugin_loaded("egovuz_versions")


def _versions_count(conn, pkg) -> int:
    """Versions kept of the dataset's resources (0 when the versions plugin is off)."""
    if not _versions_on():
        return 0
    from ..versions.model import version_table as v

    return (
        conn.execute(
            sa.select(sa.func.count()).select_from(v).where(v.c.package_id == pkg.id)
        ).scalar()
        or 0
    )


def _versions_by_package(conn) -> dict:
    """{package_id: versions kept} of every dataset with versions."""
    if not _versions_on():
        return {}
    from ..versions.model import version_table as v

    return dict(
        conn.execute(sa.select(v.c.package_id, sa.func.count()).group_by(v.c.package_id)).fetchall()
    )


def _license_open(license_id) -> bool:
    if not license_id:
        return False
    lic = model.Package.get_license_register().get(license_id)
    return bool(lic and lic.isopen())


def _result(tables, rows, typed_all, personal, due, license_id, versions) -> dict:
    min_rows = tk.config.get("ckanext.egovuz.ai.min_rows")
    now = datetime.datetime.utcnow()
    c = {
        "tabular": {"met": tables > 0, "detail": tables},
        "typed": {"met": tables > 0 and typed_all, "detail": None},
        "rows": {"met": rows >= min_rows, "detail": rows},
        "on_time": {"met": due is None or due >= now, "detail": common.iso(due)},
        "open": {"met": _license_open(license_id), "detail": license_id},
        "no_personal": {"met": tables > 0 and not personal, "detail": personal},
        "versions": {"met": versions > 0, "detail": versions},
    }
    met = sum(1 for v in c.values() if v["met"])
    return {"score": round(100 * met / len(CRITERIA)), "criteria": c}


def compute(pkg) -> dict:
    """The criteria of one dataset (a model.Package): {score, criteria: {name: {met, detail}}}."""
    context = {"ignore_auth": True}
    tables, rows, typed_all, personal = 0, 0, True, []
    for res in pkg.resources:
        if not tk.asbool(res.extras.get("datastore_active")):
            continue
        try:
            info = tk.get_action("datastore_info")(dict(context), {"id": res.id})
        except (tk.ObjectNotFound, tk.ValidationError):
            continue
        except Exception:  # the DataStore being down must not break a page
            log.exception("datastore_info failed for %s", res.id)
            continue
        fields = [f for f in info.get("fields", []) if not f["id"].startswith("_")]
        if not fields:
            continue
        tables += 1
        rows += int((info.get("meta") or {}).get("count") or 0)
        typed = any((f.get("type") or "text").lower() not in TEXT_TYPES for f in fields)
        documented = all(
            (f.get("info") or {}).get("label") or (f.get("info") or {}).get("notes") for f in fields
        )
        typed_all = typed_all and (typed or documented)
        personal += [f["id"] for f in fields if _is_personal(f.get("info"))]
    due = due_date(pkg.extras.get("update_frequency"), pkg.extras.get("data_last_changed"))
    with meta.engine.connect() as conn:
        versions = _versions_count(conn, pkg)
    return _result(tables, rows, typed_all, personal, due, pkg.license_id, versions)


def refresh_package(package_id: str, conn=None) -> dict | None:
    pkg = model.Package.get(package_id)
    if pkg is None or pkg.state != "active" or pkg.private or pkg.type != "dataset":
        stmt = score_table.delete().where(score_table.c.package_id == package_id)
        _exec(stmt, conn)
        return None
    result = compute(pkg)
    stmt = pg_insert(score_table).values(
        package_id=pkg.id,
        score=result["score"],
        criteria=json.dumps(result["criteria"]),
        computed=datetime.datetime.utcnow(),
    )
    _exec(_replacing(stmt), conn)
    return result


def refresh_package_job(package_id: str) -> None:
    """Background job: the score again once the version queued before it is taken."""
    refresh_package(package_id)


def _replacing(stmt):
    """The INSERT into score_table, replacing the dataset's score where it has one."""
    return stmt.on_conflict_do_update(
        index_elements=["package_id"],
        set_={c: stmt.excluded[c] for c in ("score", "criteria", "computed")},
    )


def _exec(stmt, conn):
    if conn is not None:
        conn.execute(stmt)
    else:
        with meta.engine.begin() as own:
            own.execute(stmt)


def refresh_all() -> int:
    """All public datasets. Those with a DataStore table get the full computation; the
    others (no table: four criteria unmet by definition) are scored from one query."""
    with meta.engine.begin() as conn:
        rows = conn.execute(
            sa.text("""
            SELECT p.id, p.license_id,
                   max(CASE WHEN e.key = 'update_frequency' THEN e.value END) AS freq,
                   max(CASE WHEN e.key = 'data_last_changed' THEN e.value END) AS changed,
                   bool_or(r.extras ILIKE '%"datastore_active": true%'
                           OR r.extras ILIKE '%"datastore_active": "true"%') AS has_table
            FROM package p
            LEFT JOIN package_extra e ON e.package_id = p.id AND e.state = 'active'
                 AND e.key IN ('update_frequency', 'data_last_changed')
            LEFT JOIN resource r ON r.package_id = p.id AND r.state = 'active'
            WHERE p.state = 'active' AND NOT p.private AND p.type = 'dataset'
            GROUP BY p.id, p.license_id
        """)
        ).fetchall()
        versions = _versions_by_package(conn)
        conn.execute(score_table.delete())
        now = datetime.datetime.utcnow()
        batch = []
        for r in rows:
            if r.has_table:
                refresh_package(r.id, conn)
                continue
            result = _result(
                0, 0, False, [], due_date(r.freq, r.changed), r.license_id, versions.get(r.id, 0)
            )
            batch.append(
                {
                    "package_id": r.id,
                    "score": result["score"],
                    "criteria": json.dumps(result["criteria"]),
                    "computed": now,
                }
            )
        # an upsert: a re-score job of another worker may have written one of these
        # datasets since the delete above (two writers, one row each, never a failure)
        stmt = _replacing(pg_insert(score_table))
        for i in range(0, len(batch), 2000):
            conn.execute(stmt, batch[i : i + 2000])
    return len(rows)
