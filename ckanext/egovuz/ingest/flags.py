"""A resource's `datastore_active` that no concurrent write can undo.

The lost update seen on `make run` (a CSV loaded, its flag false in the database and in
the index): every `package_update` (so every `resource_create`, `resource_patch`,
`package_patch` …) writes back ALL resources of the dataset as it read them a moment
before, `datastore_active` included. When a job worker sets the CSV's flag between that
read and that write — e.g. while the demo loader (or a publisher) adds the XLSX to the
same dataset, or while xloader patches the XLSX's hash — the flag is written back as
false. xloader adds two more of its own: its hash update is such a `resource_patch`, and
its `set_resource_metadata` re-indexes a copy of the dataset read from Solr, which
another job may be re-indexing at the same moment.

Two rules close it:

1. The DataStore is the truth: when a dataset is saved (`after_dataset_update`, after
   the resources are written and before the commit and the re-index), each resource's
   flag is set from whether its DataStore table exists. A job sets the flag only after
   its table is in place, so a stale `false` written by the save is corrected in the
   same transaction; a job's own flag write that comes later waits for the save's row
   lock and then merges its key into the committed row.
2. Job-side writes touch only their own keys (`update_resource_fields`: one UPDATE
   merging the keys into the row as it is then), and re-index the dataset from the
   database under a PostgreSQL advisory lock per dataset, which a save also takes (until
   its commit, so after its own re-index): the last index written is the latest state.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pysolr
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

log = logging.getLogger(__name__)

LOCK_PREFIX = "egovuz_dataset:"


def autocommit(engine):
    """A connection outside any transaction (each statement stands alone): for
    session-level advisory locks held while other work runs elsewhere."""
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def _lock_key(package_id: str) -> str:
    return LOCK_PREFIX + package_id


def _columns() -> set[str]:
    from ckan import model

    return {c.name for c in model.resource_table.c} - {"id", "package_id", "extras"}


def tables_of(resource_ids: list[str]) -> set[str]:
    """The resources among `resource_ids` that have a DataStore table."""
    if not resource_ids:
        return set()
    from ckanext.datastore.backend.postgres import get_write_engine

    with get_write_engine().connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p') "
                "AND c.relname = ANY(:ids)"
            ),
            {"ids": list(resource_ids)},
        )
        return {r[0] for r in rows}


def update_resource_fields(resource_id: str, fields: dict[str, Any]) -> None:
    """Set `fields` of the resource (and nothing else), then re-index its dataset."""
    from ckan import model
    from ckan.model import meta

    t = model.resource_table
    cols = _columns()
    values: dict[str, Any] = {k: v for k, v in fields.items() if k in cols}
    extras = {k: v for k, v in fields.items() if k not in cols}
    if extras:
        values["extras"] = sa.cast(
            sa.func.coalesce(t.c.extras, "{}")
            .cast(JSONB)
            .op("||")(sa.cast(sa.literal(extras, type_=JSONB), JSONB)),
            sa.UnicodeText,
        )
    now = datetime.datetime.utcnow()
    # One UPDATE of the row as it is when it runs (it waits for a save in progress and
    # merges into what that save committed); no lock of ours is held meanwhile, so a save
    # that holds the row and waits for the dataset's lock cannot deadlock with us.
    with meta.engine.begin() as conn:
        package_id = conn.execute(sa.select(t.c.package_id).where(t.c.id == resource_id)).scalar()
        if package_id is None:
            raise LookupError(f"resource {resource_id} not found")
        # the dataset's row first, then the resource's: the order in which package_update
        # locks them (no deadlock with a save in progress). The dataset's copy in Solr is
        # stale from now on: package_show compares this stamp and reads the database.
        conn.execute(
            model.package_table.update()
            .where(model.package_table.c.id == package_id)
            .values(metadata_modified=now)
        )
        conn.execute(
            t.update().where(t.c.id == resource_id).values(metadata_modified=now, **values)
        )
    model.Session.expire_all()
    reindex(package_id)


def reindex(package_id: str) -> bool:
    """Index the dataset as the database has it now, under the dataset's lock. With Solr
    down the database change stands (pages read the database: the dataset's stamp is
    newer than the index's) and the index is brought up to date by `reindex_stale`
    once Solr is back; returns whether the index was written."""
    from ckan.lib import search
    from ckan.model import meta

    with autocommit(meta.engine) as lock_conn:
        # a session-level lock on its own connection: released when the connection
        # closes, also when the process dies
        lock_conn.execute(
            sa.text("SELECT pg_advisory_lock(hashtext(:k))"), {"k": _lock_key(package_id)}
        )
        try:
            search.rebuild(package_id)
            return True
        except (search.SearchIndexError, search.SearchError, pysolr.SolrError, OSError) as e:
            log.warning(
                "dataset %s not indexed (Solr: %s); `ckan egovuz reindex-stale` "
                "indexes it once Solr is back",
                package_id,
                e,
            )
            return False
        finally:
            lock_conn.execute(
                sa.text("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": _lock_key(package_id)}
            )


def guard_dataset_save(package_id: str) -> None:
    """`after_dataset_update`: the flags of the dataset's resources from the DataStore,
    and the dataset's lock until the save commits (see the module's docstring)."""
    from ckan import model

    model.Session.execute(
        sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": _lock_key(package_id)}
    )
    resources = (
        model.Session.query(model.Resource)
        .filter(model.Resource.package_id == package_id)
        .filter(model.Resource.state == "active")
        .all()
    )
    have = tables_of([r.id for r in resources])
    for res in resources:
        extras = dict(res.extras or {})
        active = res.id in have
        if bool(extras.get("datastore_active")) != active:
            log.info(
                "datastore_active of %s kept %s (the DataStore has %s table)",
                res.id,
                active,
                "a" if active else "no",
            )
            extras["datastore_active"] = active
            res.extras = extras
    model.Session.flush()


def stale_datasets() -> list[str]:
    """Active datasets whose index copy is missing or older than the database's."""
    from ckan import model
    from ckan.lib.search.common import make_connection

    with model.meta.engine.connect() as conn:
        db = dict(
            conn.execute(
                sa.select(model.package_table.c.id, model.package_table.c.metadata_modified).where(
                    model.package_table.c.state == "active"
                )
            ).fetchall()
        )
    indexed: dict[str, str] = {}
    conn = make_connection(decode_dates=False)
    start, rows = 0, 1000
    while True:
        res = conn.search(
            q="*:*",
            fq=[f'+site_id:"{tk_site_id()}"', "+entity_type:package"],
            fl="id,metadata_modified",
            start=start,
            rows=rows,
            sort="id asc",
        )
        for doc in res.docs:
            indexed[doc["id"]] = doc.get("metadata_modified") or ""
        start += rows
        if start >= res.hits:
            break
    return [
        pid
        for pid, modified in db.items()
        if modified is None or indexed.get(pid, "")[:22] != modified.isoformat()[:22]
    ]


def tk_site_id() -> str:
    from ckan.plugins import toolkit as tk

    return tk.config.get("ckan.site_id")


def reindex_stale() -> int:
    """Index every dataset whose index copy is stale (after Solr was down); returns how
    many were indexed."""
    done = 0
    for pid in stale_datasets():
        if reindex(pid):
            done += 1
    if done:
        log.info("reindex-stale: %s datasets indexed", done)
    return done
