"""A proposal forwarded to a state body reaches that organization's admins by e-mail, and
its author hears of every change of state (issue 15), in the portal's language, through
CKAN's mailer and a real local SMTP server."""

from __future__ import annotations

import email
from email.header import decode_header, make_header

import pytest

from .conftest import act


def _read(envelope):
    msg = email.message_from_bytes(envelope.content)
    body = msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8")
    return str(make_header(decode_header(msg["Subject"]))), body


def _new(roles):
    return act(
        "egovuz_proposal_create",
        roles.user,
        title="Velosiped yo'laklari xaritasi",
        description="Toshkent bo'yicha yo'laklar",
        sphere=roles.sphere["name"],
    )


def _to(smtp, address):
    return [_read(m) for m in smtp.messages if address in m.rcpt_tos]


@pytest.mark.ckan_config("ckan.locale_default", "uz")
@pytest.mark.usefixtures("with_request_context")
def test_author_told_and_org_admins_asked(roles, smtp):
    p = _new(roles)
    assert smtp.messages == []  # nothing on submission
    act("egovuz_proposal_transition", roles.sysadmin, id=p["id"], state="in_review")
    act(
        "egovuz_proposal_transition",
        roles.sysadmin,
        id=p["id"],
        state="voting",
        organization=roles.org["name"],
    )
    act("egovuz_proposal_vote", roles.user, id=p["id"])
    act("egovuz_proposal_transition", roles.sysadmin, id=p["id"], state="requested")
    author = _to(smtp, roles.user["email"])
    assert len(author) == 3
    assert [s for s, _ in author] == [
        "Ochiq maʼlumotlar portalidagi taklifingiz: Koʻrib chiqilmoqda",
        "Ochiq maʼlumotlar portalidagi taklifingiz: Ovoz berish",
        "Ochiq maʼlumotlar portalidagi taklifingiz: Tashkilotdan soʻralgan",
    ]
    assert "Velosiped yo'laklari xaritasi" in author[0][1]
    assert f"/proposals/{p['id']}" in author[0][1]
    admins = _to(smtp, roles.admin["email"])
    assert len(admins) == 1
    subject, body = admins[0]
    assert subject == "Tashkilotingizga yangi ochiq maʼlumotlar boʻyicha taklif yuborildi"
    assert roles.org["title"] in body and "Toshkent bo'yicha yo'laklar" in body
    # the organization's editor and the other organization hear nothing
    assert _to(smtp, roles.editor["email"]) == []
    # the org admin rejects: the author is told, with the reason
    act(
        "egovuz_proposal_transition",
        roles.admin,
        id=p["id"],
        state="rejected",
        comment="Maʼlumot maxfiy",
    )
    subject, body = _to(smtp, roles.user["email"])[-1]
    assert subject.endswith("Rad etilgan") and "Maʼlumot maxfiy" in body


def test_a_failing_mail_server_does_not_undo_the_move(roles, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "smtp.server", "127.0.0.1:1")  # nothing listens there
    p = _new(roles)
    moved = act("egovuz_proposal_transition", roles.sysadmin, id=p["id"], state="in_review")
    assert moved["state"] == "in_review"


@pytest.mark.usefixtures("with_request_context")
def test_english_portal_writes_english(roles, smtp):
    p = _new(roles)
    act("egovuz_proposal_transition", roles.sysadmin, id=p["id"], state="in_review")
    ((subject, body),) = _to(smtp, roles.user["email"])
    assert subject == "Your proposal on the open data portal: In review"
    assert "is now: In review." in body
