"""Template helpers of participation: they call the actions as the current user."""

from __future__ import annotations

from markupsafe import Markup
from ckan.plugins import toolkit as tk

from ..core import fragments
from .logic import proposals, survey


def _ctx():
    return {"user": tk.g.user if hasattr(tk.g, "user") else None}


def _lang():
    try:
        return tk.h.lang() or "uz"
    except Exception:
        return "uz"


def rating(package_id: str) -> dict:
    try:
        return tk.get_action("egovuz_rating_show")(_ctx(), {"package_id": package_id})
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return {"average": None, "count": 0, "rating": None}


def comments(package_id: str, page=1) -> dict:
    try:
        page = max(int(page or 1), 1)
    except (TypeError, ValueError):
        page = 1
    try:
        return tk.get_action("egovuz_comment_list")(
            _ctx(),
            {
                "package_id": package_id,
                "page": page,
                "limit": tk.config.get("ckanext.egovuz.comments.page_size"),
            },
        )
    except (tk.NotAuthorized, tk.ObjectNotFound, tk.ValidationError):
        return {"count": 0, "page": 1, "limit": 20, "results": [], "can_moderate": False}


def can(action: str, data: dict | None = None) -> bool:
    try:
        tk.check_access(action, _ctx(), data or {})
        return True
    except tk.NotAuthorized:
        return False


def popular_proposals(limit: int = 5) -> list[dict]:
    return tk.get_action("egovuz_proposal_popular")(_ctx(), {"limit": limit})


def proposals_from_searches(queries) -> dict[str, list[dict]]:
    """For the operators' list of searches that found nothing: the proposals made from
    each query (the proposal form opened from that search), by query."""
    out: dict[str, list[dict]] = {}
    for query in list(queries or [])[:100]:
        if not isinstance(query, str) or not query.strip():
            continue
        try:
            found = tk.get_action("egovuz_proposal_list")(
                _ctx(), {"search_query": query, "limit": 20}
            )
        except (tk.NotAuthorized, tk.ValidationError):
            continue
        if found["results"]:
            out[query] = found["results"]
    return out


def faq_items(limit=None) -> list[dict]:
    data = {"lang": _lang()}
    if limit:
        data["limit"] = limit
    return tk.get_action("egovuz_faq_list")(_ctx(), data)


def proposal_state_label(state: str) -> str:
    return {
        "submitted": tk._("Submitted"),
        "in_review": tk._("In review"),
        "voting": tk._("Voting"),
        "requested": tk._("Requested from the organization"),
        "accepted": tk._("Accepted by the organization"),
        "published": tk._("Published"),
        "rejected": tk._("Rejected"),
    }.get(state, state)


def proposal_states() -> list[dict]:
    return [{"value": s, "label": proposal_state_label(s)} for s in proposals.STATES]


def proposal_next_states(proposal: dict) -> list[str]:
    state = proposal["state"]
    if state in proposals.FINAL:
        return []
    nxt = [proposals.FORWARD[state]] if state in proposals.FORWARD else []
    return nxt + ["rejected"]


def survey_questions() -> list[dict]:
    return survey.questions()


def survey_fields_blank(prefix: str = "dlg-") -> Markup:
    """The survey's questions as an empty form, for the dialog every page carries: the
    same HTML for every visitor of a language (the questions and their labels are the
    code's, nothing stored), so rendered once per process and language (issue 14)."""
    return fragments.once_per_language(
        "survey-fields-" + prefix,
        lambda: tk.h.snippet("participation/survey/fields.html", data={}, errors={}, prefix=prefix),
    )


def feedback_state_label(state: str) -> str:
    return {
        "new": tk._("New"),
        "in_progress": tk._("In progress"),
        "answered": tk._("Answered"),
    }.get(state, state)


def _named_choices(rows) -> list[dict]:
    """Choices of organizations or spheres with their names in the UI language."""
    from ..passport.group_names import localize_named

    named = localize_named([{"name": n, "title": t or n} for n, t in rows])
    return [{"value": r["name"], "text": r["title"]} for r in named]


def organizations() -> list[dict]:
    from ckan import model

    rows = (
        model.Session.query(model.Group.name, model.Group.title)
        .filter(model.Group.is_organization == True, model.Group.state == "active")  # noqa: E712
        .order_by(model.Group.title)
    )
    return _named_choices(rows)


def spheres() -> list[dict]:
    from ckan import model

    rows = (
        model.Session.query(model.Group.name, model.Group.title)
        .filter(model.Group.is_organization == False, model.Group.state == "active")  # noqa: E712
        .order_by(model.Group.title)
    )
    return _named_choices(rows)


def stars(average) -> str:
    """ "★★★★☆" for an average (rounded to the nearest whole star)."""
    n = int(round(float(average or 0)))
    return "★" * n + "☆" * (5 - n)


def get_helpers():
    return {
        "egovuz_rating": rating,
        "egovuz_stars": stars,
        "egovuz_comments": comments,
        "egovuz_can": can,
        "egovuz_popular_proposals": popular_proposals,
        "egovuz_proposals_from_searches": proposals_from_searches,
        "egovuz_faq_items": faq_items,
        "egovuz_proposal_state_label": proposal_state_label,
        "egovuz_proposal_states": proposal_states,
        "egovuz_proposal_next_states": proposal_next_states,
        "egovuz_survey_questions": survey_questions,
        "egovuz_survey_fields_blank": survey_fields_blank,
        "egovuz_feedback_state_label": feedback_state_label,
        "egovuz_participation_organizations": organizations,
        "egovuz_participation_spheres": spheres,
    }
