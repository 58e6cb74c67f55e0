"""Taking a version of a resource's DataStore table.

Storage (chosen by bench/versions_bench.py, see docs/benchmarks.md "Versions"): each
version is a table `egovuz_ver_<version id>` in the DataStore database made with
CREATE TABLE ... AS SELECT from the resource's table, readable only by the DataStore's
write role (the read role, used by datastore_search_sql, gets nothing).

Identity: the checksum is md5 over the column names and types and every row's text
(in _id order, i.e. file order). Same checksum as the latest version -> no new version.

Diff against the previous version, paired by a key column: the resource's declared key
(resource field `egovuz_version_key`, a column name), else the first column. A key
present only in the new version is "added", only in the old one "removed", in both
with a different value in any column the two versions share "changed". A key that
occurs several times is paired occurrence by occurrence (first with first, ...), in
file order. When the key column is missing from either version, every old row counts as
removed and every new row as added.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import uuid
from typing import Any

import sqlalchemy as sa
from ckan.model import meta
from ckan.plugins import toolkit as tk

from ..core.datastore import table_exists, table_fields, write_engine
from ..core.datastore import text_ident as ident
from . import model

log = logging.getLogger(__name__)

SNAPSHOT_PREFIX = "egovuz_ver_"
SYSTEM_COLUMNS = ("_id", "_full_text")


def _row_hash(fields: list[dict], seed: int) -> str:
    cols = ", ".join(f"{ident(f['id'])}::text" for f in fields)
    return f"hash_record_extended(ROW(_id, {cols}), {seed})::numeric" if fields else "0"


def row_hashes(conn, table: str, fields: list[dict], head_max_id: int | None = None) -> dict:
    """Count, max _id and two sums of 64-bit row hashes (over _id and every column as
    text) of the table, in one parallel scan without converting whole rows to text; with
    head_max_id, the same over the rows with _id <= head_max_id ("head_*")."""
    h0, h1 = _row_hash(fields, 0), _row_hash(fields, 1)
    head = ""
    if head_max_id is not None:
        m = int(head_max_id)
        head = (
            f", count(*) FILTER (WHERE _id <= {m}), "
            f"coalesce(sum({h0}) FILTER (WHERE _id <= {m}), 0), "
            f"coalesce(sum({h1}) FILTER (WHERE _id <= {m}), 0)"
        )
    row = conn.execute(
        sa.text(
            f"SELECT count(*), coalesce(max(_id), 0), coalesce(sum({h0}), 0), "
            f"coalesce(sum({h1}), 0){head} FROM {ident(table)}"
        )
    ).first()
    out = {"count": int(row[0]), "max_id": int(row[1]), "s0": str(row[2]), "s1": str(row[3])}
    if head_max_id is not None:
        out["head"] = {"count": int(row[4]), "s0": str(row[5]), "s1": str(row[6])}
    return out


def header_digest(fields: list[dict], h: dict) -> str:
    header = json.dumps([[f["id"], f["type"]] for f in fields], ensure_ascii=False)
    return hashlib.md5(f"{header}\n{h['count']}:{h['s0']}:{h['s1']}".encode("utf-8")).hexdigest()


def checksum(conn, table: str, fields: list[dict]) -> tuple[str, int, dict]:
    """md5 over the header (column names and types) and the row hashes; the row count."""
    h = row_hashes(conn, table, fields)
    return header_digest(fields, h), h["count"], h


def source(cconn, version) -> str:
    """A FROM expression giving the version's rows (_id and its columns): its table, or
    for an appended version the union of its base chain's tables. `version` is a row of
    the versions table or a dict from model.get_version."""
    t = model.version_table

    def get(v, k):
        return v[k] if isinstance(v, dict) else getattr(v, k)

    fields = get(version, "fields")
    fields = fields if isinstance(fields, list) else json.loads(fields)
    cols = ", ".join(["_id"] + [ident(f["id"]) for f in fields])
    parts, v = [], version
    while v is not None:
        parts.append(f"SELECT {cols} FROM {ident(get(v, 'location'))}")
        base = get(v, "base_id")
        v = cconn.execute(sa.select(t).where(t.c.id == base)).first() if base else None
    if len(parts) == 1:
        return ident(get(version, "location"))
    return "(" + " UNION ALL ".join(reversed(parts)) + ")"


def key_field(resource: dict, fields: list[dict]) -> str | None:
    declared = (resource.get("egovuz_version_key") or "").strip()
    ids = [f["id"] for f in fields]
    if declared and declared in ids:
        return declared
    return ids[0] if ids else None


def diff(
    conn,
    old_source: str,
    old_fields: list[dict],
    new_table: str,
    new_fields: list[dict],
    key: str | None,
) -> tuple[int, int, int]:
    """(added, removed, changed) between two versions' rows, paired by `key`."""
    old_ids = [f["id"] for f in old_fields]
    new_ids = [f["id"] for f in new_fields]
    if not key or key not in old_ids or key not in new_ids:
        o = conn.execute(sa.text(f"SELECT count(*) FROM {old_source} AS o")).scalar()
        n = conn.execute(sa.text(f"SELECT count(*) FROM {ident(new_table)}")).scalar()
        return int(n), int(o), 0
    common = [c for c in new_ids if c in old_ids]
    row_expr = (
        "hash_record_extended(ROW(" + ", ".join(f"{ident(c)}::text" for c in common) + "), 0)"
    )
    k = f"coalesce({ident(key)}::text, E'\\\\x01null')"
    sub = (
        "SELECT {k} AS k, row_number() OVER (PARTITION BY {k} ORDER BY _id) AS n, "
        "{h} AS h FROM {t} AS src"
    )
    sql = (
        f"WITH o AS ({sub.format(k=k, h=row_expr, t=old_source)}), "
        f"nw AS ({sub.format(k=k, h=row_expr, t=ident(new_table))}) "
        "SELECT count(*) FILTER (WHERE o.k IS NULL), "
        "count(*) FILTER (WHERE nw.k IS NULL), "
        "count(*) FILTER (WHERE o.k IS NOT NULL AND nw.k IS NOT NULL AND o.h <> nw.h) "
        "FROM o FULL JOIN nw ON o.k = nw.k AND o.n = nw.n"
    )
    conn.execute(sa.text("SET LOCAL work_mem = '256MB'"))
    conn.execute(sa.text("SET LOCAL jit = off"))
    a, r, c = conn.execute(sa.text(sql)).first()
    return int(a), int(r), int(c)


def _who(package_id: str) -> str | None:
    """The user behind the latest change of the dataset that is not the site user
    (xloader writes hashes and flags as the site user)."""
    from ckan import model as ckan_model

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    site_obj = ckan_model.User.get(site_user["name"])
    site_id = site_obj.id if site_obj else None
    try:
        acts = tk.get_action("package_activity_list")(
            {"ignore_auth": True, "user": site_user["name"]}, {"id": package_id, "limit": 20}
        )
    except (KeyError, tk.ObjectNotFound):  # activity plugin not loaded
        return None
    for act in acts:
        if act.get("user_id") and act["user_id"] != site_id:
            return act["user_id"]
    return None


def keep_count() -> int:
    return tk.asint(tk.config.get("ckanext.egovuz.versions.keep"))


def _lock_down(dconn, table: str) -> None:
    dconn.execute(sa.text(f"REVOKE ALL ON {ident(table)} FROM PUBLIC"))
    dconn.execute(
        sa.text(
            f"DO $$BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = "
            f"'datastore_read') THEN EXECUTE 'REVOKE ALL ON {ident(table)} "
            f"FROM datastore_read'; END IF; END$$"
        )
    )


def take_version(resource_id: str, user_id: str | None = None) -> dict | None:
    """Snapshot the resource's DataStore table as a new version unless its data is
    identical to the latest version. Returns the new version or None.

    When the new data is the previous version's rows (same columns, same values at the
    same _id) plus rows appended after them, the snapshot holds only the appended rows
    and points at the previous version (base_id): no copy of the unchanged rows, no
    join for the diff."""
    try:
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    engine = write_engine()
    with meta.engine.begin() as cconn:
        # one snapshot per resource at a time (lock held until this transaction ends)
        cconn.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtext(:r))"),
            {"r": "egovuz_versions:" + resource_id},
        )
        prev = model.latest(cconn, resource_id)
        with engine.begin() as dconn:
            if not table_exists(dconn, resource_id):
                return None
            fields = table_fields(dconn, resource_id)
            prev_fields = json.loads(prev.fields) if prev is not None else None
            prev_h = None
            if prev is not None and prev.row_hashes:
                m, s0, s1 = prev.row_hashes.split(":")
                prev_h = {"count": prev.row_count, "max_id": int(m), "s0": s0, "s1": s1}
            same_columns = prev_fields is not None and [
                (f["id"], f["type"]) for f in prev_fields
            ] == [(f["id"], f["type"]) for f in fields]
            hashes = row_hashes(
                dconn, resource_id, fields, prev_h["max_id"] if (prev_h and same_columns) else None
            )
            digest, count = header_digest(fields, hashes), hashes["count"]
            if prev is not None and prev.checksum == digest:
                log.info("versions: %s unchanged (checksum %s)", resource_id, digest)
                return None
            appended = bool(
                prev_h
                and same_columns
                and hashes.get("head")
                == {"count": prev_h["count"], "s0": prev_h["s0"], "s1": prev_h["s1"]}
                and table_exists(dconn, prev.location)
            )
            vid = str(uuid.uuid4())
            snap = SNAPSHOT_PREFIX + vid.replace("-", "")
            cols = ", ".join(["_id"] + [ident(f["id"]) for f in fields])
            where = f" WHERE _id > {int(prev_h['max_id'])}" if appended else ""
            dconn.execute(
                sa.text(
                    f"CREATE TABLE {ident(snap)} AS SELECT {cols} FROM {ident(resource_id)}{where}"
                )
            )
            _lock_down(dconn, snap)
            key = key_field(resource, fields)
            if appended:
                added, removed, changed = count - prev_h["count"], 0, 0
            elif prev is not None and table_exists(dconn, prev.location):
                added, removed, changed = diff(
                    dconn, source(cconn, prev), prev_fields, snap, fields, key
                )
            else:
                added, removed, changed = count, 0, 0
            size = dconn.execute(
                sa.text("SELECT pg_total_relation_size(:t)"), {"t": ident(snap)}
            ).scalar()
            number = (prev.number + 1) if prev is not None else 1
            values = dict(
                id=vid,
                resource_id=resource_id,
                package_id=resource["package_id"],
                number=number,
                created=datetime.datetime.utcnow(),
                user_id=user_id or _who(resource["package_id"]),
                row_count=count,
                checksum=digest,
                row_hashes=f"{hashes['max_id']}:{hashes['s0']}:{hashes['s1']}",
                fields=json.dumps(fields, ensure_ascii=False),
                key_field=key,
                rows_added=added,
                rows_removed=removed,
                rows_changed=changed,
                storage="pg",
                location=snap,
                size_bytes=size,
                base_id=prev.id if appended else None,
            )
            cconn.execute(model.version_table.insert().values(**values))
            _apply_retention(cconn, dconn, resource_id)
    log.info(
        "versions: %s version %s (%s rows, +%s -%s ~%s%s)",
        resource_id,
        number,
        count,
        added,
        removed,
        changed,
        ", appended" if appended else "",
    )
    return model.get_version(vid)


def _apply_retention(cconn, dconn, resource_id: str) -> None:
    """Keep the newest `keep` versions. The oldest kept one, if it only holds appended
    rows, first becomes a full table (its base goes away)."""
    keep = keep_count()
    if keep <= 0:
        return
    t = model.version_table
    kept = cconn.execute(
        sa.select(t).where(t.c.resource_id == resource_id).order_by(t.c.number.desc()).limit(keep)
    ).fetchall()
    old = cconn.execute(
        sa.select(t.c.id, t.c.location)
        .where(t.c.resource_id == resource_id)
        .order_by(t.c.number.desc())
        .offset(keep)
    ).fetchall()
    if not old:
        return
    oldest = kept[-1]
    if oldest.base_id:
        full = SNAPSHOT_PREFIX + uuid.uuid4().hex
        fields = json.loads(oldest.fields)
        cols = ", ".join(["_id"] + [ident(f["id"]) for f in fields])
        dconn.execute(
            sa.text(
                f"CREATE TABLE {ident(full)} AS SELECT {cols} FROM {source(cconn, oldest)} AS v"
            )
        )
        _lock_down(dconn, full)
        dconn.execute(sa.text(f"DROP TABLE IF EXISTS {ident(oldest.location)}"))
        size = dconn.execute(
            sa.text("SELECT pg_total_relation_size(:t)"), {"t": ident(full)}
        ).scalar()
        cconn.execute(
            t.update()
            .where(t.c.id == oldest.id)
            .values(location=full, base_id=None, size_bytes=size)
        )
    for vid, location in old:
        dconn.execute(sa.text(f"DROP TABLE IF EXISTS {ident(location)}"))
        cconn.execute(t.delete().where(t.c.id == vid))


def take_version_job(resource_id: str) -> None:
    """Background job (enqueued by the after_upload hook)."""
    take_version(resource_id)


def delete_versions(resource_id: str) -> None:
    t = model.version_table
    engine = write_engine()
    with meta.engine.begin() as cconn, engine.begin() as dconn:
        for vid, location in cconn.execute(
            sa.select(t.c.id, t.c.location).where(t.c.resource_id == resource_id)
        ):
            dconn.execute(sa.text(f"DROP TABLE IF EXISTS {ident(location)}"))
        cconn.execute(t.delete().where(t.c.resource_id == resource_id))


def on_after_upload(resource_dict: dict[str, Any]) -> None:
    resource_id = resource_dict["id"]
    if tk.asbool(tk.config.get("ckanext.egovuz.versions.synchronous")):
        take_version(resource_id)
    else:
        tk.enqueue_job(
            take_version_job, [resource_id], title=f"egovuz versions: snapshot {resource_id}"
        )
