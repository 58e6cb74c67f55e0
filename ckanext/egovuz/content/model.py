"""Content edited by operators (S-NEWS, S-LAW, S-GLOSS, S-GUIDE, about pages): one table,
one row per item, `kind` telling news / law / term / page apart. Texts have Uzbek (the
plain column, required) and optional Russian and English variants (`_ru`, `_en`)."""

from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from ckan.model import meta

content_table = sa.Table(
    "egovuz_content",
    meta.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("kind", sa.Unicode(16), nullable=False),
    sa.Column("name", sa.UnicodeText, nullable=False),
    sa.Column("title", sa.UnicodeText, nullable=False),
    sa.Column("title_ru", sa.UnicodeText),
    sa.Column("title_en", sa.UnicodeText),
    sa.Column("body", sa.UnicodeText),
    sa.Column("body_ru", sa.UnicodeText),
    sa.Column("body_en", sa.UnicodeText),
    sa.Column("number", sa.UnicodeText),
    sa.Column("issuer", sa.UnicodeText),
    sa.Column("issuer_ru", sa.UnicodeText),
    sa.Column("issuer_en", sa.UnicodeText),
    sa.Column("url", sa.UnicodeText),
    sa.Column("image_url", sa.UnicodeText),
    sa.Column("published", sa.Date),
    sa.Column("creator_user_id", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False),
    sa.Column("modified", sa.DateTime, nullable=False),
    sa.UniqueConstraint("kind", "name", name="egovuz_content_kind_name_key"),
)

FIELDS = [c.name for c in content_table.columns]
EDITABLE = [
    "name",
    "title",
    "title_ru",
    "title_en",
    "body",
    "body_ru",
    "body_en",
    "number",
    "issuer",
    "issuer_ru",
    "issuer_en",
    "url",
    "image_url",
    "published",
]


def _row(row) -> dict | None:
    if row is None:
        return None
    out = dict(row._mapping)
    for key in ("published", "created", "modified"):
        if out.get(key) is not None:
            out[key] = out[key].isoformat()
    return out


def get(kind: str, id_or_name: str) -> dict | None:
    t = content_table
    row = meta.Session.execute(
        sa.select(t)
        .where(t.c.kind == kind)
        .where(sa.or_(t.c.id == id_or_name, t.c.name == id_or_name))
    ).first()
    return _row(row)


def name_taken(kind: str, name: str, except_id: str | None = None) -> bool:
    t = content_table
    q = sa.select(t.c.id).where(t.c.kind == kind).where(t.c.name == name)
    if except_id:
        q = q.where(t.c.id != except_id)
    return meta.Session.execute(q).first() is not None


def listing(
    kind: str, limit: int = 20, offset: int = 0, order: str = "published"
) -> tuple[int, list[dict]]:
    t = content_table
    total = meta.Session.execute(
        sa.select(sa.func.count()).select_from(t).where(t.c.kind == kind)
    ).scalar()
    q = sa.select(t).where(t.c.kind == kind)
    if order == "published":
        q = q.order_by(t.c.published.desc().nullslast(), t.c.created.desc())
    else:
        q = q.order_by(sa.func.lower(t.c.title), t.c.id)
    if limit:
        q = q.limit(limit).offset(offset)
    return total, [_row(r) for r in meta.Session.execute(q)]


def create(kind: str, values: dict, user_id: str | None) -> dict:
    now = datetime.datetime.utcnow()
    row = {k: values.get(k) for k in EDITABLE}
    row.update(id=str(uuid.uuid4()), kind=kind, creator_user_id=user_id, created=now, modified=now)
    meta.Session.execute(content_table.insert().values(**row))
    meta.Session.commit()
    return get(kind, row["id"])


def update(kind: str, item_id: str, values: dict) -> dict:
    row = {k: values.get(k) for k in EDITABLE if k in values}
    row["modified"] = datetime.datetime.utcnow()
    t = content_table
    meta.Session.execute(t.update().where(t.c.id == item_id).where(t.c.kind == kind).values(**row))
    meta.Session.commit()
    return get(kind, item_id)


def delete(kind: str, item_id: str) -> None:
    t = content_table
    meta.Session.execute(t.delete().where(t.c.id == item_id).where(t.c.kind == kind))
    meta.Session.commit()
