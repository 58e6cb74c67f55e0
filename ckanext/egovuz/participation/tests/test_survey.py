"""The user survey (S-PANEL-2): three questions with fixed options and "other" text;
anonymous answers; rate limit; CSRF; the dialog offered once; results with charts and
a CSV export for operators only."""

from __future__ import annotations

import csv
import io

import pytest
from ckan.logic import NotAuthorized, ValidationError

from .conftest import ROLE_NAMES, act, auth_header, browser, csrf_token

GOOD = {"found_site": "search_engine", "found_info": "yes", "purpose": "research"}


def count(roles):
    return act("egovuz_survey_results", roles.sysadmin)["total"]


class TestSurveyApi:
    def test_every_role_may_answer_only_operators_see_results(self, roles):
        for role in ROLE_NAMES:
            act("egovuz_survey_answer_create", getattr(roles, role), **GOOD)
        act(
            "egovuz_survey_answer_create",
            None,
            found_site="other",
            found_site_other="Telegram kanal",
            found_info="partly",
            purpose="other",
            purpose_other="<b>Dissertatsiya</b>",
        )
        for role in ROLE_NAMES[:-1]:
            with pytest.raises(NotAuthorized):
                act("egovuz_survey_results", getattr(roles, role))
            with pytest.raises(NotAuthorized):
                act("egovuz_survey_answer_list", getattr(roles, role))
        results = act("egovuz_survey_results", roles.sysadmin)
        assert results["total"] == 6
        q1 = results["questions"][0]
        assert q1["key"] == "found_site"
        assert {o["value"]: o["count"] for o in q1["options"]}["search_engine"] == 5
        assert q1["others"] == ["Telegram kanal"]
        assert [len(q["options"]) for q in results["questions"]] == [7, 4, 8]

    def test_validation_stores_nothing(self, roles):
        cases = [
            ({}, {"found_site", "found_info", "purpose"}),
            (dict(GOOD, found_site="hacker"), {"found_site"}),
            (dict(GOOD, found_info="other"), {"found_info_other"}),
            (dict(GOOD, purpose="other", purpose_other="x" * 501), {"purpose_other"}),
            (dict(GOOD, found_site=["yes"]), {"found_site"}),
            (dict(GOOD, website="spam"), {"website"}),
        ]
        for data, fields in cases:
            with pytest.raises(ValidationError) as e:
                act("egovuz_survey_answer_create", None, **data)
            assert set(e.value.error_dict) == fields, data
        assert count(roles) == 0
        # the "other" text of a non-"other" answer is dropped
        act("egovuz_survey_answer_create", None, **dict(GOOD, found_site_other="ignored"))
        assert act("egovuz_survey_answer_list", roles.sysadmin)[0]["found_site_other"] is None

    @pytest.mark.ckan_config("ckanext.egovuz.participation.rate_limit.survey", 2)
    def test_anonymous_rate_limit(self, roles):
        for _ in range(2):
            act("egovuz_survey_answer_create", None, **GOOD)
        with pytest.raises(ValidationError) as e:
            act("egovuz_survey_answer_create", None, **GOOD)
        assert "rate_limit" in e.value.error_dict
        act("egovuz_survey_answer_create", roles.user, **GOOD)  # another visitor
        assert count(roles) == 3


class TestSurveyPages:
    def test_dialog_form_csrf_cookie(self, app, roles):
        home = app.get("/").body
        assert 'id="egovuz-survey-dialog"' in home and 'data-module="egovuz-survey"' in home
        assert "How did you find our site?" in home
        # without the CSRF token nothing is stored
        r = app.post("/survey", data=GOOD, follow_redirects=False)
        assert r.status_code == 400
        assert count(roles) == 0
        client = browser(app)
        token = csrf_token(client, "/survey")
        r = client.post("/survey", data=dict(GOOD, found_info="other", _csrf_token=token))
        assert (
            r.status_code == 200 and "Please describe" in r.body
        )  # per-field message, choices kept
        assert 'value="search_engine" checked' in r.body
        r = client.post(
            "/survey",
            data=dict(GOOD, _csrf_token=token, came_from="//evil.example/"),
            follow_redirects=False,
        )
        assert r.status_code == 302 and "evil.example" not in r.headers["Location"]
        assert "egovuz_survey=answered" in r.headers.get("Set-Cookie", "")
        assert count(roles) == 1
        # answered: the dialog is not offered again
        assert 'id="egovuz-survey-dialog"' not in client.get("/").body
        assert 'id="egovuz-survey-dialog"' in app.get("/").body  # another visitor

    def test_dialog_questions_rendered_once_per_language(self, app, roles, monkeypatch):
        """Issue 14: the dialog's questions come from a per-process, per-language copy,
        the HTML a fresh render gives, in the page's language."""
        from ckanext.egovuz.core import fragments
        from ckanext.egovuz.participation import helpers as ph
        from ckanext.egovuz.participation.logic.survey import QUESTIONS

        options = sum(len(choices) for choices in QUESTIONS.values())
        fragments.clear()
        pages = {lang: app.get(f"/{lang}/").body for lang in ("uz", "ru", "en")}
        cached = {k[1]: str(v) for k, v in fragments._CACHE.items() if k[0] == "survey-fields-dlg-"}
        assert sorted(cached) == ["en", "ru", "uz"]
        for lang, title in (
            ("uz", "Saytimizni qanday topdingiz?"),
            ("ru", "Как вы нашли наш сайт?"),
            ("en", "How did you find our site?"),
        ):
            assert title in cached[lang] and cached[lang].count('type="radio"') == options
            assert cached[lang] in pages[lang]
        # the next page takes the copy: the questions are not rendered again
        rendered = []
        real = ph.tk.h.snippet
        monkeypatch.setattr(
            ph.tk.h, "snippet", lambda *a, **k: rendered.append(a[0]) or real(*a, **k)
        )
        assert cached["en"] in app.get("/en/").body
        assert "participation/survey/fields.html" not in rendered
        # in debug mode it is rendered each time (templates being edited)
        monkeypatch.setitem(ph.tk.config, "debug", True)
        assert cached["en"] in app.get("/en/").body
        assert "participation/survey/fields.html" in rendered

    def test_results_page_and_csv(self, app, roles):
        act(
            "egovuz_survey_answer_create",
            None,
            found_site="other",
            found_site_other='=HYPERLINK("x")',
            found_info="no",
            purpose="business",
        )
        act("egovuz_survey_answer_create", None, **GOOD)
        act(
            "egovuz_survey_answer_create",
            None,
            **dict(GOOD, purpose="other", purpose_other="<script>alert(1)</script>' OR 1=1"),
        )
        for role in ("user", "editor", "admin"):
            assert (
                app.get("/survey/results", headers=auth_header(getattr(roles, role))).status_code
                == 403
            )
        assert app.get("/survey/results.csv").status_code == 403
        page = app.get("/survey/results", headers=auth_header(roles.sysadmin)).body
        assert page.count("<svg") >= 3 and "Search engine" in page
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt;&#39; OR 1=1" in page
            and "<script>alert(1)" not in page
        )
        r = app.get("/survey/results.csv", headers=auth_header(roles.sysadmin))
        assert r.headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(r.body.lstrip("\ufeff"))))
        assert rows[0][:4] == ["id", "created", "found_site", "found_site_other"]
        assert len(rows) == 4
        assert rows[1][3] == '\'=HYPERLINK("x")'  # a formula is kept as text
