"""Pages of the AI data section (/ai-data). The list calls the same action as the API and
offers its data as CSV (?format=csv); operators flag a dataset from it."""

from __future__ import annotations

from flask import Blueprint, request

from ckan.plugins import toolkit as tk

from ..core import pages
from ..core.context import action_context
from ..core.csrf import protect_posts
from .scoring import CRITERIA

ai = Blueprint("egovuz_ai", __name__, url_prefix="/ai-data")
ai.before_request(protect_posts)


@ai.route("/", endpoint="index")
def ai_index():
    columns = [
        ("title", "title"),
        ("name", "name"),
        ("organization.title", "organization"),
        ("score", "score"),
        ("flagged", "flagged"),
    ] + [(f"criteria.{c}.met", c) for c in CRITERIA]
    return pages.list_page(
        "egovuz_ai_list",
        ("min_score", "flagged", "organization", "sort"),
        "ai/index.html",
        "ai-data.csv",
        columns,
    )


@ai.route("/flag/<id>", methods=["POST"], endpoint="flag")
def ai_flag(id):
    data = {
        "id": id,
        "flagged": request.form.get("flagged", "true"),
        "note": request.form.get("note", ""),
    }
    try:
        tk.get_action("egovuz_ai_flag_set")(action_context(), data)
        tk.h.flash_success(tk._("Saved"))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only portal operators may do this"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset not found"))
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(f"{k}: {' '.join(v)}" for k, v in e.error_dict.items()))
    return tk.redirect_to("egovuz_ai.index")


def get_blueprints():
    return [ai]
