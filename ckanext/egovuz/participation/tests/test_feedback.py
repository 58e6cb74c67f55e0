"""Feedback (S-PANEL-4): stored, mailed to the operators through CKAN's mailer (a real
local SMTP server), an inbox with states for operators only; abuse defences."""

from __future__ import annotations

import pytest
from ckan.logic import NotAuthorized, ValidationError

from .conftest import ROLE_NAMES, act, auth_header, browser, csrf_token

GOOD = {
    "full_name": "Karimov Anvar Olimovich",
    "email": "anvar@example.uz",
    "message": "Ma'lumotlar to'plami ochilmayapti",
}


def inbox(roles, **kw):
    return act("egovuz_feedback_list", roles.sysadmin, **kw)


class TestFeedbackApi:
    def test_stored_and_mailed(self, roles, smtp):
        result = act("egovuz_feedback_create", None, **GOOD)
        assert result["mailed"] is True
        assert len(smtp.messages) == 1
        msg = smtp.messages[0]
        assert msg.rcpt_tos == ["operators@data.egov.uz"]
        text = msg.content.decode("utf-8", "replace")
        assert "Reply-To: anvar@example.uz" in text
        stored = inbox(roles)
        assert stored["count"] == 1 and stored["results"][0]["state"] == "new"
        assert stored["results"][0]["message"] == GOOD["message"]

    def test_roles(self, roles):
        for role in ROLE_NAMES:
            act("egovuz_feedback_create", getattr(roles, role), **GOOD)
        fid = inbox(roles)["results"][0]["id"]
        for role in ROLE_NAMES[:-1]:
            who = getattr(roles, role)
            with pytest.raises(NotAuthorized):
                act("egovuz_feedback_list", who)
            with pytest.raises(NotAuthorized):
                act("egovuz_feedback_show", who, id=fid)
            with pytest.raises(NotAuthorized):
                act("egovuz_feedback_update", who, id=fid, state="answered")
        for state in ("in_progress", "answered"):
            assert (
                act(
                    "egovuz_feedback_update",
                    roles.sysadmin,
                    id=fid,
                    state=state,
                    note="Javob yuborildi",
                )["state"]
                == state
            )
        assert inbox(roles, state="answered")["count"] == 1
        assert inbox(roles)["states"] == {"new": 4, "in_progress": 0, "answered": 1}
        with pytest.raises(ValidationError) as e:
            act("egovuz_feedback_update", roles.sysadmin, id=fid, state="closed")
        assert "state" in e.value.error_dict

    def test_bad_input_stores_nothing(self, roles):
        cases = [
            ({}, {"full_name", "email", "message"}),
            (dict(GOOD, email="not-an-email"), {"email"}),
            (dict(GOOD, email="a@b.uz\r\nBcc: victim@example.com"), {"email"}),
            (dict(GOOD, full_name="x" * 201, message="y" * 5001), {"full_name", "message"}),
            (dict(GOOD, message=12345), {"message"}),
            (dict(GOOD, website="http://spam"), {"website"}),
        ]
        for data, fields in cases:
            with pytest.raises(ValidationError) as e:
                act("egovuz_feedback_create", None, **data)
            assert set(e.value.error_dict) == fields, data
        assert inbox(roles)["count"] == 0

    @pytest.mark.ckan_config("ckanext.egovuz.participation.rate_limit.feedback", 2)
    def test_anonymous_rate_limit(self, roles):
        act("egovuz_feedback_create", None, **GOOD)
        act("egovuz_feedback_create", None, **GOOD)
        with pytest.raises(ValidationError) as e:
            act("egovuz_feedback_create", None, **GOOD)
        assert "rate_limit" in e.value.error_dict
        assert inbox(roles)["count"] == 2


class TestFeedbackPages:
    def test_form_csrf_and_inbox(self, app, roles, smtp):
        r = app.post("/feedback", data=GOOD, follow_redirects=False)
        assert r.status_code == 400
        client = browser(app)
        token = csrf_token(client, "/feedback")
        r = client.post("/feedback", data=dict(GOOD, email="yomon", _csrf_token=token))
        assert r.status_code == 200 and "not a valid format" in r.body
        assert GOOD["message"].replace("'", "&#39;") in r.body  # what was typed is kept
        hostile = dict(
            GOOD,
            full_name="<script>alert(1)</script>",
            message="<img src=x onerror=alert(1)> ' OR 1=1 --",
            _csrf_token=token,
        )
        r = client.post("/feedback", data=hostile, follow_redirects=False)
        assert r.status_code == 302
        assert len(smtp.messages) == 1
        assert app.get("/feedback/inbox", headers=auth_header(roles.user)).status_code == 403
        page = app.get("/feedback/inbox", headers=auth_header(roles.sysadmin)).body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
        assert "&lt;img src=x onerror=alert(1)&gt; &#39; OR 1=1 --" in page
        fid = inbox(roles)["results"][0]["id"]
        app.post(
            f"/feedback/inbox/{fid}",
            headers=auth_header(roles.sysadmin),
            data={"state": "in_progress"},
        )
        assert inbox(roles)["results"][0]["state"] == "in_progress"

    def test_cp1251_bytes_are_no_error(self, app, roles):
        """Bytes in another encoding give a clear 4xx answer, never a 500, and nothing
        half-decoded is stored."""
        client = browser(app)
        token = csrf_token(client, "/feedback")
        body = (
            ("full_name=" + "Каримов").encode("cp1251")
            + b"&email=a%40b.uz&message="
            + "Привет".encode("cp1251")
            + b"&_csrf_token="
            + token.encode()
        )
        r = client.post(
            "/feedback",
            data=body,
            content_type="application/x-www-form-urlencoded",
            follow_redirects=False,
        )
        assert r.status_code == 400
        api = app.post(
            "/api/3/action/egovuz_feedback_create",
            content_type="application/json",
            data='{"full_name": "Каримов", "email": "a@b.uz", "message": "Привет"}'.encode(
                "cp1251"
            ),
        )
        assert api.status_code == 400
        for m in inbox(roles)["results"]:
            assert "\ufffd" not in m["full_name"]
