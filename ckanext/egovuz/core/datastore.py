"""SQL helpers for the DataStore (and CKAN) databases, written once: identifier quoting,
the columns of a table, whether a table exists, the DataStore's write engine."""

from __future__ import annotations

import sqlalchemy as sa


def ident(name: str) -> str:
    """A quoted PostgreSQL identifier (for SQL run through the driver, without
    sqlalchemy's bind-parameter parsing)."""
    return '"' + name.replace('"', '""').replace("\0", "") + '"'


def text_ident(name: str) -> str:
    """A quoted identifier for use inside sa.text(): colons escaped from bind-param
    parsing."""
    return ident(name).replace(":", "\\:")


def write_engine():
    """The DataStore's write engine (ckan.datastore.write_url)."""
    from ckanext.datastore.backend.postgres import get_write_engine

    return get_write_engine()


def table_exists(conn, table: str) -> bool:
    """Whether a plain table of that name exists in the public schema."""
    return bool(
        conn.execute(
            sa.text(
                "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relname = :t AND n.nspname = 'public' AND c.relkind = 'r'"
            ),
            {"t": table},
        ).first()
    )


def table_fields(conn, table: str, skip=("_id", "_full_text")) -> list[dict[str, str]]:
    """[{"id": column, "type": postgres type}] of a table in the public schema, in order."""
    rows = conn.execute(
        sa.text(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = :t AND n.nspname = 'public' AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY a.attnum"
        ),
        {"t": table},
    ).fetchall()
    return [{"id": r[0], "type": r[1]} for r in rows if r[0] not in skip]
