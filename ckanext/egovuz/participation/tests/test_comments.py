"""Comments (S-PASS-10): registered users post and reply one level deep; operators and
the dataset's organization admins hide or delete; Markdown rendered safely; paginated;
rate-limited."""

from __future__ import annotations

import pytest
from ckan.logic import NotAuthorized, NotFound, ValidationError

from ckanext.egovuz.testing import Dataset

from .conftest import ROLE_NAMES, act, auth_header


def post(who, ds, body, **kw):
    return act("egovuz_comment_create", who, package_id=ds["id"], body=body, **kw)


class TestCommentApi:
    def test_post_and_reply_per_role(self, roles):
        ds = roles.dataset
        with pytest.raises(NotAuthorized):
            post(None, ds, "Salom")
        top = {role: post(getattr(roles, role), ds, f"Fikr {role}") for role in ROLE_NAMES[1:]}
        reply = post(roles.editor, ds, "Javob", parent_id=top["user"]["id"])
        assert reply["parent_id"] == top["user"]["id"]
        # a reply to a reply joins the same thread: one level only
        deeper = post(roles.admin, ds, "Javobga javob", parent_id=reply["id"])
        assert deeper["parent_id"] == top["user"]["id"]
        listed = act("egovuz_comment_list", None, package_id=ds["name"])
        assert listed["count"] == 4
        assert [c["body"] for c in listed["results"][0]["replies"]] == ["Javob", "Javobga javob"]
        other = Dataset(owner_org=roles.other_org["id"])
        with pytest.raises(ValidationError) as e:
            post(roles.user, other, "x", parent_id=top["user"]["id"])
        assert "parent_id" in e.value.error_dict

    def test_moderation_per_role(self, roles):
        ds = roles.dataset
        c = post(roles.user, ds, "Spam <b>reklama</b>")
        for role in ("anonymous", "user", "editor"):
            for op in ("hide", "unhide", "delete"):
                with pytest.raises(NotAuthorized):
                    act(f"egovuz_comment_{op}", getattr(roles, role), id=c["id"])
        # the admin of another organization is not a moderator of this dataset
        from ckan.tests import factories

        stranger = factories.User()
        factories.Organization(users=[{"name": stranger["name"], "capacity": "admin"}])
        with pytest.raises(NotAuthorized):
            act("egovuz_comment_hide", stranger, id=c["id"])
        act("egovuz_comment_hide", roles.admin, id=c["id"])
        seen = act("egovuz_comment_list", roles.user, package_id=ds["id"])["results"][0]
        assert seen["state"] == "hidden" and seen["body"] is None
        seen = act("egovuz_comment_list", roles.admin, package_id=ds["id"])
        assert seen["can_moderate"] and seen["results"][0]["body"] == "Spam <b>reklama</b>"
        act("egovuz_comment_unhide", roles.sysadmin, id=c["id"])
        assert act("egovuz_comment_list", None, package_id=ds["id"])["results"][0]["body"]
        act("egovuz_comment_delete", roles.admin, id=c["id"])
        assert act("egovuz_comment_list", None, package_id=ds["id"])["count"] == 0
        with pytest.raises(NotFound):
            act("egovuz_comment_hide", roles.sysadmin, id=c["id"])
        c2 = post(roles.user, ds, "Yana")
        act("egovuz_comment_delete", roles.sysadmin, id=c2["id"])

    def test_bad_input_and_pagination(self, roles):
        ds = roles.dataset
        for bad in ("", "   ", "x" * 4001, 12345, ["a"], {"a": 1}):
            with pytest.raises(ValidationError) as e:
                post(roles.user, ds, bad)
            assert "body" in e.value.error_dict
        with pytest.raises(ValidationError) as e:
            post(roles.user, ds, "bot", website="http://spam.example")
        assert "website" in e.value.error_dict
        with pytest.raises(ValidationError) as e:
            act("egovuz_comment_create", roles.user, package_id="nope", body="x")
        assert "package_id" in e.value.error_dict
        assert act("egovuz_comment_list", None, package_id=ds["id"])["count"] == 0
        for i in range(25):  # operators are not rate-limited
            post(roles.sysadmin, ds, f"Izoh {i:02d}")
        p1 = act("egovuz_comment_list", None, package_id=ds["id"])
        p2 = act("egovuz_comment_list", None, package_id=ds["id"], page=2)
        assert (p1["count"], len(p1["results"]), len(p2["results"])) == (25, 20, 5)
        assert p2["results"][-1]["body"] == "Izoh 24"

    @pytest.mark.ckan_config("ckanext.egovuz.participation.rate_limit.comment", 3)
    def test_rate_limit(self, roles):
        for i in range(3):
            post(roles.user, roles.dataset, f"Izoh {i}")
        with pytest.raises(ValidationError) as e:
            post(roles.user, roles.dataset, "To'rtinchi")
        assert "rate_limit" in e.value.error_dict
        post(roles.editor, roles.dataset, "Boshqa foydalanuvchi")
        assert act("egovuz_comment_list", None, package_id=roles.dataset["id"])["count"] == 4


class TestCommentPages:
    def test_markdown_is_rendered_safely(self, app, roles):
        ds = roles.dataset
        post(
            roles.user,
            ds,
            "**qalin** <script>alert('x')</script> [havola](javascript:alert(1)) "
            "<img src=x onerror=alert(1)> '; DROP TABLE egovuz_comment; --",
        )
        page = app.get(f"/dataset/{ds['name']}").body
        section = page[page.index('id="comments"') :]
        assert "<strong>qalin</strong>" in section
        assert "<script>alert" not in section
        assert "onerror" not in section
        assert "javascript:" not in section
        assert "DROP TABLE egovuz_comment" in section

    def test_post_reply_moderate_in_the_browser(self, app, roles):
        ds = roles.dataset
        user_h = auth_header(roles.user)
        r = app.post(
            f"/dataset/{ds['name']}/comments",
            headers=user_h,
            data={"body": "Birinchi fikr"},
            follow_redirects=False,
        )
        assert r.status_code == 302
        c = act("egovuz_comment_list", None, package_id=ds["id"])["results"][0]
        app.post(
            f"/dataset/{ds['name']}/comments",
            headers=user_h,
            data={"body": "Javob", "parent_id": c["id"]},
        )
        r = app.post(f"/dataset/{ds['name']}/comments", headers=user_h, data={"body": "x" * 4001})
        assert r.status_code == 200 and "at most 4000 characters" in r.body and "x" * 4001 in r.body
        page = app.get(f"/dataset/{ds['name']}", headers=auth_header(roles.admin)).body
        assert f"/comments/{c['id']}/hide" in page
        assert (
            f"/comments/{c['id']}/hide"
            not in app.get(f"/dataset/{ds['name']}", headers=user_h).body
        )
        r = app.post(f"/comments/{c['id']}/hide", headers=user_h)
        assert r.status_code == 403
        r = app.post(
            f"/comments/{c['id']}/hide",
            headers=auth_header(roles.admin),
            data={"came_from": f"/dataset/{ds['name']}"},
            follow_redirects=False,
        )
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/dataset/{ds['name']}")
        assert "This comment was hidden" in app.get(f"/dataset/{ds['name']}").body
        # evil came_from never leaves the site
        r = app.post(
            f"/comments/{c['id']}/unhide",
            headers=auth_header(roles.admin),
            data={"came_from": "https://evil.example/"},
            follow_redirects=False,
        )
        assert "evil.example" not in r.headers["Location"]
        # anonymous posting is sent to the login page, nothing stored
        r = app.post(
            f"/dataset/{ds['name']}/comments", data={"body": "anon"}, follow_redirects=False
        )
        assert r.status_code in (302, 400)
        assert act("egovuz_comment_list", None, package_id=ds["id"])["count"] == 1
