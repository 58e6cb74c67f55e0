"""Pages of participation. Each calls the same egovuz_* actions as the API; a form that
fails validation is rendered again with per-field messages and what was typed."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlparse

from flask import Blueprint, make_response

from ckan.lib.pagination import Page
from ckan.plugins import toolkit as tk

from ..core.context import action_context as _context
from ..core.csrf import protect_posts
from .logic import proposals as proposal_logic
from .logic import survey as survey_logic

blueprint = Blueprint("egovuz_participation", __name__)
blueprint.before_request(protect_posts)  # the CSRF rule for anonymous form posts

SURVEY_COOKIE = "egovuz_survey"


def _form() -> dict:
    data = {k: v for k, v in tk.request.form.items() if k != "_csrf_token"}
    return data


def _require_login():
    if not _context()["user"]:
        return tk.redirect_to("user.login", came_from=tk.request.full_path)
    return None


def _safe_next(url: str | None, default: str) -> str:
    """A same-site path to return to (never another host)."""
    if url:
        parsed = urlparse(url)
        if (
            not parsed.scheme
            and not parsed.netloc
            and url.startswith("/")
            and not url.startswith("//")
        ):
            return url
    return default


def _summary(errors: dict) -> dict:
    return {k: "; ".join(v) if isinstance(v, list) else str(v) for k, v in errors.items()}


def _call(action, data, context=None):
    return tk.get_action(action)(context or _context(), data)


def _deny_or_404(exc):
    if isinstance(exc, tk.ObjectNotFound):
        return tk.abort(404, tk._("Not found"))
    return tk.abort(403, tk._("Not authorized"))


# --- proposals --------------------------------------------------------------------------
@blueprint.route("/proposals")
def proposals():
    args = tk.request.args
    try:
        page = max(int(args.get("page", 1)), 1)
    except ValueError:
        page = 1
    limit = 20
    params = {k: args.get(k) for k in ("state", "sphere", "sort", "organization") if args.get(k)}
    for flag in ("sent_to_me", "mine"):
        if args.get(flag):
            params[flag] = True
    try:
        result = _call("egovuz_proposal_list", dict(params, limit=limit, offset=(page - 1) * limit))
        error = None
    except tk.ValidationError as e:
        result, error = {"count": 0, "results": []}, _summary(e.error_dict)

    def pager_url(q=None, page=None):
        return tk.h.url_for(
            "egovuz_participation.proposals",
            page=page,
            **{
                k: args.get(k)
                for k in ("state", "sphere", "sort", "sent_to_me", "mine", "organization")
                if args.get(k)
            },
        )

    pager = Page(
        collection=result["results"],
        page=page,
        url=pager_url,
        item_count=result["count"],
        items_per_page=limit,
        presliced_list=True,
    )
    return tk.render(
        "participation/proposals/index.html",
        {
            "proposals": result["results"],
            "count": result["count"],
            "pager": pager,
            "params": args,
            "error": error,
        },
    )


@blueprint.route("/proposals/new", methods=["GET", "POST"])
def proposal_new():
    redirect = _require_login()
    if redirect:
        return redirect
    data, errors = {}, {}
    searched = (tk.request.args.get("q") or "").strip()[: proposal_logic.SEARCH_QUERY_MAX]
    if searched:  # from a search that found nothing: the query names the dataset
        data = {"title": searched, "search_query": searched}
    if tk.request.method == "POST":
        data = _form()
        try:
            proposal = _call("egovuz_proposal_create", data)
            tk.h.flash_success(
                tk._("Thank you! Your proposal was submitted; operators will review it.")
            )
            return tk.redirect_to("egovuz_participation.proposal_read", id=proposal["id"])
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render(
        "participation/proposals/new.html",
        {"data": data, "errors": errors, "error_summary": _summary(errors)},
    )


def _render_proposal(proposal_id, data=None, errors=None):
    try:
        proposal = _call("egovuz_proposal_show", {"id": proposal_id})
    except (tk.ObjectNotFound, tk.NotAuthorized) as e:
        return _deny_or_404(e)
    ctx = _context()
    can_move = [
        s
        for s in tk.h.egovuz_proposal_next_states(proposal)
        if tk.h.egovuz_can(
            "egovuz_proposal_transition",
            {
                "from_state": proposal["state"],
                "state": s,
                "org_id": (proposal["organization"] or {}).get("id"),
            },
        )
    ]
    return tk.render(
        "participation/proposals/read.html",
        {
            "proposal": proposal,
            "next_states": can_move,
            "is_operator": bool(ctx["auth_user_obj"] and ctx["auth_user_obj"].sysadmin),
            "data": data or {},
            "errors": errors or {},
            "error_summary": _summary(errors or {}),
        },
    )


@blueprint.route("/proposals/<id>")
def proposal_read(id):
    return _render_proposal(id)


@blueprint.route("/proposals/<id>/vote", methods=["POST"])
def proposal_vote(id):
    redirect = _require_login()
    if redirect:
        return redirect
    action = "egovuz_proposal_unvote" if tk.request.form.get("unvote") else "egovuz_proposal_vote"
    try:
        _call(action, {"id": id})
        tk.h.flash_success(
            tk._("Your vote was withdrawn")
            if action.endswith("unvote")
            else tk._("Thank you for your vote")
        )
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(_summary(e.error_dict).values()))
    except (tk.ObjectNotFound, tk.NotAuthorized) as e:
        return _deny_or_404(e)
    return tk.redirect_to("egovuz_participation.proposal_read", id=id)


@blueprint.route("/proposals/<id>/transition", methods=["POST"])
def proposal_transition(id):
    data = _form()
    try:
        _call("egovuz_proposal_transition", dict(data, id=id))
        tk.h.flash_success(tk._("The proposal was updated"))
        return tk.redirect_to("egovuz_participation.proposal_read", id=id)
    except tk.ValidationError as e:
        return _render_proposal(id, data, e.error_dict)
    except (tk.ObjectNotFound, tk.NotAuthorized) as e:
        return _deny_or_404(e)


# --- ratings and comments ------------------------------------------------------------------
def _dataset_url(id, **kw):
    return tk.h.url_for("dataset.read", id=id, **kw)


@blueprint.route("/dataset/<id>/rating", methods=["POST"])
def rate(id):
    redirect = _require_login()
    if redirect:
        return redirect
    try:
        _call("egovuz_rating_create", {"package_id": id, "rating": tk.request.form.get("rating")})
        tk.h.flash_success(tk._("Thank you for rating this dataset"))
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(_summary(e.error_dict).values()))
    except tk.NotAuthorized as e:
        return _deny_or_404(e)
    return tk.redirect_to(_dataset_url(id) + "#passport-title")


@blueprint.route("/dataset/<id>/comments", methods=["POST"])
def comment_create(id):
    redirect = _require_login()
    if redirect:
        return redirect
    data = _form()
    try:
        comment = _call("egovuz_comment_create", dict(data, package_id=id))
        tk.h.flash_success(tk._("Your comment was posted"))
        return tk.redirect_to(_dataset_url(id) + "#comment-" + comment["id"])
    except tk.ValidationError as e:
        errors = e.error_dict
    except tk.NotAuthorized as e:
        return _deny_or_404(e)
    return tk.render(
        "participation/comments/form.html",
        {"package_id": id, "data": data, "errors": errors, "error_summary": _summary(errors)},
    )


@blueprint.route("/comments/<cid>/<any(hide, unhide, delete):op>", methods=["POST"])
def comment_moderate(cid, op):
    try:
        _call(f"egovuz_comment_{op}", {"id": cid})
        tk.h.flash_success(
            {
                "hide": tk._("The comment was hidden"),
                "unhide": tk._("The comment is shown again"),
                "delete": tk._("The comment was deleted"),
            }[op]
        )
    except (tk.ObjectNotFound, tk.NotAuthorized) as e:
        return _deny_or_404(e)
    back = _safe_next(tk.request.form.get("came_from"), tk.h.url_for("home.index"))
    return tk.redirect_to(back)


# --- survey ---------------------------------------------------------------------------------
@blueprint.route("/survey", methods=["GET", "POST"])
def survey():
    data, errors = {}, {}
    came_from = _safe_next(tk.request.values.get("came_from"), tk.h.url_for("home.index"))
    if tk.request.method == "POST":
        data = _form()
        try:
            _call("egovuz_survey_answer_create", data)
            tk.h.flash_success(tk._("Thank you for answering the survey"))
            resp = tk.redirect_to(came_from)
            resp.set_cookie(SURVEY_COOKIE, "answered", max_age=3 * 365 * 24 * 3600, samesite="Lax")
            return resp
        except tk.ValidationError as e:
            errors = e.error_dict
    return tk.render(
        "participation/survey/form.html",
        {"data": data, "errors": errors, "error_summary": _summary(errors), "came_from": came_from},
    )


@blueprint.route("/survey/results")
def survey_results():
    try:
        results = _call("egovuz_survey_results", {})
    except tk.NotAuthorized as e:
        return _deny_or_404(e)
    return tk.render("participation/survey/results.html", {"results": results})


@blueprint.route("/survey/results.csv")
def survey_export():
    try:
        rows = _call("egovuz_survey_answer_list", {})
    except tk.NotAuthorized as e:
        return _deny_or_404(e)
    out = io.StringIO()
    writer = csv.writer(out)
    cols = ["id", "created"]
    for key in survey_logic.QUESTIONS:
        cols += [key, f"{key}_other"]
    writer.writerow(cols)
    for r in rows:
        # a leading = + - @ would be a formula in a spreadsheet: quote it as text
        writer.writerow([_csv_safe(r.get(c)) for c in cols])
    resp = make_response("\ufeff" + out.getvalue())
    resp.headers["Content-Type"] = "text/csv; charset=utf-8"
    resp.headers["Content-Disposition"] = 'attachment; filename="survey.csv"'
    return resp


def _csv_safe(value):
    if value is None:
        return ""
    value = str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# --- feedback -------------------------------------------------------------------------------
@blueprint.route("/feedback", methods=["GET", "POST"])
def feedback():
    data, errors = {}, {}
    searched = (tk.request.args.get("q") or "").strip()[: proposal_logic.SEARCH_QUERY_MAX]
    if searched:  # from a search that found nothing: the query names the dataset
        data = {"title": searched, "search_query": searched}
    if tk.request.method == "POST":
        data = _form()
        try:
            _call("egovuz_feedback_create", data)
            tk.h.flash_success(tk._("Thank you! Your message was sent to the portal's operators."))
            return tk.redirect_to("egovuz_participation.feedback")
        except tk.ValidationError as e:
            errors = e.error_dict
    else:
        user = _context()["auth_user_obj"]
        if user:
            data = {"full_name": user.fullname or "", "email": user.email or ""}
    return tk.render(
        "participation/feedback/form.html",
        {"data": data, "errors": errors, "error_summary": _summary(errors)},
    )


@blueprint.route("/feedback/inbox")
def feedback_inbox():
    state = tk.request.args.get("state") or ""
    try:
        result = _call("egovuz_feedback_list", {"state": state, "limit": 200})
    except tk.NotAuthorized as e:
        return _deny_or_404(e)
    except tk.ValidationError:
        return tk.abort(400, tk._("Unknown state"))
    return tk.render("participation/feedback/inbox.html", {"result": result, "state": state})


@blueprint.route("/feedback/inbox/<id>", methods=["POST"])
def feedback_update(id):
    try:
        _call("egovuz_feedback_update", dict(_form(), id=id))
        tk.h.flash_success(tk._("Saved"))
    except tk.ValidationError as e:
        tk.h.flash_error("; ".join(_summary(e.error_dict).values()))
    except (tk.ObjectNotFound, tk.NotAuthorized) as e:
        return _deny_or_404(e)
    return tk.redirect_to("egovuz_participation.feedback_inbox")


# --- FAQ ------------------------------------------------------------------------------------
@blueprint.route("/faq")
def faq():
    return tk.render("participation/faq/index.html", {"items": tk.h.egovuz_faq_items()})


@blueprint.route("/faq/manage")
def faq_manage():
    if not tk.h.egovuz_can("egovuz_faq_create"):
        return tk.abort(403, tk._("Not authorized"))
    return tk.render("participation/faq/manage.html", {"items": _call("egovuz_faq_list", {})})


@blueprint.route("/faq/new", methods=["GET", "POST"], endpoint="faq_new")
@blueprint.route("/faq/<id>/edit", methods=["GET", "POST"])
def faq_edit(id=None):
    if not tk.h.egovuz_can("egovuz_faq_create"):
        return tk.abort(403, tk._("Not authorized"))
    errors = {}
    if tk.request.method == "POST":
        data = _form()
        try:
            if id:
                _call("egovuz_faq_update", dict(data, id=id))
            else:
                _call("egovuz_faq_create", data)
            tk.h.flash_success(tk._("Saved"))
            return tk.redirect_to("egovuz_participation.faq_manage")
        except tk.ValidationError as e:
            errors = e.error_dict
        except tk.ObjectNotFound as e:
            return _deny_or_404(e)
    elif id:
        try:
            data = _call("egovuz_faq_show", {"id": id})
        except tk.ObjectNotFound as e:
            return _deny_or_404(e)
    else:
        data = {}
    return tk.render(
        "participation/faq/edit.html",
        {"data": data, "id": id, "errors": errors, "error_summary": _summary(errors)},
    )


@blueprint.route("/faq/<id>/<any(delete, up, down):op>", methods=["POST"])
def faq_change(id, op):
    try:
        if op == "delete":
            _call("egovuz_faq_delete", {"id": id})
        else:
            _call("egovuz_faq_move", {"id": id, "direction": op})
    except (tk.ObjectNotFound, tk.NotAuthorized) as e:
        return _deny_or_404(e)
    return tk.redirect_to("egovuz_participation.faq_manage")


def get_blueprints():
    return [blueprint]
