"""Registration does not tell whether an e-mail address has an account (issue 11): the
same answer for a new and a taken address, a message to the address either way (a
confirmation link for a new account, a notice to the owner of a taken one), pending
accounts that cannot log in until confirmed, the action per role, the messages in
uz/ru/en, and the password-reset form that does not tell either."""

from __future__ import annotations

import datetime
import email.header
import re
from types import SimpleNamespace

import pytest
from ckan import model
from ckan.logic import NotAuthorized, ValidationError
from ckan.plugins import toolkit as tk
from ckan.tests import factories

from ckanext.egovuz.core import ratelimit
from ckanext.egovuz.security import registration
from ckanext.egovuz.tests.pytest_plugin import fresh_databases

PASSWORD = "Yangi-parol-2024"
OWNER_EMAIL = "anvar.karimov@example.uz"


@pytest.fixture(scope="module")
def _world():
    fresh_databases()
    sysadmin = factories.Sysadmin()
    owner = factories.User(name="anvar", fullname="Anvar Karimov", email=OWNER_EMAIL)
    editor, admin = factories.User(), factories.User()
    factories.Organization(
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": admin["name"], "capacity": "admin"},
        ]
    )
    return SimpleNamespace(sysadmin=sysadmin, owner=owner, user=owner, editor=editor, admin=admin)


@pytest.fixture
def world(_world):
    """The module's accounts; accounts registered by a test are removed after it."""
    keep = {u.id for u in model.Session.query(model.User)}
    ratelimit.clear_all()
    yield _world
    model.Session.remove()
    for user in model.Session.query(model.User).filter(model.User.id.notin_(keep)):
        model.Session.delete(user)
    model.Session.commit()


def _subject(mail) -> str:
    parts = email.header.decode_header(mail.message["Subject"])
    return "".join(p.decode(c or "utf-8") if isinstance(p, bytes) else p for p, c in parts)


def _body(mail) -> str:
    part = mail.message.get_payload()[0] if mail.message.is_multipart() else mail.message
    return part.get_payload(decode=True).decode("utf-8")


def _form(name, address, password=PASSWORD, again=None):
    return {
        "name": name,
        "fullname": "Olim Rahimov",
        "email": address,
        "password1": password,
        "password2": again or password,
    }


def _normalized(html: str) -> str:
    """A page without what differs on every answer (tokens, nonces)."""
    html = re.sub(r'name="_csrf_token" value="[^"]*"', "", html)
    html = re.sub(
        r'content="[^"]*" name="_csrf_token"|name="_csrf_token" content="[^"]*"', "", html
    )
    return re.sub(r'nonce="[^"]*"', "", html)


def _csrf(client, url) -> dict:
    """The CSRF field of a form page, as a browser gets it (same client for the POST)."""
    m = re.search(r'name="_csrf_token" value="([^"]+)"', client.get(url).body)
    return {"_csrf_token": m.group(1)} if m else {}


def _register(app, form, lang=""):
    """The form posted by a browser: its own client (cookies), the page's CSRF token."""
    client = app.test_client()
    data = dict(form, **_csrf(client, f"{lang}/user/register"))
    return client.post(f"{lang}/user/register", data=data, follow_redirects=False)


def _confirm(app, path, key):
    client = app.test_client()
    data = dict({"key": key}, **_csrf(client, f"{path}?key={key}"))
    return client.post(path, data=data, follow_redirects=False)


def _link(body: str) -> str:
    return re.search(r"https?://\S+/user/confirm/\S+", body).group(0)


def test_new_and_taken_address_get_the_same_answer(app, world, smtp):
    users_before = model.Session.query(model.User).count()
    new = _register(app, _form("olim", "olim@example.uz"))
    taken = _register(app, _form("olim2", OWNER_EMAIL.upper()))
    assert new.status_code == taken.status_code == 200
    a, b = _normalized(new.body), _normalized(taken.body)
    assert a.replace("olim@example.uz", "X") == b.replace(OWNER_EMAIL.upper(), "X")
    assert "belongs to a registered user" not in b and "olim@example.uz" in a
    # one new account, pending; none for the taken address
    model.Session.remove()
    assert model.Session.query(model.User).count() == users_before + 1
    assert model.User.get("olim").state == "pending" and model.User.get("olim2") is None
    # each address got a message: a confirmation link, and a notice to the owner
    by_address = {m.rcpt_tos[0]: m for m in smtp.messages}
    assert set(by_address) == {"olim@example.uz", OWNER_EMAIL}
    confirm, notice = _body(by_address["olim@example.uz"]), _body(by_address[OWNER_EMAIL])
    assert "/user/confirm/" in confirm and '"olim"' in confirm
    assert '"anvar"' in notice and "/user/reset" in notice and "/user/confirm/" not in notice


def test_pending_account_logs_in_only_after_the_link(app, world, smtp):
    _register(app, _form("nodira", "nodira@example.uz"))
    login = {"login": "nodira", "password": PASSWORD}
    r = app.post("/user/login", data=login, follow_redirects=False)
    assert r.status_code == 200 and "Login failed" in r.body  # the form again, refused
    link = _link(_body(smtp.messages[-1]))
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = app.get("/" + path)  # opening the link (a mail scanner too) activates nothing
    assert page.status_code == 200 and "Activate my account" in page.body
    model.Session.remove()
    assert model.User.get("nodira").state == "pending"
    uid, key = re.search(r"/user/confirm/([^?]+)\?key=(\w+)", link).groups()
    bad = _confirm(app, f"/user/confirm/{uid}", "0" * 32)
    assert bad.status_code == 400 and "not valid or has expired" in bad.body
    ok = _confirm(app, f"/user/confirm/{uid}", key)
    assert ok.status_code == 302 and ok.headers["Location"].rstrip("/").endswith("/user/me")
    model.Session.remove()
    assert model.User.get("nodira").state == "active"
    again = _confirm(app, f"/user/confirm/{uid}", key)
    assert again.status_code == 400  # the key is used up
    r = app.post("/user/login", data=login, follow_redirects=False)
    assert r.status_code == 302 and "Login failed" not in r.body


def test_expired_link_and_a_pending_address_registered_again(app, world, smtp):
    _register(app, _form("sardor", "sardor@example.uz"))
    first = _link(_body(smtp.messages[-1]))
    # registering again with the pending address: a fresh link, the old one is void
    r = _register(app, _form("sardor2", "sardor@example.uz"))
    assert r.status_code == 200 and model.User.get("sardor2") is None
    second = _link(_body(smtp.messages[-1]))
    assert first != second and '"sardor"' in _body(smtp.messages[-1])
    uid, old_key = re.search(r"/user/confirm/([^?]+)\?key=(\w+)", first).groups()
    with pytest.raises(ValidationError):
        tk.get_action("egovuz_user_confirm")({"user": ""}, {"id": uid, "key": old_key})
    key = re.search(r"key=(\w+)", second).group(1)
    user = model.User.get(uid)
    sent = datetime.datetime.utcnow() - datetime.timedelta(hours=49)  # default: 48 hours
    user.plugin_extras = {registration.EXTRAS_KEY: {"sent": sent.isoformat()}}
    model.Session.commit()
    with pytest.raises(ValidationError):
        tk.get_action("egovuz_user_confirm")({"user": ""}, {"id": uid, "key": key})
    assert model.User.get(uid).state == "pending"


def test_form_errors_are_the_same_for_a_new_and_a_taken_address(app, world, smtp):
    for bad in (
        _form("x1", "{address}", password="short"),
        _form("x1", "{address}", again="Boshqa-parol-2024"),
        _form("anvar", "{address}"),  # a login name in use: told, as in CKAN
        _form("", "{address}"),
    ):
        answers = []
        for address in ("free@example.uz", OWNER_EMAIL):
            form = dict(bad, email=address)
            r = _register(app, form)
            assert r.status_code == 200 and "error" in r.body
            answers.append(_normalized(r.body).replace(address, "X"))
        assert answers[0] == answers[1]
    assert smtp.messages == []  # nothing sent, nothing created
    assert model.User.get("x1") is None


def test_action_per_role(world, smtp, ckan_config, monkeypatch):
    # one address four times below: the per-address limit is another test's
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.register.rate_limit_address", 0)
    action = tk.get_action("egovuz_user_register")
    data = _form("roli", "roli@example.uz")
    # through the Action API (CKAN's ckan.auth.create_user_via_api, false): sysadmins only
    for role in ("user", "editor", "admin"):
        with pytest.raises(NotAuthorized):
            action({"user": getattr(world, role)["name"], "api_version": 3}, dict(data))
    with pytest.raises(NotAuthorized):
        action({"user": "", "api_version": 3}, dict(data))
    assert action({"user": world.sysadmin["name"], "api_version": 3}, dict(data)) == {
        "email": "roli@example.uz",
        "sent": True,
    }
    # through the web form (ckan.auth.create_user_via_web): anyone, the same answer
    for who in ("", world.user["name"], world.editor["name"], world.admin["name"]):
        result = action({"user": who}, _form("roli-" + (who or "anon")[:20], OWNER_EMAIL))
        assert result == {"email": OWNER_EMAIL, "sent": True}
    assert len([m for m in smtp.messages if m.rcpt_tos == [OWNER_EMAIL]]) == 4
    # confirming needs only the link's key, whoever holds it
    key = re.search(r"key=(\w+)", _body(smtp.messages[0])).group(1)
    uid = model.User.get("roli").id
    with pytest.raises(ValidationError):
        tk.get_action("egovuz_user_confirm")({"user": world.editor["name"]}, {"id": uid})
    assert tk.get_action("egovuz_user_confirm")({"user": ""}, {"id": uid, "key": key}) == {
        "name": "roli"
    }


def test_registrations_are_limited_per_visitor_and_per_address(app, world, smtp):
    """Each registration sends a mail: a visitor gets 5 an hour, a mailbox 3 (defaults),
    refused with a message on the form and no mail; the same for a new and a taken
    address; invalid forms do not count; sysadmins are not limited."""
    # per address: three answers, then the form says to wait, for a new and a taken one
    refusals = {}
    for address in ("yangi@example.uz", OWNER_EMAIL):
        ratelimit.clear_all()
        sent = len(smtp.messages)
        pages = [_register(app, _form(f"u{n}{address[:4]}", address)) for n in range(4)]
        assert [p.status_code for p in pages] == [200] * 4
        assert ["Too many submissions" in p.body for p in pages] == [False] * 3 + [True]
        assert len(smtp.messages) - sent == 3  # the refused one sent nothing
        refusals[address] = _normalized(pages[3].body).replace(address, "X")
    # the refusal is the same page for both: it tells nothing about the address
    a, b = refusals.values()
    assert re.sub(r'value="u3\w+"', "", a) == re.sub(r'value="u3\w+"', "", b)
    # per visitor: 5 registrations with five addresses, the sixth refused; invalid forms
    # (a short password) do not count
    ratelimit.clear_all()
    for n in range(3):
        bad = _register(app, _form(f"bad{n}", f"bad{n}@example.uz", password="short"))
        assert bad.status_code == 200 and "Too many submissions" not in bad.body
    answers = [_register(app, _form(f"v{n}", f"v{n}@example.uz")) for n in range(6)]
    assert ["Too many submissions" in a.body for a in answers] == [False] * 5 + [True]
    model.Session.remove()
    assert model.User.get("v4") is not None and model.User.get("v5") is None
    # an operator registering people is not limited
    action = tk.get_action("egovuz_user_register")
    for n in range(4):
        result = action({"user": world.sysadmin["name"]}, _form(f"op{n}", "ops@example.uz"))
        assert result == {"email": "ops@example.uz", "sent": True}


def test_sysadmin_form_creates_an_active_account(app, world, smtp):
    """An operator adding an account from the form keeps CKAN's behaviour."""
    headers = {"Authorization": _token(world.sysadmin["name"])}
    r = app.post("/user/register", data=_form("operator-made", "om@example.uz"), headers=headers)
    assert r.status_code == 200
    model.Session.remove()
    assert model.User.get("operator-made").state == "active"
    assert smtp.messages == []


def _token(name):
    return tk.get_action("api_token_create")(
        {"ignore_auth": True, "user": name}, {"user": name, "name": "t"}
    )["token"]


@pytest.mark.parametrize(
    "lang,subject,phrase",
    [
        ("", "Confirm your registration on", "Check your e-mail"),
        ("/ru", "Подтвердите регистрацию на", "Проверьте почту"),
        ("/uz", "roʻyxatdan oʻtishni tasdiqlang", "Elektron pochtangizni tekshiring"),
    ],
)
def test_messages_in_the_users_language(app, world, smtp, lang, subject, phrase):
    r = _register(app, _form("til", "til@example.uz"), lang=lang)
    assert phrase in r.body
    assert subject in _subject(smtp.messages[-1])


def test_password_reset_form_does_not_tell(app, world, smtp):
    """CKAN 2.11's reset form gives one answer for a known and an unknown address."""
    known = app.post("/user/reset", data={"user": OWNER_EMAIL}, follow_redirects=False)
    unknown = app.post("/user/reset", data={"user": "nobody@example.uz"}, follow_redirects=False)
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert [m.rcpt_tos for m in smtp.messages] == [[OWNER_EMAIL]]
