"""Proposals (S-PROP): the whole life through the API and the pages, per role; votes
exact under 50 concurrent voters; voting only while in voting; the threshold."""

from __future__ import annotations

import threading

import pytest
from ckan import model
from ckan.tests import factories, helpers

from .conftest import ROLE_NAMES, act, auth_header

NotAuthorized = __import__("ckan.logic", fromlist=["NotAuthorized"]).NotAuthorized
ValidationError = __import__("ckan.logic", fromlist=["ValidationError"]).ValidationError
NotFound = __import__("ckan.logic", fromlist=["NotFound"]).NotFound


def new_proposal(roles, who=None, **kw):
    data = {
        "title": "Toshkent maktablari ro'yxati",
        "description": "Manzil va sig'im bilan",
        "sphere": roles.sphere["name"],
    }
    data.update(kw)
    return act("egovuz_proposal_create", who or roles.user, **data)


OPERATOR = object()


def move(roles, proposal, state, who=OPERATOR, **kw):
    who = roles.sysadmin if who is OPERATOR else who
    return act("egovuz_proposal_transition", who, id=proposal["id"], state=state, **kw)


def to_voting(roles, proposal):
    move(roles, proposal, "in_review")
    return move(roles, proposal, "voting", organization=roles.org["name"])


class TestLifecycleApi:
    def test_full_life_to_published(self, roles):
        p = new_proposal(roles, organization=roles.other_org["name"])
        assert p["state"] == "submitted" and p["votes"] == 0
        assert p["suggested_organization"]["name"] == roles.other_org["name"]
        move(roles, p, "in_review", comment="Ko'rib chiqilmoqda")
        p = move(roles, p, "voting", organization=roles.org["name"])
        assert p["organization"]["name"] == roles.org["name"]
        act("egovuz_proposal_vote", roles.user, id=p["id"])
        p = move(roles, p, "requested")
        # the organization's admin sees it among those sent to them, accepts and publishes
        sent = act("egovuz_proposal_list", roles.admin, sent_to_me=True)
        assert [x["id"] for x in sent["results"]] == [p["id"]]
        assert act("egovuz_proposal_list", roles.editor, sent_to_me=True)["count"] == 0
        act(
            "egovuz_proposal_transition",
            roles.admin,
            id=p["id"],
            state="accepted",
            comment="Tayyorlaymiz",
        )
        p = act(
            "egovuz_proposal_transition",
            roles.admin,
            id=p["id"],
            state="published",
            dataset=roles.dataset["name"],
        )
        assert p["state"] == "published"
        assert p["dataset"]["id"] == roles.dataset["id"]
        timeline = act("egovuz_proposal_show", None, id=p["id"])["timeline"]
        assert [e["to_state"] for e in timeline] == [
            "submitted",
            "in_review",
            "voting",
            "requested",
            "accepted",
            "published",
        ]
        assert timeline[1]["comment"] == "Ko'rib chiqilmoqda"
        assert timeline[2]["organization"]["name"] == roles.org["name"]
        assert all(e["actor"] and e["created"] for e in timeline)
        with pytest.raises(ValidationError):  # closed
            move(roles, p, "rejected", comment="late")

    def test_rejected_from_any_step_with_reason_stays_visible(self, roles):
        for steps in ([], ["in_review"], ["in_review", "voting"]):
            p = new_proposal(roles)
            for s in steps:
                move(roles, p, s, organization=roles.org["name"])
            with pytest.raises(ValidationError) as e:
                move(roles, p, "rejected")
            assert "comment" in e.value.error_dict
            p = move(roles, p, "rejected", comment="Bunday ma'lumot yig'ilmaydi")
            assert p["state"] == "rejected"
            shown = act("egovuz_proposal_show", None, id=p["id"])
            assert shown["reject_reason"] == "Bunday ma'lumot yig'ilmaydi"
        listed = act("egovuz_proposal_list", None, state="rejected")
        assert listed["count"] == 3

    def test_org_admin_rejects_what_was_sent_to_them(self, roles):
        p = to_voting(roles, new_proposal(roles))
        move(roles, p, "requested")
        p = act(
            "egovuz_proposal_transition",
            roles.admin,
            id=p["id"],
            state="rejected",
            comment="Ma'lumot maxfiy",
        )
        assert p["state"] == "rejected" and p["reject_reason"] == "Ma'lumot maxfiy"

    def test_no_skipping_steps(self, roles):
        p = new_proposal(roles)
        with pytest.raises(ValidationError) as e:
            move(roles, p, "voting")
        assert "state" in e.value.error_dict
        move(roles, p, "in_review")
        move(roles, p, "voting")
        with pytest.raises(ValidationError) as e:  # no organization picked yet
            move(roles, p, "requested")
        assert "organization" in e.value.error_dict

    def test_published_needs_a_dataset_of_the_organization(self, roles):
        p = to_voting(roles, new_proposal(roles))
        move(roles, p, "requested")
        act("egovuz_proposal_transition", roles.admin, id=p["id"], state="accepted")
        with pytest.raises(ValidationError) as e:
            act("egovuz_proposal_transition", roles.admin, id=p["id"], state="published")
        assert "dataset" in e.value.error_dict
        from ckanext.egovuz.testing import Dataset

        foreign = Dataset(owner_org=roles.other_org["id"])
        with pytest.raises(ValidationError) as e:
            act(
                "egovuz_proposal_transition",
                roles.admin,
                id=p["id"],
                state="published",
                dataset=foreign["id"],
            )
        assert "dataset" in e.value.error_dict
        with pytest.raises(ValidationError) as e:
            act(
                "egovuz_proposal_transition",
                roles.admin,
                id=p["id"],
                state="published",
                dataset="no-such-dataset",
            )
        assert "dataset" in e.value.error_dict


class TestRoles:
    """Each action per role: anonymous, registered user, org editor, org admin, sysadmin."""

    def test_create(self, roles):
        with pytest.raises(NotAuthorized):
            act("egovuz_proposal_create", None, title="abc", description="d", sphere="talim")
        for role in ROLE_NAMES[1:]:
            assert new_proposal(roles, who=getattr(roles, role))["state"] == "submitted"

    def test_operator_moves_and_deletes(self, roles):
        p = new_proposal(roles)
        for role in ("anonymous", "user", "editor", "admin"):
            # an unreviewed proposal is not even visible to them
            # (the author sees it, but may not move it)
            with pytest.raises((NotAuthorized, NotFound)):
                move(roles, p, "in_review", who=getattr(roles, role))
            with pytest.raises((NotAuthorized, NotFound)):
                act("egovuz_proposal_delete", getattr(roles, role), id=p["id"])
        assert move(roles, p, "in_review", who=roles.sysadmin)["state"] == "in_review"
        act("egovuz_proposal_delete", roles.sysadmin, id=p["id"])
        with pytest.raises(NotFound):
            act("egovuz_proposal_show", roles.sysadmin, id=p["id"])

    def test_accept_sent_proposal(self, roles):
        stranger = factories.User()
        factories.Organization(users=[{"name": stranger["name"], "capacity": "admin"}])
        for role in ROLE_NAMES:
            p = to_voting(roles, new_proposal(roles))
            move(roles, p, "requested")
            who = getattr(roles, role)
            if role in ("admin", "sysadmin"):
                assert (
                    act("egovuz_proposal_transition", who, id=p["id"], state="accepted")["state"]
                    == "accepted"
                )
            else:
                with pytest.raises(NotAuthorized):
                    act("egovuz_proposal_transition", who, id=p["id"], state="accepted")
        # the admin of another organization is refused too
        p = to_voting(roles, new_proposal(roles))
        move(roles, p, "requested")
        with pytest.raises(NotAuthorized):
            act("egovuz_proposal_transition", stranger, id=p["id"], state="accepted")

    def test_org_admin_cannot_pick_organization_or_move_voting(self, roles):
        p = to_voting(roles, new_proposal(roles))
        with pytest.raises(NotAuthorized):
            act("egovuz_proposal_transition", roles.admin, id=p["id"], state="requested")
        move(roles, p, "requested")
        with pytest.raises(ValidationError) as e:
            act(
                "egovuz_proposal_transition",
                roles.admin,
                id=p["id"],
                state="accepted",
                organization=roles.other_org["name"],
            )
        assert "organization" in e.value.error_dict

    def test_vote(self, roles):
        p = to_voting(roles, new_proposal(roles))
        with pytest.raises(NotAuthorized):
            act("egovuz_proposal_vote", None, id=p["id"])
        with pytest.raises(NotAuthorized):
            act("egovuz_proposal_unvote", None, id=p["id"])
        for n, role in enumerate(ROLE_NAMES[1:], 1):
            assert act("egovuz_proposal_vote", getattr(roles, role), id=p["id"]) == {
                "id": p["id"],
                "votes": n,
                "voted": True,
            }
        for n, role in enumerate(ROLE_NAMES[1:], 1):
            assert act("egovuz_proposal_unvote", getattr(roles, role), id=p["id"])["votes"] == 4 - n

    def test_unreviewed_proposals_are_seen_by_author_and_operators(self, roles):
        p = new_proposal(roles)
        for role in ROLE_NAMES:
            who = getattr(roles, role)
            if role in ("sysadmin", "user"):  # the operator and the author
                assert act("egovuz_proposal_show", who, id=p["id"])["id"] == p["id"]
                assert act("egovuz_proposal_list", who)["count"] == 1
            else:
                with pytest.raises(NotFound):
                    act("egovuz_proposal_show", who, id=p["id"])
                assert act("egovuz_proposal_list", who)["count"] == 0
        assert act("egovuz_proposal_show", roles.user, id=p["id"])["is_mine"]
        to_voting(roles, p)
        for role in ROLE_NAMES:
            assert (
                act("egovuz_proposal_show", getattr(roles, role), id=p["id"])["state"] == "voting"
            )


class TestVoting:
    def test_one_vote_per_user_and_revocable(self, roles):
        p = to_voting(roles, new_proposal(roles))
        for _ in range(3):
            assert act("egovuz_proposal_vote", roles.user, id=p["id"])["votes"] == 1
        assert act("egovuz_proposal_vote", roles.editor, id=p["id"])["votes"] == 2
        assert act("egovuz_proposal_show", roles.user, id=p["id"])["voted"] is True
        assert act("egovuz_proposal_unvote", roles.user, id=p["id"])["votes"] == 1
        assert act("egovuz_proposal_unvote", roles.user, id=p["id"])["votes"] == 1
        assert act("egovuz_proposal_show", roles.user, id=p["id"])["voted"] is False

    def test_voting_only_while_in_voting(self, roles):
        p = new_proposal(roles)
        with pytest.raises(ValidationError):
            act("egovuz_proposal_vote", roles.user, id=p["id"])
        to_voting(roles, p)
        act("egovuz_proposal_vote", roles.user, id=p["id"])
        move(roles, p, "requested")
        with pytest.raises(ValidationError) as e:
            act("egovuz_proposal_vote", roles.editor, id=p["id"])
        assert "state" in e.value.error_dict
        with pytest.raises(ValidationError):
            act("egovuz_proposal_unvote", roles.user, id=p["id"])
        assert act("egovuz_proposal_show", None, id=p["id"])["votes"] == 1

    @pytest.mark.ckan_config("ckanext.egovuz.proposals.vote_threshold", 2)
    def test_threshold_marks_ready_to_send(self, roles):
        p = to_voting(roles, new_proposal(roles))
        act("egovuz_proposal_vote", roles.user, id=p["id"])
        assert not act("egovuz_proposal_show", None, id=p["id"])["ready_to_send"]
        assert act("egovuz_proposal_list", roles.sysadmin, state="ready")["count"] == 0
        act("egovuz_proposal_vote", roles.editor, id=p["id"])
        shown = act("egovuz_proposal_show", None, id=p["id"])
        assert shown["ready_to_send"] and shown["vote_threshold"] == 2
        assert [
            x["id"] for x in act("egovuz_proposal_list", roles.sysadmin, state="ready")["results"]
        ] == [p["id"]]

    def test_fifty_concurrent_voters_give_fifty(self, roles):
        p = to_voting(roles, new_proposal(roles))
        users = [model.User(name=f"voter-{i:02d}", email=f"voter{i}@example.uz") for i in range(50)]
        model.Session.add_all(users)
        model.Session.commit()
        names = [u.name for u in users]
        barrier = threading.Barrier(50)
        errors = []

        def vote(name):
            try:
                barrier.wait(timeout=30)
                # twice each: a double click must not double the vote
                helpers.call_action(
                    "egovuz_proposal_vote", context={"user": name, "ignore_auth": False}, id=p["id"]
                )
                helpers.call_action(
                    "egovuz_proposal_vote", context={"user": name, "ignore_auth": False}, id=p["id"]
                )
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(repr(exc))
            finally:
                model.Session.remove()

        threads = [threading.Thread(target=vote, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert act("egovuz_proposal_show", None, id=p["id"])["votes"] == 50
        # and 50 concurrent withdrawals of half of them leave exactly 25
        barrier = threading.Barrier(25)

        def unvote(name):
            try:
                barrier.wait(timeout=30)
                helpers.call_action(
                    "egovuz_proposal_unvote",
                    context={"user": name, "ignore_auth": False},
                    id=p["id"],
                )
            except Exception as exc:  # pragma: no cover
                errors.append(repr(exc))
            finally:
                model.Session.remove()

        threads = [threading.Thread(target=unvote, args=(n,)) for n in names[:25]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert act("egovuz_proposal_show", None, id=p["id"])["votes"] == 25

    def test_popular_are_the_most_voted_in_voting(self, roles):
        a = to_voting(roles, new_proposal(roles, title="Birinchi taklif"))
        b = to_voting(roles, new_proposal(roles, title="Ikkinchi taklif"))
        new_proposal(roles, title="Ko'rib chiqilmagan")
        for who in (roles.user, roles.editor):
            act("egovuz_proposal_vote", who, id=b["id"])
        act("egovuz_proposal_vote", roles.admin, id=a["id"])
        popular = act("egovuz_proposal_popular", None, limit=5)
        assert [x["title"] for x in popular] == ["Ikkinchi taklif", "Birinchi taklif"]
        assert [x["votes"] for x in popular] == [2, 1]


class TestFilters:
    def test_by_state_and_sphere(self, roles):
        other = factories.Group(name="transport")
        a = to_voting(roles, new_proposal(roles))
        to_voting(roles, new_proposal(roles, sphere="transport", title="Avtobus yo'nalishlari"))
        assert (
            act("egovuz_proposal_list", None, sphere="transport")["results"][0]["sphere"]["name"]
            == other["name"]
        )
        assert act("egovuz_proposal_list", None, state="voting")["count"] == 2
        assert (
            act("egovuz_proposal_list", None, state="voting", sphere="talim")["results"][0]["id"]
            == a["id"]
        )
        with pytest.raises(ValidationError) as e:
            act("egovuz_proposal_list", None, state="nonsense")
        assert "state" in e.value.error_dict

    def test_bad_input_per_field(self, roles):
        with pytest.raises(ValidationError) as e:
            act(
                "egovuz_proposal_create",
                roles.user,
                title="",
                description="x" * 2001,
                sphere="nowhere",
                organization="nobody",
            )
        assert set(e.value.error_dict) == {"title", "description", "sphere", "organization"}
        with pytest.raises(ValidationError) as e:
            act(
                "egovuz_proposal_create",
                roles.user,
                title=["a", "b"],
                description=123,
                sphere="talim",
            )
        assert set(e.value.error_dict) == {"title", "description"}
        assert act("egovuz_proposal_list", roles.sysadmin)["count"] == 0


class TestPages:
    def test_whole_life_in_the_browser(self, app, roles):
        user_h, op_h, admin_h = (
            auth_header(roles.user),
            auth_header(roles.sysadmin),
            auth_header(roles.admin),
        )
        r = app.post(
            "/proposals/new",
            headers=user_h,
            data={
                "title": "<script>alert(1)</script> Maktablar",
                "description": "'; DROP TABLE egovuz_proposal; --",
                "sphere": "talim",
            },
            follow_redirects=False,
        )
        assert r.status_code == 302
        pid = r.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        page = app.get(f"/proposals/{pid}", headers=user_h).body
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Maktablar" in page
        assert "DROP TABLE egovuz_proposal" in page
        for state, extra in (
            ("in_review", {}),
            ("voting", {"organization": roles.org["name"]}),
            ("requested", {}),
        ):
            if state == "requested":
                r = app.post(f"/proposals/{pid}/vote", headers=user_h, follow_redirects=False)
                assert r.status_code == 302
            r = app.post(
                f"/proposals/{pid}/transition",
                headers=op_h,
                data=dict(extra, state=state, comment=f"{state} ok"),
            )
            assert r.status_code == 200
        page = app.get("/proposals?sent_to_me=1", headers=admin_h).body
        assert "&lt;script&gt;alert(1)" in page
        app.post(f"/proposals/{pid}/transition", headers=admin_h, data={"state": "accepted"})
        r = app.post(f"/proposals/{pid}/transition", headers=admin_h, data={"state": "published"})
        assert "Link the dataset" in r.body  # the form comes back with the field's message
        app.post(
            f"/proposals/{pid}/transition",
            headers=admin_h,
            data={"state": "published", "dataset": roles.dataset["name"]},
        )
        page = app.get(f"/proposals/{pid}").body  # anonymous
        assert f'href="/dataset/{roles.dataset["name"]}"' in page
        for label in ("in_review ok", "voting ok", "requested ok"):
            assert label in page
        assert act("egovuz_proposal_show", None, id=pid)["votes"] == 1

    def test_form_errors_keep_input(self, app, roles):
        r = app.post(
            "/proposals/new",
            headers=auth_header(roles.user),
            data={"title": "Juda yaxshi nom", "description": "", "sphere": ""},
        )
        assert r.status_code == 200
        assert "Juda yaxshi nom" in r.body
        assert "Missing value" in r.body
        assert act("egovuz_proposal_list", roles.sysadmin)["count"] == 0

    def test_anonymous_is_sent_to_login(self, app, roles):
        r = app.get("/proposals/new", follow_redirects=False)
        assert r.status_code == 302 and "/user/login" in r.headers["Location"]

    def test_operator_cannot_be_impersonated_by_user(self, app, roles):
        p = new_proposal(roles)
        r = app.post(
            f"/proposals/{p['id']}/transition",
            headers=auth_header(roles.user),
            data={"state": "in_review"},
        )
        assert r.status_code == 403
        assert act("egovuz_proposal_show", roles.sysadmin, id=p["id"])["state"] == "submitted"

    def test_index_and_home_block(self, app, roles):
        p = to_voting(roles, new_proposal(roles, title="Ommabop taklif"))
        act("egovuz_proposal_vote", roles.user, id=p["id"])
        assert "Ommabop taklif" in app.get("/proposals?state=voting&sphere=talim&sort=votes").body
        home = app.get("/").body
        block = home[home.index('class="egovuz-section egovuz-popular-proposals"') :]
        block = block[: block.index("</section>")]
        assert "Ommabop taklif" in block
        assert 'href="/proposals?state=voting&amp;sort=votes">All proposals</a>' in block


class TestHttpApi:
    def test_life_through_the_action_api(self, app, roles):
        def call(action, who, **data):
            headers = auth_header(who) if who else {}
            return app.post(f"/api/3/action/{action}", json=data, headers=headers)

        r = call(
            "egovuz_proposal_create", None, title="Avtobuslar", description="Jadval", sphere="talim"
        )
        assert r.status_code == 403
        r = call(
            "egovuz_proposal_create", roles.user, title="", description="Jadval", sphere="talim"
        )
        assert r.status_code == 409 and "title" in r.json["error"]
        pid = call(
            "egovuz_proposal_create",
            roles.user,
            title="Avtobuslar",
            description="Jadval",
            sphere="talim",
        ).json["result"]["id"]
        assert (
            call("egovuz_proposal_transition", roles.user, id=pid, state="in_review").status_code
            == 403
        )
        assert (
            call(
                "egovuz_proposal_transition", roles.sysadmin, id=pid, state="in_review"
            ).status_code
            == 200
        )
        assert (
            call(
                "egovuz_proposal_transition",
                roles.sysadmin,
                id=pid,
                state="voting",
                organization=roles.org["name"],
            ).status_code
            == 200
        )
        assert call("egovuz_proposal_vote", None, id=pid).status_code == 403
        assert call("egovuz_proposal_vote", roles.editor, id=pid).json["result"]["votes"] == 1
        # the other registered-only actions refuse anonymous web API callers too
        assert (
            call("egovuz_rating_create", None, package_id=roles.dataset["id"], rating=5).status_code
            == 403
        )
        assert (
            call(
                "egovuz_comment_create", None, package_id=roles.dataset["id"], body="x"
            ).status_code
            == 403
        )
        assert (
            call(
                "egovuz_comment_create", roles.user, package_id=roles.dataset["id"], body=""
            ).status_code
            == 409
        )
        assert call("egovuz_feedback_list", None).status_code == 403
        assert (
            call(
                "egovuz_proposal_transition", roles.sysadmin, id=pid, state="requested"
            ).status_code
            == 200
        )
        assert (
            call("egovuz_proposal_transition", roles.editor, id=pid, state="accepted").status_code
            == 403
        )
        assert (
            call("egovuz_proposal_transition", roles.admin, id=pid, state="rejected").status_code
            == 409
        )
        r = call(
            "egovuz_proposal_transition", roles.admin, id=pid, state="rejected", comment="Maxfiy"
        )
        assert r.json["result"]["reject_reason"] == "Maxfiy"
        shown = app.get(f"/api/3/action/egovuz_proposal_show?id={pid}").json["result"]
        assert [e["to_state"] for e in shown["timeline"]][-1] == "rejected"
