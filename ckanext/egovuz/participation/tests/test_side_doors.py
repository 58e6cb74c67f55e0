"""Private things through side doors (issue 11, item 11): a proposal fulfilled by a
dataset that is, or later becomes, private does not name it to outsiders; authors,
actors and comment authors appear by full name, never by login, to the public
(ckan.auth.public_user_details is false); list parameters are validated (4xx, not 500)."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from .conftest import act
from .test_proposals import move, new_proposal, to_voting

ValidationError = __import__("ckan.logic", fromlist=["ValidationError"]).ValidationError


def published(roles):
    p = new_proposal(roles)
    to_voting(roles, p)
    move(roles, p, "requested")
    move(roles, p, "accepted")
    return move(roles, p, "published", dataset=roles.dataset["name"])


def test_dataset_made_private_later_is_not_named(app, roles):
    p = published(roles)
    title = roles.dataset["title"]
    assert act("egovuz_proposal_show", None, id=p["id"])["dataset"]["title"] == title
    helpers.call_action(
        "package_patch", {"user": roles.sysadmin["name"]}, id=roles.dataset["id"], private=True
    )
    try:
        for who in (None, roles.user):
            assert act("egovuz_proposal_show", who, id=p["id"])["dataset"] is None
            listed = act("egovuz_proposal_list", who, state="published")["results"]
            assert [x["dataset"] for x in listed] == [None]
        page = app.get(f"/proposals/{p['id']}")
        assert page.status_code == 200 and title not in page.get_data(as_text=True)
        api = app.get(f"/api/3/action/egovuz_proposal_show?id={p['id']}").get_data(as_text=True)
        assert title not in api and roles.dataset["name"] not in api
        # members of the organization still see which dataset fulfilled it
        assert act("egovuz_proposal_show", roles.editor, id=p["id"])["dataset"]["title"] == title
    finally:
        helpers.call_action(
            "package_patch", {"user": roles.sysadmin["name"]}, id=roles.dataset["id"], private=False
        )


def test_logins_are_not_shown_to_the_public(app, roles):
    author = factories.User(name="login-of-author", fullname="")
    operator = factories.Sysadmin(name="login-of-operator", fullname="")
    p = new_proposal(roles, who=author)
    act("egovuz_proposal_transition", operator, id=p["id"], state="in_review", comment="ok")
    act(
        "egovuz_proposal_transition",
        operator,
        id=p["id"],
        state="voting",
        organization=roles.org["name"],
    )
    act("egovuz_comment_create", author, package_id=roles.dataset["id"], body="Rahmat!")
    for who in (None, roles.user, roles.editor):
        shown = act("egovuz_proposal_show", who, id=p["id"])
        assert shown["author"] == "Portal user", who
        assert "login-of" not in repr(shown), who
        comments = act("egovuz_comment_list", who, package_id=roles.dataset["id"])
        assert "login-of" not in repr(comments)
        assert comments["results"][0]["author"] == "Portal user"
    for path in (
        f"/proposals/{p['id']}",
        f"/api/3/action/egovuz_proposal_show?id={p['id']}",
        f"/dataset/{roles.dataset['name']}",
        f"/api/3/action/egovuz_comment_list?package_id={roles.dataset['id']}",
    ):
        body = app.get(path).get_data(as_text=True)
        assert "login-of" not in body and author["id"] not in body, path
    # operators see the login; a user with a full name is shown by it to everyone
    assert act("egovuz_proposal_show", roles.sysadmin, id=p["id"])["author"] == "login-of-author"
    named = new_proposal(roles, who=roles.user, title="Boshqa taklif")
    to_voting(roles, named)
    assert act("egovuz_proposal_show", None, id=named["id"])["author"] == roles.user["fullname"]


@pytest.mark.parametrize("limit", ["abc", "-1", "0", "1.5", "[]"])
def test_popular_limit_is_validated(app, roles, limit):
    resp = app.get("/api/3/action/egovuz_proposal_popular", query_string={"limit": limit})
    assert resp.status_code == 409, (limit, resp.status_code)
    assert "limit" in resp.json["error"]
    with pytest.raises(ValidationError):
        act("egovuz_proposal_popular", None, limit=limit)


def test_popular_limit_is_capped(roles):
    for n in range(3):
        to_voting(roles, new_proposal(roles, title=f"Taklif raqami {n}"))
    assert len(act("egovuz_proposal_popular", None, limit=2)) == 2
    assert len(act("egovuz_proposal_popular", None, limit=100000)) == 3
