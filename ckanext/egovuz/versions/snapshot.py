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

from . import model

log = logging.getLogger(__name__)

SNAPSHOT_PREFIX = "egovuz_ver_"
SYSTEM_COLUMNS = ("_id", "_full_text")


def ident(name: str) -> str:
    """A quoted identifier for use inside sa.text() (colons escaped from bind-param
    parsing)."""
    return '"' + name.replace('"', '""').replace("\0", "").replace(":", "\\:") + '"'


def write_engine():
    from ckanext.datastore.backend.postgres import get_write_engine
    return get_write_engine()


def table_fields(conn, table: str) -> list[dict[str, str]]:
    rows = conn.execute(sa.text(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = :t AND n.nspname = 'public' AND a.attnum > 0 "
        "AND NOT a.attisdropped ORDER BY a.attnum"), {"t": table}).fetchall()
    return [{"id": r[0], "type": r[1]} for r in rows if r[0] not in SYSTEM_COLUMNS]


def table_exists(conn, table: str) -> bool:
    return bool(conn.execute(sa.text(
        "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relname = :t AND n.nspname = 'public' AND c.relkind = 'r'"),
        {"t": table}).first())


def _row_hash(fields: list[dict], seed: int) -> str:
    cols = ", ".join(f"{ident(f['id'])}::text" for f in fields)
    return f"hash_record_extended(ROW(_id, {cols}), {seed})::numeric" if fields else "0"


def row_hashes(conn, table: str, fields: list[dict], max_id: int | None = None) -> dict:
    """Count, max _id and two sums of 64-bit row hashes (over _id and every column
    as text) of the table, or of its rows with _id <= max_id. Position-aware (the _id is
    hashed), one parallel scan, no text conversion of the whole row."""
    where = f" WHERE _id <= {int(max_id)}" if max_id is not None else ""
    row = conn.execute(sa.text(
        f"SELECT count(*), coalesce(max(_id), 0), coalesce(sum({_row_hash(fields, 0)}), 0), "
        f"coalesce(sum({_row_hash(fields, 1)}), 0) FROM {ident(table)}{where}")).first()
    return {"count": int(row[0]), "max_id": int(row[1]), "s0": str(row[2]), "s1": str(row[3])}


def checksum(conn, table: str, fields: list[dict]) -> tuple[str, int, dict]:
    """md5 over the header (column names and types) and the row hashes; the row count."""
    h = row_hashes(conn, table, fields)
    header = json.dumps([[f["id"], f["type"]] for f in fields], ensure_ascii=False)
    digest = hashlib.md5(
        f"{header}\n{h['count']}:{h['s0']}:{h['s1']}".encode("utf-8")).hexdigest()
    return digest, h["count"], h


def key_field(resource: dict, fields: list[dict]) -> str | None:
    declared = (resource.get("egovuz_version_key") or "").strip()
    ids = [f["id"] for f in fields]
    if declared and declared in ids:
        return declared
    return ids[0] if ids else None


def diff(conn, old_table: str, old_fields: list[dict], new_table: str,
         new_fields: list[dict], key: str | None, old_hashes: dict | None = None,
         new_count: int | None = None) -> tuple[int, int, int]:
    """(added, removed, changed) between two snapshot tables, paired by `key`."""
    old_ids = [f["id"] for f in old_fields]
    new_ids = [f["id"] for f in new_fields]
    # rows only appended (same columns, the old rows unchanged at the same positions):
    # one scan of the new table's first rows instead of a join
    if old_hashes and new_count is not None and [(f["id"], f["type"]) for f in old_fields] \
            == [(f["id"], f["type"]) for f in new_fields]:
        head = row_hashes(conn, new_table, new_fields, old_hashes["max_id"])
        if (head["count"], head["s0"], head["s1"]) == (
                old_hashes["count"], old_hashes["s0"], old_hashes["s1"]):
            return new_count - head["count"], 0, 0
    if not key or key not in old_ids or key not in new_ids:
        o = conn.execute(sa.text(f"SELECT count(*) FROM {ident(old_table)}")).scalar()
        n = conn.execute(sa.text(f"SELECT count(*) FROM {ident(new_table)}")).scalar()
        return int(n), int(o), 0
    common = [c for c in new_ids if c in old_ids]
    row_expr = ("hash_record_extended(ROW(" + ", ".join(f"{ident(c)}::text" for c in common)
                + "), 0)")
    k = f"coalesce({ident(key)}::text, E'\\\\x01null')"
    sub = ("SELECT {k} AS k, row_number() OVER (PARTITION BY {k} ORDER BY _id) AS n, "
           "{h} AS h FROM {t}")
    sql = (f"WITH o AS ({sub.format(k=k, h=row_expr, t=ident(old_table))}), "
           f"nw AS ({sub.format(k=k, h=row_expr, t=ident(new_table))}) "
           "SELECT count(*) FILTER (WHERE o.k IS NULL), "
           "count(*) FILTER (WHERE nw.k IS NULL), "
           "count(*) FILTER (WHERE o.k IS NOT NULL AND nw.k IS NOT NULL AND o.h <> nw.h) "
           "FROM o FULL JOIN nw ON o.k = nw.k AND o.n = nw.n")
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
            {"ignore_auth": True, "user": site_user["name"]},
            {"id": package_id, "limit": 20})
    except (KeyError, tk.ObjectNotFound):  # activity plugin not loaded
        return None
    for act in acts:
        if act.get("user_id") and act["user_id"] != site_id:
            return act["user_id"]
    return None


def keep_count() -> int:
    return tk.asint(tk.config.get("ckanext.egovuz.versions.keep"))


def take_version(resource_id: str, user_id: str | None = None) -> dict | None:
    """Snapshot the resource's DataStore table as a new version unless its data is
    identical to the latest version. Returns the new version or None."""
    try:
        resource = tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    engine = write_engine()
    with meta.engine.begin() as cconn:
        # one snapshot per resource at a time (lock held until this transaction ends)
        cconn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:r))"),
                      {"r": "egovuz_versions:" + resource_id})
        prev = model.latest(cconn, resource_id)
        with engine.begin() as dconn:
            if not table_exists(dconn, resource_id):
                return None
            fields = table_fields(dconn, resource_id)
            digest, count, hashes = checksum(dconn, resource_id, fields)
            if prev is not None and prev.checksum == digest:
                log.info("versions: %s unchanged (checksum %s)", resource_id, digest)
                return None
            vid = str(uuid.uuid4())
            snap = SNAPSHOT_PREFIX + vid.replace("-", "")
            cols = ", ".join(["_id"] + [ident(f["id"]) for f in fields])
            dconn.execute(sa.text(
                f"CREATE TABLE {ident(snap)} AS SELECT {cols} FROM {ident(resource_id)}"))
            dconn.execute(sa.text(f"REVOKE ALL ON {ident(snap)} FROM PUBLIC"))
            dconn.execute(sa.text(
                f"DO $$BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = "
                f"'datastore_read') THEN EXECUTE 'REVOKE ALL ON {ident(snap)} "
                f"FROM datastore_read'; END IF; END$$"))
            key = key_field(resource, fields)
            if prev is not None and table_exists(dconn, prev.location):
                old_hashes = None
                if prev.row_hashes:
                    m, s0, s1 = prev.row_hashes.split(":")
                    old_hashes = {"count": prev.row_count, "max_id": int(m), "s0": s0, "s1": s1}
                added, removed, changed = diff(
                    dconn, prev.location, json.loads(prev.fields), snap, fields, key,
                    old_hashes=old_hashes, new_count=count)
            else:
                added, removed, changed = count, 0, 0
            size = dconn.execute(sa.text("SELECT pg_total_relation_size(:t)"),
                                 {"t": ident(snap)}).scalar()
            number = (prev.number + 1) if prev is not None else 1
            values = dict(
                id=vid, resource_id=resource_id, package_id=resource["package_id"],
                number=number, created=datetime.datetime.utcnow(),
                user_id=user_id or _who(resource["package_id"]),
                row_count=count, checksum=digest,
                row_hashes=f"{hashes['max_id']}:{hashes['s0']}:{hashes['s1']}",
                fields=json.dumps(fields, ensure_ascii=False), key_field=key,
                rows_added=added, rows_removed=removed, rows_changed=changed,
                storage="pg", location=snap, size_bytes=size)
            cconn.execute(model.version_table.insert().values(**values))
            _apply_retention(cconn, dconn, resource_id)
    log.info("versions: %s version %s (%s rows, +%s -%s ~%s)", resource_id, number,
             count, added, removed, changed)
    return model.get_version(vid)


def _apply_retention(cconn, dconn, resource_id: str) -> None:
    keep = keep_count()
    if keep <= 0:
        return
    t = model.version_table
    old = cconn.execute(sa.select(t.c.id, t.c.location).where(t.c.resource_id == resource_id)
                        .order_by(t.c.number.desc()).offset(keep)).fetchall()
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
                sa.select(t.c.id, t.c.location).where(t.c.resource_id == resource_id)):
            dconn.execute(sa.text(f"DROP TABLE IF EXISTS {ident(location)}"))
        cconn.execute(t.delete().where(t.c.resource_id == resource_id))


def on_after_upload(resource_dict: dict[str, Any]) -> None:
    resource_id = resource_dict["id"]
    if tk.asbool(tk.config.get("ckanext.egovuz.versions.synchronous")):
        take_version(resource_id)
    else:
        tk.enqueue_job(take_version_job, [resource_id],
                       title=f"egovuz versions: snapshot {resource_id}")
