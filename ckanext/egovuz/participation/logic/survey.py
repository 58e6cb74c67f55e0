"""The user survey (S-PANEL-2): three questions with fixed options plus "other" with
text; anonymous answers allowed (rate-limited per IP address); results per question
and a CSV export for operators."""

from __future__ import annotations

import sqlalchemy as sa

from ckan import model
from ckan.plugins import toolkit as tk

from .. import model as pm
from . import common

S = pm.survey_table

# question key -> option codes ("other" last: it asks for text)
QUESTIONS = {
    "found_site": [
        "search_engine",
        "social_network",
        "other_site",
        "media",
        "acquaintance",
        "government",
        "other",
    ],
    "found_info": ["yes", "partly", "no", "other"],
    "purpose": [
        "research",
        "business",
        "journalism",
        "education",
        "public_administration",
        "app_development",
        "personal",
        "other",
    ],
}


def question_label(key: str) -> str:
    return {
        "found_site": tk._("How did you find our site?"),
        "found_info": tk._("Did you find the information you were looking for?"),
        "purpose": tk._("Which option best describes why you use the portal's data?"),
    }[key]


def option_label(code: str) -> str:
    return option_labels()[code]


def option_labels() -> dict[str, str]:
    """Every option's label in the current language."""
    return {
        "search_engine": tk._("Search engine"),
        "social_network": tk._("Social networks"),
        "other_site": tk._("A link on another website"),
        "media": tk._("Mass media"),
        "acquaintance": tk._("From colleagues or friends"),
        "government": tk._("A state body's website or letter"),
        "yes": tk._("Yes"),
        "partly": tk._("Partly"),
        "no": tk._("No"),
        "research": tk._("Research and analysis"),
        "business": tk._("Business"),
        "journalism": tk._("Journalism"),
        "education": tk._("Study or teaching"),
        "public_administration": tk._("Work in public administration"),
        "app_development": tk._("Building applications and services"),
        "personal": tk._("Personal interest"),
        "other": tk._("Other"),
    }


def questions() -> list[dict]:
    labels = option_labels()  # once: every page carries the survey dialog
    return [
        {
            "key": k,
            "label": question_label(k),
            "options": [{"value": o, "label": labels[o]} for o in opts],
        }
        for k, opts in QUESTIONS.items()
    ]


def answer_schema():
    v = tk.get_validator
    schema = {"website": [common.honeypot]}
    for key, options in QUESTIONS.items():
        schema[key] = [v("not_empty"), common.clean_text, v("one_of")(options)]
        schema[f"{key}_other"] = [v("ignore_missing"), common.clean_text, common.max_length(500)]
    return schema


def survey_answer_create(context, data_dict):
    tk.check_access("egovuz_survey_answer_create", context, data_dict)
    data = common.validate(data_dict, answer_schema(), context)
    errors = {}
    for key in QUESTIONS:
        other = data.get(f"{key}_other") or None
        if data[key] == "other" and not other:
            errors[f"{key}_other"] = [tk._('Please describe your "other" answer')]
        if data[key] != "other":
            data[f"{key}_other"] = None
    if errors:
        raise tk.ValidationError(errors)
    common.check_rate("survey", context)
    values = {k: data.get(k) for k in S.c.keys() if k not in ("id", "created", "user_id")}
    result = model.Session.execute(
        S.insert()
        .values(user_id=common.user_id(context), created=pm.utcnow(), **values)
        .returning(S.c.id)
    )
    new_id = result.scalar()
    model.Session.commit()
    common.count_rate(context)
    return {"id": new_id}


@tk.side_effect_free
def survey_results(context, data_dict):
    """Counts per option of each question, with the "other" texts."""
    tk.check_access("egovuz_survey_results", context, data_dict)
    total = model.Session.execute(sa.select(sa.func.count()).select_from(S)).scalar()
    out = []
    for q in questions():
        col = S.c[q["key"]]
        counts = dict(
            model.Session.execute(sa.select(col, sa.func.count()).group_by(col)).fetchall()
        )
        others = [
            r[0]
            for r in model.Session.execute(
                sa.select(S.c[q["key"] + "_other"])
                .where(col == "other")
                .order_by(S.c.created.desc())
                .limit(100)
            )
        ]
        out.append(
            dict(
                q,
                total=total,
                others=others,
                options=[dict(o, count=int(counts.get(o["value"], 0))) for o in q["options"]],
            )
        )
    return {"total": total, "questions": out}


@tk.side_effect_free
def survey_answer_list(context, data_dict):
    """Every answer (for the CSV export), oldest first."""
    tk.check_access("egovuz_survey_answer_list", context, data_dict)
    rows = model.Session.execute(sa.select(S).order_by(S.c.id)).fetchall()
    return [pm.row_dict(r) for r in rows]


def get_actions():
    return {
        "egovuz_survey_answer_create": survey_answer_create,
        "egovuz_survey_results": survey_results,
        "egovuz_survey_answer_list": survey_answer_list,
    }
