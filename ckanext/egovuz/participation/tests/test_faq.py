"""FAQ (S-PANEL-1): uz, ru, en; ordered by operators; /faq and the home page panel;
the menu entries of participation."""

from __future__ import annotations

import pytest
from ckan.logic import NotAuthorized, NotFound, ValidationError

from .conftest import ROLE_NAMES, act, auth_header

ITEM = {
    "question_uz": "Portal nima?",
    "answer_uz": "Ochiq ma'lumotlar **portali**.",
    "question_ru": "Что такое портал?",
    "answer_ru": "Портал открытых данных.",
    "question_en": "What is the portal?",
    "answer_en": "The open data portal.",
}


class TestFaqApi:
    def test_roles(self, roles):
        for role in ROLE_NAMES[:-1]:
            with pytest.raises(NotAuthorized):
                act("egovuz_faq_create", getattr(roles, role), **ITEM)
        item = act("egovuz_faq_create", roles.sysadmin, **ITEM)
        for role in ROLE_NAMES[:-1]:
            who = getattr(roles, role)
            assert act("egovuz_faq_list", who)[0]["id"] == item["id"]
            for action, data in (
                ("egovuz_faq_update", dict(ITEM, id=item["id"])),
                ("egovuz_faq_delete", {"id": item["id"]}),
                ("egovuz_faq_reorder", {"order": [item["id"]]}),
                ("egovuz_faq_move", {"id": item["id"], "direction": "up"}),
            ):
                with pytest.raises(NotAuthorized):
                    act(action, who, **data)
        updated = act(
            "egovuz_faq_update",
            roles.sysadmin,
            id=item["id"],
            question_uz="Portal nima? (yangi)",
            answer_uz="Javob",
        )
        assert updated["question_uz"] == "Portal nima? (yangi)" and updated["question_ru"] is None
        act("egovuz_faq_delete", roles.sysadmin, id=item["id"])
        with pytest.raises(NotFound):
            act("egovuz_faq_show", None, id=item["id"])

    def test_languages_order_and_validation(self, roles):
        a = act("egovuz_faq_create", roles.sysadmin, **ITEM)
        b = act(
            "egovuz_faq_create", roles.sysadmin, question_uz="Ikkinchi savol", answer_uz="Javob"
        )
        c = act(
            "egovuz_faq_create", roles.sysadmin, question_uz="Uchinchi savol", answer_uz="Javob"
        )
        assert [i["question"] for i in act("egovuz_faq_list", None, lang="ru")] == [
            "Что такое портал?",
            "Ikkinchi savol",
            "Uchinchi savol",
        ]  # Uzbek where untranslated
        assert act("egovuz_faq_list", None, lang="en")[0]["answer"] == "The open data portal."
        act("egovuz_faq_reorder", roles.sysadmin, order=[c["id"], a["id"]])
        assert [i["id"] for i in act("egovuz_faq_list", None)] == [c["id"], a["id"], b["id"]]
        act("egovuz_faq_move", roles.sysadmin, id=b["id"], direction="up")
        assert [i["id"] for i in act("egovuz_faq_list", None)] == [c["id"], b["id"], a["id"]]
        with pytest.raises(ValidationError) as e:
            act("egovuz_faq_reorder", roles.sysadmin, order=["nope"])
        assert "order" in e.value.error_dict
        with pytest.raises(ValidationError) as e:
            act(
                "egovuz_faq_create",
                roles.sysadmin,
                question_uz="",
                answer_uz="x" * 10001,
                position="first",
            )
        assert set(e.value.error_dict) == {"question_uz", "answer_uz", "position"}
        assert len(act("egovuz_faq_list", None)) == 3


class TestFaqPages:
    def test_faq_page_home_panel_and_menu(self, app, roles):
        act(
            "egovuz_faq_create",
            roles.sysadmin,
            **dict(ITEM, answer_uz="<script>alert(1)</script> **qalin**"),
        )
        page = app.get("/uz/faq").body
        assert (
            "Portal nima?" in page
            and "<strong>qalin</strong>" in page
            and "<script>alert(1)" not in page
        )
        assert "Что такое портал?" in app.get("/ru/faq").body
        assert "Portal nima?" in app.get("/uz/").body
        home = app.get("/").body
        for endpoint in ("/proposals", "/faq", "/feedback"):
            assert f'href="{endpoint}"' in home
        assert app.get("/faq/manage", headers=auth_header(roles.user)).status_code == 403

    def test_operator_edits_in_the_browser(self, app, roles):
        headers = auth_header(roles.sysadmin)
        r = app.post(
            "/faq/new", headers=headers, data={"question_uz": "", "answer_uz": "Javob matni"}
        )
        assert r.status_code == 200 and "Missing value" in r.body and "Javob matni" in r.body
        r = app.post("/faq/new", headers=headers, data=ITEM, follow_redirects=False)
        assert r.status_code == 302
        item = act("egovuz_faq_list", None)[0]
        app.post(
            f"/faq/{item['id']}/edit", headers=headers, data=dict(ITEM, question_en="Updated?")
        )
        assert act("egovuz_faq_show", None, id=item["id"], lang="en")["question"] == "Updated?"
        app.post(f"/faq/{item['id']}/delete", headers=headers)
        assert act("egovuz_faq_list", None) == []
        # a form post without an API token or the CSRF token is refused
        assert app.post("/faq/new", data=ITEM, follow_redirects=False).status_code == 400
