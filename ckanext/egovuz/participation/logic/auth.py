"""Who may do what in participation. Sysadmins (operators) pass every check (CKAN's
rule); functions without @auth_allow_anonymous_access refuse anonymous callers."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from . import common

ORG_ADMIN_MOVES = {
    ("requested", "accepted"),
    ("accepted", "published"),
    ("requested", "rejected"),
    ("accepted", "rejected"),
}


def _ok():
    return {"success": True}


def _no(msg):
    return {"success": False, "msg": msg}


def _registered(context):
    """A logged-in user. CKAN refuses anonymous callers of functions without
    @auth_allow_anonymous_access only when the context has no auth_user_obj, and the web
    API puts an anonymous user object there: check the name ourselves."""
    if common.user_obj(context) is None:
        return _no(tk._("You must be logged in"))
    return None


def _can_read_package(context, package_id):
    try:
        tk.check_access("package_show", dict(context), {"id": package_id})
        return True
    except tk.NotAuthorized:
        return False


# proposals
def proposal_create(context, data_dict):
    return _registered(context) or _ok()  # any registered user


@tk.auth_allow_anonymous_access
def proposal_show(context, data_dict):
    return _ok()  # visibility of unreviewed proposals is filtered by the action


@tk.auth_allow_anonymous_access
def proposal_list(context, data_dict):
    return _ok()


def proposal_transition(context, data_dict):
    """Operators move proposals; the responsible organization's admins accept, publish
    or reject what was sent to them."""
    move = (data_dict.get("from_state"), data_dict.get("state"))
    if move in ORG_ADMIN_MOVES and common.is_org_admin(context, data_dict.get("org_id")):
        return _ok()
    return _no(tk._("Only operators and the responsible organization's admins move proposals"))


def proposal_vote(context, data_dict):
    return _registered(context) or _ok()


def proposal_unvote(context, data_dict):
    return _registered(context) or _ok()


def sysadmin_only(context, data_dict):
    return _no(tk._("Only operators may do this"))


# ratings and comments: registered users, on datasets they can see
def rating_create(context, data_dict):
    denied = _registered(context)
    if denied:
        return denied
    if not _can_read_package(context, data_dict.get("package_id")):
        return _no(tk._("Not authorized to see this dataset"))
    return _ok()


@tk.auth_allow_anonymous_access
def rating_show(context, data_dict):
    if not _can_read_package(context, data_dict.get("package_id")):
        return _no(tk._("Not authorized to see this dataset"))
    return _ok()


def comment_create(context, data_dict):
    return rating_create(context, data_dict)


@tk.auth_allow_anonymous_access
def comment_list(context, data_dict):
    return rating_show(context, data_dict)


def comment_moderate(context, data_dict):
    from .comments import can_moderate

    if can_moderate(context, data_dict.get("package_id")):
        return _ok()
    return _no(tk._("Only operators and the dataset's organization admins moderate comments"))


# survey, feedback, FAQ
@tk.auth_allow_anonymous_access
def anyone(context, data_dict):
    return _ok()


def get_auth_functions():
    return {
        "egovuz_proposal_create": proposal_create,
        "egovuz_proposal_show": proposal_show,
        "egovuz_proposal_list": proposal_list,
        "egovuz_proposal_popular": proposal_list,
        "egovuz_proposal_transition": proposal_transition,
        "egovuz_proposal_vote": proposal_vote,
        "egovuz_proposal_unvote": proposal_unvote,
        "egovuz_proposal_delete": sysadmin_only,
        "egovuz_rating_create": rating_create,
        "egovuz_rating_delete": rating_create,
        "egovuz_rating_show": rating_show,
        "egovuz_comment_create": comment_create,
        "egovuz_comment_list": comment_list,
        "egovuz_comment_hide": comment_moderate,
        "egovuz_comment_unhide": comment_moderate,
        "egovuz_comment_delete": comment_moderate,
        "egovuz_survey_answer_create": anyone,
        "egovuz_survey_results": sysadmin_only,
        "egovuz_survey_answer_list": sysadmin_only,
        "egovuz_feedback_create": anyone,
        "egovuz_feedback_list": sysadmin_only,
        "egovuz_feedback_show": sysadmin_only,
        "egovuz_feedback_update": sysadmin_only,
        "egovuz_faq_list": anyone,
        "egovuz_faq_show": anyone,
        **{
            f"egovuz_faq_{verb}": sysadmin_only
            for verb in ("create", "update", "delete", "reorder", "move")
        },
    }
