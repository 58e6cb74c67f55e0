"""Proposals for new datasets (S-PROP): submission, the operator workflow with a public
timeline, and voting (one vote per user per proposal, exact under concurrency)."""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from ckan import model
from ckan.plugins import toolkit as tk

from .. import model as pm
from ...security.users import public_name
from . import common

log = logging.getLogger(__name__)

P = pm.proposal_table
V = pm.proposal_vote_table
E = pm.proposal_event_table

STATES = ("submitted", "in_review", "voting", "requested", "accepted", "published", "rejected")
FORWARD = {
    "submitted": "in_review",
    "in_review": "voting",
    "voting": "requested",
    "requested": "accepted",
    "accepted": "published",
}
FINAL = ("published", "rejected")
PRIVATE_STATES = ("submitted", "in_review")  # seen by the author and operators only
ORG_ADMIN_MOVES = {
    ("requested", "accepted"),
    ("accepted", "published"),
    ("requested", "rejected"),
    ("accepted", "rejected"),
}


SEARCH_QUERY_MAX = 200
_APOSTROPHES = re.compile("[\u2018\u2019\u02bb\u02bc\u0060\u00b4\u2032\u02b9\u201b\u02bd]")
_SPACES = re.compile(r"\s+")


def normalize_query(text: str) -> str:
    """A search as the search log keeps it: lower case, spaces collapsed, apostrophes as '."""
    text = unicodedata.normalize("NFC", text or "")
    text = _SPACES.sub(" ", _APOSTROPHES.sub("'", text)).strip().lower()
    return text[:SEARCH_QUERY_MAX]


def search_query(value, context):
    return normalize_query(value) or None if isinstance(value, str) else None


def vote_threshold() -> int:
    return tk.config.get("ckanext.egovuz.proposals.vote_threshold")


# --- validators -----------------------------------------------------------------------
def sphere_exists(value, context):
    if not value:
        return None
    group = model.Group.get(value)
    if not group or group.is_organization or group.state != "active":
        raise common.Invalid(tk._("No such sphere"))
    return group.id


def organization_exists(value, context):
    if not value:
        return None
    group = model.Group.get(value)
    if not group or not group.is_organization or group.state != "active":
        raise common.Invalid(tk._("No such organization"))
    return group.id


def dataset_exists(value, context):
    if not value:
        return None
    pkg = model.Package.get(value)
    if not pkg or pkg.state != "active" or pkg.type != "dataset":
        raise common.Invalid(tk._("No such dataset"))
    return pkg.id


def create_schema():
    v = tk.get_validator
    return {
        "title": [
            v("not_empty"),
            common.clean_text,
            v("not_empty"),
            common.min_length(3),
            common.max_length(200),
        ],
        "description": [v("not_empty"), common.clean_text, v("not_empty"), common.max_length(2000)],
        "sphere": [v("not_empty"), common.clean_text, sphere_exists],
        "organization": [v("ignore_missing"), common.clean_text, organization_exists],
        "search_query": [
            v("ignore_missing"),
            common.clean_text,
            common.max_length(SEARCH_QUERY_MAX),
            search_query,
        ],
        "website": [common.honeypot],
    }


def transition_schema():
    v = tk.get_validator
    return {
        "id": [v("not_empty"), common.clean_text],
        "state": [v("not_empty"), common.clean_text, v("one_of")(list(STATES))],
        "comment": [v("ignore_missing"), common.clean_text, common.max_length(2000)],
        "organization": [v("ignore_missing"), common.clean_text, organization_exists],
        "dataset": [v("ignore_missing"), common.clean_text, dataset_exists],
    }


def list_schema():
    v = tk.get_validator
    return {
        "state": [
            v("ignore_missing"),
            common.clean_text,
            v("one_of")(list(STATES) + ["", "ready"]),
        ],
        "sphere": [v("ignore_missing"), common.clean_text],
        "organization": [v("ignore_missing"), common.clean_text],
        "sent_to_me": [v("ignore_missing"), v("boolean_validator")],
        "mine": [v("ignore_missing"), v("boolean_validator")],
        "search_query": [
            v("ignore_missing"),
            common.clean_text,
            common.max_length(SEARCH_QUERY_MAX),
            search_query,
        ],
        "sort": [v("ignore_missing"), common.clean_text, v("one_of")(["votes", "newest", ""])],
        "limit": [
            v("default")(20),
            v("natural_number_validator"),
            v("limit_to_configured_maximum")("ckan.search.rows_max", 1000),
        ],
        "offset": [v("default")(0), v("natural_number_validator")],
    }


# --- reading ----------------------------------------------------------------------------
def _votes_subquery():
    return (
        sa.select(V.c.proposal_id, sa.func.count().label("votes"))
        .group_by(V.c.proposal_id)
        .subquery()
    )


def _select():
    vs = _votes_subquery()
    return sa.select(P, sa.func.coalesce(vs.c.votes, 0).label("votes")).select_from(
        P.outerjoin(vs, vs.c.proposal_id == P.c.id)
    )


def _group_ref(group_id):
    if not group_id:
        return None
    g = model.Group.get(group_id)
    if not g:
        return None
    return {"id": g.id, "name": g.name, "title": g.title or g.name}


def _user_display(user_id, context=None):
    """Full name; the login only where user details are public (security.users)."""
    if not user_id:
        return None
    return public_name(user_id, context) or None


def _dataset_ref(dataset_id, context):
    """The linked dataset, only if the caller may read it: a proposal fulfilled by a
    dataset that is (or was later made) private or deleted does not name it."""
    pkg = model.Package.get(dataset_id) if dataset_id else None
    if not pkg or pkg.state != "active":
        return None
    if pkg.private:
        try:
            tk.check_access(
                "package_show",
                {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
                {"id": pkg.id},
            )
        except tk.NotAuthorized:
            return None
    return {"id": pkg.id, "name": pkg.name, "title": pkg.title}


def can_see(row, context) -> bool:
    if row.state not in PRIVATE_STATES:
        return True
    return common.is_sysadmin(context) or (row.user_id and row.user_id == common.user_id(context))


def _dictize(row, context, full=False) -> dict:
    me = common.user_id(context)
    d = {
        "id": row.id,
        "title": row.title,
        "description": row.description,
        "state": row.state,
        "sphere": _group_ref(row.sphere_id),
        "suggested_organization": _group_ref(row.suggested_org_id),
        "organization": _group_ref(row.org_id),
        "reject_reason": row.reject_reason,
        "search_query": row.search_query,
        "created": row.created.isoformat(),
        "modified": row.modified.isoformat(),
        "votes": int(row.votes),
        "vote_threshold": vote_threshold(),
        "ready_to_send": row.state == "voting" and int(row.votes) >= vote_threshold(),
        "is_mine": bool(me and me == row.user_id),
        "author": _user_display(row.user_id, context),
        "dataset": _dataset_ref(row.dataset_id, context),
    }
    if full:
        d["voted"] = (
            bool(me)
            and model.Session.execute(
                sa.select(V.c.user_id).where(V.c.proposal_id == row.id, V.c.user_id == me)
            ).first()
            is not None
        )
        events = model.Session.execute(
            sa.select(E).where(E.c.proposal_id == row.id).order_by(E.c.created, E.c.id)
        ).fetchall()
        d["timeline"] = [
            {
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": _user_display(e.actor_id, context),
                "comment": e.comment,
                "created": e.created.isoformat(),
                "organization": _group_ref(e.org_id),
            }
            for e in events
        ]
    return d


def _get_row(proposal_id, context, lock=None):
    q = (
        _select().where(P.c.id == proposal_id)
        if lock is None
        else sa.select(P, sa.literal(0).label("votes")).where(P.c.id == proposal_id)
    )
    if lock == "update":
        q = q.with_for_update(of=P)
    elif lock == "share":
        q = q.with_for_update(read=True, of=P)
    row = model.Session.execute(q).first() if proposal_id else None
    if row is None or (lock is None and not can_see(row, context)):
        raise tk.ObjectNotFound(tk._("Proposal not found"))
    return row


@tk.side_effect_free
def proposal_show(context, data_dict):
    tk.check_access("egovuz_proposal_show", context, data_dict)
    row = _get_row(data_dict.get("id"), context)
    return _dictize(row, context, full=True)


@tk.side_effect_free
def proposal_list(context, data_dict):
    """Proposals, filterable by state (or `ready`: in voting with enough votes), sphere,
    organization; `sent_to_me` lists those sent to organizations the caller administers;
    `mine` the caller's own. Sort by `votes` or `newest` (default)."""
    tk.check_access("egovuz_proposal_list", context, data_dict)
    data = common.validate(data_dict, list_schema(), context)
    q = _select()
    vs_votes = q.selected_columns.votes
    state = data.get("state")
    if state == "ready":
        q = q.where(P.c.state == "voting", vs_votes >= vote_threshold())
    elif state:
        q = q.where(P.c.state == state)
    if data.get("sphere"):
        g = model.Group.get(data["sphere"])
        q = q.where(P.c.sphere_id == (g.id if g else "-"))
    if data.get("organization"):
        g = model.Group.get(data["organization"])
        q = q.where(P.c.org_id == (g.id if g else "-"))
    me = common.user_id(context)
    if data.get("sent_to_me"):
        orgs = common.admin_org_ids(context)
        q = q.where(
            P.c.org_id.in_(orgs or ["-"]),
            P.c.state.in_(("requested", "accepted", "published", "rejected")),
        )
    if data.get("mine"):
        q = q.where(P.c.user_id == (me or "-"))
    if data.get("search_query"):
        q = q.where(P.c.search_query == data["search_query"])
    if not common.is_sysadmin(context):
        q = q.where(sa.or_(P.c.state.notin_(PRIVATE_STATES), P.c.user_id == (me or "-")))
    count = model.Session.execute(sa.select(sa.func.count()).select_from(q.subquery())).scalar()
    if data.get("sort") == "votes":
        q = q.order_by(vs_votes.desc(), P.c.created.desc())
    else:
        q = q.order_by(P.c.created.desc(), P.c.id)
    rows = model.Session.execute(q.limit(data["limit"]).offset(data["offset"])).fetchall()
    return {"count": count, "results": [_dictize(r, context) for r in rows]}


@tk.side_effect_free
def proposal_popular(context, data_dict):
    """The most voted proposals among those open for voting (home page block)."""
    tk.check_access("egovuz_proposal_popular", context, data_dict)
    v = tk.get_validator
    data = common.validate(
        data_dict,
        {
            "limit": [v("default")(5), v("is_positive_integer")],
        },
        context,
    )
    return proposal_list(
        dict(context, ignore_auth=True),
        {"state": "voting", "sort": "votes", "limit": min(data["limit"], 50)},
    )["results"]


# --- writing ----------------------------------------------------------------------------
def _event(proposal_id, from_state, to_state, actor_id, comment=None, org_id=None, dataset_id=None):
    model.Session.execute(
        E.insert().values(
            proposal_id=proposal_id,
            from_state=from_state,
            to_state=to_state,
            actor_id=actor_id,
            comment=comment or None,
            org_id=org_id,
            dataset_id=dataset_id,
            created=pm.utcnow(),
        )
    )


def proposal_create(context, data_dict):
    tk.check_access("egovuz_proposal_create", context, data_dict)
    data = common.validate(data_dict, create_schema(), context)
    common.check_rate("proposal", context)
    uid = common.user_id(context)
    pid = pm.make_uuid()
    now = pm.utcnow()
    model.Session.execute(
        P.insert().values(
            id=pid,
            title=data["title"],
            description=data["description"],
            sphere_id=data.get("sphere"),
            suggested_org_id=data.get("organization"),
            org_id=None,
            state="submitted",
            user_id=uid,
            created=now,
            modified=now,
            search_query=data.get("search_query"),
        )
    )
    _event(pid, None, "submitted", uid)
    model.Session.commit()
    common.count_rate(context)
    return _dictize(_get_row(pid, context), context, full=True)


def _state_errors(from_state: str, target: str) -> list[str]:
    if from_state in FINAL:
        return [tk._("The proposal is closed")]
    if target != "rejected" and FORWARD.get(from_state) != target:
        return [tk._("Cannot go from {a} to {b}").format(a=from_state, b=target)]
    return []


def _published_dataset(data, context, org_id, errors) -> str | None:
    """The dataset linked on the move to `published`; its errors go into errors."""
    dataset_id = data.get("dataset")
    if not dataset_id:
        errors["dataset"] = [tk._("Link the dataset that fulfils the proposal")]
    elif not common.is_sysadmin(context) and model.Package.get(dataset_id).owner_org != org_id:
        errors["dataset"] = [tk._("The dataset must belong to the responsible organization")]
    return dataset_id


def _transition_errors(row, data, context) -> tuple[dict, str | None, str | None]:
    """(per-field errors, responsible organization, linked dataset) of a move."""
    target = data["state"]
    errors = {}
    state_errors = _state_errors(row.state, target)
    if state_errors:
        errors["state"] = state_errors
    org_id = row.org_id
    if data.get("organization"):
        if not common.is_sysadmin(context):
            errors["organization"] = [tk._("Only operators pick the organization")]
        org_id = data["organization"]
    if target == "requested" and not org_id:
        errors["organization"] = [tk._("Pick the organization to send the proposal to")]
    if target == "rejected" and not data.get("comment"):
        errors["comment"] = [tk._("Give the reason for the rejection")]
    dataset_id = None
    if target == "published":
        dataset_id = _published_dataset(data, context, org_id, errors)
    return errors, org_id, dataset_id


def proposal_transition(context, data_dict):
    """Move a proposal: `state` is the next state of the workflow or `rejected` (with a
    reason in `comment`). `organization` picks the responsible organization (operators),
    `dataset` links the dataset that fulfils it (to `published`)."""
    data = common.validate(data_dict, transition_schema(), context)
    row = _get_row(data["id"], context, lock="update")
    if not can_see(row, context):
        model.Session.rollback()
        raise tk.ObjectNotFound(tk._("Proposal not found"))
    tk.check_access(
        "egovuz_proposal_transition",
        context,
        {"id": row.id, "org_id": row.org_id, "from_state": row.state, "state": data["state"]},
    )
    target = data["state"]
    errors, org_id, dataset_id = _transition_errors(row, data, context)
    if errors:
        model.Session.rollback()
        raise tk.ValidationError(errors)
    values = {"state": target, "org_id": org_id, "modified": pm.utcnow()}
    if target == "rejected":
        values["reject_reason"] = data["comment"]
    if dataset_id:
        values["dataset_id"] = dataset_id
    model.Session.execute(P.update().where(P.c.id == row.id).values(**values))
    _event(
        row.id,
        row.state,
        target,
        common.user_id(context),
        data.get("comment"),
        org_id if org_id != row.org_id or target == "requested" else None,
        dataset_id,
    )
    model.Session.commit()
    notify(row.id, target, org_id, data.get("comment"))
    return _dictize(_get_row(row.id, dict(context, ignore_auth=True)), context, full=True)


# --- e-mail -----------------------------------------------------------------------------
@contextlib.contextmanager
def _portal_language():
    """Mails are written in the portal's default language, whoever moved the proposal."""
    try:
        from flask_babel import force_locale

        manager = force_locale(tk.config.get("ckan.locale_default") or "uz")
        manager.__enter__()
    except Exception:  # no application context: the current language
        yield
        return
    try:
        yield
    finally:
        manager.__exit__(None, None, None)


def _mail(name, address, subject, body) -> bool:
    from ckan.lib import mailer

    if not address:
        return False
    try:
        mailer.mail_recipient(name, address, subject, body)
        return True
    except Exception:  # the move is saved anyway; the timeline shows it
        log.exception("proposal mail to %s failed", address)
        return False


def _org_admins(org_id) -> list:
    if not org_id:
        return []
    return (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(
            model.Member.group_id == org_id,
            model.Member.table_name == "user",
            model.Member.capacity == "admin",
            model.Member.state == "active",
            model.User.state == "active",
        )
        .all()
    )


def notify(proposal_id, state, org_id, comment=None) -> int:
    """After a change of state: the author is told of it; when the proposal is sent to a
    state body (`requested`) that organization's admins get it. Returns mails sent."""
    from ..helpers import proposal_state_label

    row = model.Session.execute(sa.select(P).where(P.c.id == proposal_id)).first()
    if row is None:
        return 0
    link = tk.config.get("ckan.site_url", "").rstrip("/") + f"/proposals/{row.id}"
    sent = 0
    with _portal_language():
        author = model.User.get(row.user_id)
        if author is not None and author.email:
            lines = [
                tk._("Dear {name},").format(name=author.display_name),
                "",
                tk._("Your proposal “{title}” is now: {state}.").format(
                    title=row.title, state=proposal_state_label(state)
                ),
            ]
            if state == "rejected" and comment:
                lines.append(tk._("Reason: {reason}").format(reason=comment))
            lines += ["", link]
            sent += _mail(
                author.display_name,
                author.email,
                tk._("Your proposal on the open data portal: {state}").format(
                    state=proposal_state_label(state)
                ),
                "\n".join(lines),
            )
        if state == "requested":
            org = model.Group.get(org_id)
            for admin in _org_admins(org_id):
                body = "\n".join(
                    [
                        tk._("Dear {name},").format(name=admin.display_name),
                        "",
                        tk._(
                            "The portal's operators forward to {org} a proposal for new open data "
                            "that citizens voted for:"
                        ).format(org=org.title if org else ""),
                        "",
                        row.title,
                        row.description,
                        "",
                        tk._("Please accept or reject it on the portal:"),
                        link,
                    ]
                )
                sent += _mail(
                    admin.display_name,
                    admin.email,
                    tk._("A proposal for new open data was sent to your organization"),
                    body,
                )
    return sent


def _vote_count(proposal_id) -> int:
    return model.Session.execute(
        sa.select(sa.func.count()).select_from(V).where(V.c.proposal_id == proposal_id)
    ).scalar()


def proposal_vote(context, data_dict):
    """One vote of the caller; voting twice keeps one vote. Only while in voting: the
    proposal row is share-locked so a concurrent transition waits for the vote."""
    tk.check_access("egovuz_proposal_vote", context, data_dict)
    row = _get_row(data_dict.get("id"), context, lock="share")
    if row.state != "voting":
        model.Session.rollback()
        raise tk.ValidationError({"state": [tk._("Voting is closed for this proposal")]})
    uid = common.user_id(context)
    model.Session.execute(
        pg_insert(V)
        .values(proposal_id=row.id, user_id=uid, created=pm.utcnow())
        .on_conflict_do_nothing()
    )
    model.Session.commit()
    return {"id": row.id, "votes": _vote_count(row.id), "voted": True}


def proposal_unvote(context, data_dict):
    tk.check_access("egovuz_proposal_unvote", context, data_dict)
    row = _get_row(data_dict.get("id"), context, lock="share")
    if row.state != "voting":
        model.Session.rollback()
        raise tk.ValidationError({"state": [tk._("Voting is closed for this proposal")]})
    model.Session.execute(
        V.delete().where(V.c.proposal_id == row.id, V.c.user_id == common.user_id(context))
    )
    model.Session.commit()
    return {"id": row.id, "votes": _vote_count(row.id), "voted": False}


def proposal_delete(context, data_dict):
    """Operators remove spam for good (a proposal of substance is rejected instead)."""
    tk.check_access("egovuz_proposal_delete", context, data_dict)
    row = _get_row(data_dict.get("id"), context, lock="update")
    model.Session.execute(P.delete().where(P.c.id == row.id))
    model.Session.commit()
    return {"id": row.id, "deleted": True}


def get_actions():
    return {
        "egovuz_proposal_create": proposal_create,
        "egovuz_proposal_show": proposal_show,
        "egovuz_proposal_list": proposal_list,
        "egovuz_proposal_popular": proposal_popular,
        "egovuz_proposal_transition": proposal_transition,
        "egovuz_proposal_vote": proposal_vote,
        "egovuz_proposal_unvote": proposal_unvote,
        "egovuz_proposal_delete": proposal_delete,
    }
