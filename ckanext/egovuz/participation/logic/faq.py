"""FAQ (S-PANEL-1): questions and answers in uz, ru and en, ordered by operators."""

from __future__ import annotations

import sqlalchemy as sa

from ckan import model
from ckan.plugins import toolkit as tk

from .. import model as pm
from . import common

Q = pm.faq_table
LANGS = ("uz", "ru", "en")


def item_schema():
    v = tk.get_validator
    schema = {"position": [v("ignore_missing"), v("int_validator")]}
    for lang in LANGS:
        first = [v("not_empty")] if lang == "uz" else [v("ignore_missing")]
        schema[f"question_{lang}"] = first + [common.clean_text, common.max_length(500)]
        schema[f"answer_{lang}"] = first + [common.clean_text, common.max_length(10000)]
    return schema


def _get(faq_id):
    row = model.Session.execute(sa.select(Q).where(Q.c.id == str(faq_id or ""))).first()
    if row is None:
        raise tk.ObjectNotFound(tk._("FAQ item not found"))
    return row


def localize(item: dict, lang: str) -> dict:
    lang = (lang or "uz").split("_")[0]
    lang = lang if lang in LANGS else "uz"
    return dict(
        item,
        question=item.get(f"question_{lang}") or item["question_uz"],
        answer=item.get(f"answer_{lang}") or item["answer_uz"],
    )


@tk.side_effect_free
def faq_list(context, data_dict):
    """Every item in the operators' order; `lang` adds `question`/`answer` in that
    language (Uzbek where a translation is missing)."""
    tk.check_access("egovuz_faq_list", context, data_dict)
    rows = model.Session.execute(sa.select(Q).order_by(Q.c.position, Q.c.created)).fetchall()
    limit = data_dict.get("limit")
    items = [localize(pm.row_dict(r), data_dict.get("lang") or "uz") for r in rows]
    if limit:
        try:
            items = items[: max(int(limit), 0)]
        except (TypeError, ValueError):
            raise tk.ValidationError({"limit": [tk._("Invalid integer")]})
    return items


@tk.side_effect_free
def faq_show(context, data_dict):
    tk.check_access("egovuz_faq_show", context, data_dict)
    return localize(pm.row_dict(_get(data_dict.get("id"))), data_dict.get("lang") or "uz")


def faq_create(context, data_dict):
    tk.check_access("egovuz_faq_create", context, data_dict)
    data = common.validate(data_dict, item_schema(), context)
    if "position" not in data:
        data["position"] = (
            model.Session.execute(sa.select(sa.func.max(Q.c.position))).scalar() or 0
        ) + 1
    now = pm.utcnow()
    fid = pm.make_uuid()
    model.Session.execute(Q.insert().values(id=fid, created=now, modified=now, **data))
    model.Session.commit()
    return faq_show(context, {"id": fid})


def faq_update(context, data_dict):
    tk.check_access("egovuz_faq_update", context, data_dict)
    row = _get(data_dict.get("id"))
    data = common.validate(data_dict, item_schema(), context)
    data.pop("id", None)
    for lang in ("ru", "en"):  # a cleared translation is removed
        for f in ("question", "answer"):
            data.setdefault(f"{f}_{lang}", None)
    model.Session.execute(Q.update().where(Q.c.id == row.id).values(modified=pm.utcnow(), **data))
    model.Session.commit()
    return faq_show(context, {"id": row.id})


def faq_delete(context, data_dict):
    tk.check_access("egovuz_faq_delete", context, data_dict)
    row = _get(data_dict.get("id"))
    model.Session.execute(Q.delete().where(Q.c.id == row.id))
    model.Session.commit()
    return {"id": row.id, "deleted": True}


def faq_reorder(context, data_dict):
    """`order`: the ids in their new order (those left out keep their place after)."""
    tk.check_access("egovuz_faq_reorder", context, data_dict)
    order = data_dict.get("order")
    if isinstance(order, str):
        order = [x for x in order.replace(",", " ").split() if x]
    if not isinstance(order, list) or not all(isinstance(x, str) for x in order):
        raise tk.ValidationError({"order": [tk._("A list of FAQ item ids")]})
    existing = [
        r[0] for r in model.Session.execute(sa.select(Q.c.id).order_by(Q.c.position, Q.c.created))
    ]
    unknown = [x for x in order if x not in existing]
    if unknown:
        raise tk.ValidationError(
            {"order": [tk._("Unknown FAQ items: {ids}").format(ids=", ".join(unknown[:5]))]}
        )
    seen = list(dict.fromkeys(order))
    final = seen + [x for x in existing if x not in seen]
    for pos, fid in enumerate(final, 1):
        model.Session.execute(Q.update().where(Q.c.id == fid).values(position=pos))
    model.Session.commit()
    return faq_list(context, {})


def faq_move(context, data_dict):
    """Move one item `up` or `down` (the buttons of the operator page)."""
    tk.check_access("egovuz_faq_move", context, data_dict)
    row = _get(data_dict.get("id"))
    ids = [
        r[0] for r in model.Session.execute(sa.select(Q.c.id).order_by(Q.c.position, Q.c.created))
    ]
    i = ids.index(row.id)
    j = i - 1 if data_dict.get("direction") == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    return faq_reorder(context, {"order": ids})


def get_actions():
    return {
        "egovuz_faq_list": faq_list,
        "egovuz_faq_show": faq_show,
        "egovuz_faq_create": faq_create,
        "egovuz_faq_update": faq_update,
        "egovuz_faq_delete": faq_delete,
        "egovuz_faq_reorder": faq_reorder,
        "egovuz_faq_move": faq_move,
    }
