"""Registration that does not tell who is registered (issue 11).

CKAN's `/user/register` answers "The email address … belongs to a registered user", so
anyone can test whether an address has an account. Here the form answers every valid
registration the same way ("we have sent a message to <address>") and the message
decides:

- a new address: the account is created *pending* with a one-time key (CKAN's
  `reset_key`), and the address gets a link that activates it (`egovuz_user_confirm`),
  valid `ckanext.egovuz.register.confirm_hours` hours; a pending account cannot log in;
- an address that has an account: nothing is created, and its owner is told that
  someone tried to register with it, with the account's login name and the link to
  reset the password (for a pending account: a fresh activation link).

Errors that do not depend on other accounts (a missing field, a bad address, a short
password, passwords that differ, a login name already taken) are shown as in CKAN: the
login name is public by choice of the person who picks it, the e-mail address is not.
Sysadmins creating accounts from the same form keep CKAN's behaviour (active at once)."""

from __future__ import annotations

import datetime
import hmac
import logging
import time

import sqlalchemy as sa
from passlib.hash import pbkdf2_sha512
from ckan import authz, model
from ckan.lib import mailer
from ckan.logic import schema as ckan_schema
from ckan.plugins import toolkit as tk

from ..core import ratelimit

log = logging.getLogger(__name__)

EXTRAS_KEY = "egovuz_register"
ANSWER_FLOOR_SECONDS = 0.3


# ---- options ---------------------------------------------------------------------------
RATE_WINDOW = 3600


def _limit(name: str) -> int:
    return tk.config.get(f"ckanext.egovuz.register.{name}")


def confirm_hours() -> int:
    try:
        return max(1, int(tk.config.get("ckanext.egovuz.register.confirm_hours") or 48))
    except (TypeError, ValueError):
        return 48


# ---- schema ----------------------------------------------------------------------------
def register_schema() -> dict:
    """CKAN's registration form schema without the check that tells whether the address
    is taken (the action decides that, silently)."""
    schema = ckan_schema.user_new_form_schema()
    email_is_unique = tk.get_validator("email_is_unique")
    schema["email"] = [v for v in schema["email"] if v is not email_is_unique]
    return schema


# ---- auth ------------------------------------------------------------------------------
@tk.auth_allow_anonymous_access
def register_auth(context, data_dict=None):
    """Whoever may create an account through CKAN's rules (`user_create`: the web form
    when `ckan.auth.create_user_via_web`, the API when `…_via_api`) may register."""
    return authz.is_authorized("user_create", context, data_dict)


@tk.auth_allow_anonymous_access
def confirm_auth(context, data_dict=None):
    """The link's key is the credential: anyone who holds it may use it."""
    return {"success": True}


# ---- helpers ---------------------------------------------------------------------------
def _accounts_with(address: str) -> list[model.User]:
    return (
        model.Session.query(model.User)
        .filter(sa.func.lower(model.User.email) == address.strip().lower())
        .filter(model.User.state.in_([model.State.ACTIVE, model.State.PENDING]))
        .order_by(model.User.created)
        .all()
    )


def _site() -> str:
    from ..passport.helpers import site_title

    try:
        return site_title() or tk.config.get("ckan.site_title") or "data.egov.uz"
    except Exception:  # outside a request
        return tk.config.get("ckan.site_title") or "data.egov.uz"


def _url(endpoint: str, **kwargs) -> str:
    try:
        return tk.url_for(endpoint, _external=True, **kwargs)
    except Exception:  # outside a request: from ckan.site_url
        path = tk.url_for(endpoint, **kwargs)
        return tk.config.get("ckan.site_url", "").rstrip("/") + path


def _new_key(user: model.User) -> str:
    key = mailer.make_key()
    user.reset_key = key
    extras = dict(user.plugin_extras or {})
    extras[EXTRAS_KEY] = {"sent": datetime.datetime.utcnow().isoformat()}
    user.plugin_extras = extras
    return key


def _mail(user: model.User, subject: str, body: str) -> None:
    try:
        mailer.mail_recipient(user.fullname or user.name, user.email, subject, body)
    except mailer.MailerException:
        # the same answer either way: what failed is in the log, not on the page
        log.exception("registration mail to user %s failed", user.id)


def _send_confirmation(user: model.User) -> None:
    key = _new_key(user)
    model.Session.commit()
    link = _url("egovuz_register.confirm", id=user.id, key=key)
    subject = tk._("Confirm your registration on {site}").format(site=_site())
    body = tk._(
        "Hello, {name}!\n\n"
        'The account "{login}" has been registered on {site} with this e-mail address. '
        "To activate it, open this link within {hours} hours:\n\n{link}\n\n"
        "If you did not register, ignore this message: the account will not be activated."
    ).format(
        name=user.fullname or user.name,
        login=user.name,
        site=_site(),
        hours=confirm_hours(),
        link=link,
    )
    _mail(user, subject, body)


def _send_taken_notice(user: model.User) -> None:
    if user.state == model.State.PENDING:
        _send_confirmation(user)
        return
    subject = tk._("Registration attempt on {site}").format(site=_site())
    body = tk._(
        "Hello, {name}!\n\n"
        "Someone (perhaps you) tried to register a new account on {site} with this e-mail "
        'address. It already has an account there: its login name is "{login}".\n\n'
        "If you have forgotten the password, set a new one here:\n\n{link}\n\n"
        "If it was not you, ignore this message: nothing has changed in your account."
    ).format(
        name=user.fullname or user.name,
        login=user.name,
        site=_site(),
        link=_url("user.request_reset"),
    )
    _mail(user, subject, body)


# ---- actions ---------------------------------------------------------------------------
def user_register(context, data_dict):
    """Register an account, answering the same whether the e-mail address is new or
    already has an account (see the module's docstring).

    :param name: login name; :param fullname: (optional); :param email:
    :param password1: :param password2: the password twice
    :returns: ``{"email": <the address>, "sent": true}``"""
    tk.check_access("egovuz_user_register", context, data_dict)
    schema = context.get("schema") or register_schema()
    vctx = dict(context, model=model, session=model.Session)
    data, errors = tk.navl_validate(dict(data_dict or {}), schema, vctx)
    if errors:
        raise tk.ValidationError(errors)
    address = data["email"]
    if not authz.is_sysadmin(context.get("user")):
        # counted only for a valid form, per visitor and per address (each sends a mail)
        ip = "ip:" + ratelimit.client_ip()
        ip_key = ratelimit.take("register", ip, _limit("rate_limit"), RATE_WINDOW)
        mailbox = address.strip().lower()
        try:
            ratelimit.take("register_address", mailbox, _limit("rate_limit_address"), RATE_WINDOW)
        except tk.ValidationError:
            if _limit("rate_limit") > 0:  # refused: it sends nothing, the visitor's place back
                ratelimit.release(ip_key)
            raise
    started = time.monotonic()
    try:
        return _register(context, data_dict, data, address)
    finally:
        # both ways answer after the same floor time, so that the answer's timing does
        # not tell a taken address (its branch creates nothing) from a new one
        time.sleep(max(0.0, ANSWER_FLOOR_SECONDS - (time.monotonic() - started)))


def _register(context, data_dict, data, address) -> dict:
    taken = _accounts_with(address)
    if taken:
        log.info("registration with an address that has an account (%d)", len(taken))
        # the work a new account costs (its password hashed, as User._set_password does),
        # so that the answer does not come back measurably sooner for a taken address
        pbkdf2_sha512.hash(str(data.get("password1") or ""))
        for user in taken:
            _send_taken_notice(user)
        return {"email": address, "sent": True}

    create = dict(
        {k: v for k, v in data_dict.items() if k in ("name", "fullname", "email", "about")},
        password1=data_dict.get("password1"),
        password2=data_dict.get("password2"),
        state=model.State.PENDING,
    )
    created = tk.get_action("user_create")(
        {
            "ignore_auth": True,
            "user": context.get("user") or "",
            "schema": ckan_schema.user_new_form_schema(),
        },
        create,
    )
    user = model.User.get(created["id"])
    _send_confirmation(user)
    return {"email": address, "sent": True}


def user_confirm(context, data_dict):
    """Activate a pending account with the key of its confirmation link.

    :param id: the account's id; :param key: the key from the link
    :returns: ``{"name": <login name>}`` of the account now active"""
    tk.check_access("egovuz_user_confirm", context, data_dict)
    data_dict = data_dict or {}
    user_id, key = data_dict.get("id"), data_dict.get("key")
    invalid = tk.ValidationError(
        {"key": [tk._("This link is not valid or has expired. Register again to get a new one.")]}
    )
    if not isinstance(user_id, str) or not isinstance(key, str) or not key.strip():
        raise invalid
    user = model.Session.query(model.User).filter(model.User.id == user_id).first()
    if user is None or user.state != model.State.PENDING or not user.reset_key:
        raise invalid
    if not hmac.compare_digest(user.reset_key.encode(), key.strip().encode()):
        raise invalid
    sent = ((user.plugin_extras or {}).get(EXTRAS_KEY) or {}).get("sent")
    try:
        age = datetime.datetime.utcnow() - datetime.datetime.fromisoformat(sent)
    except (TypeError, ValueError):
        raise invalid
    if age > datetime.timedelta(hours=confirm_hours()):
        raise invalid
    user.state = model.State.ACTIVE
    user.reset_key = None
    extras = dict(user.plugin_extras or {})
    extras.pop(EXTRAS_KEY, None)
    user.plugin_extras = extras or None
    model.Session.commit()
    return {"name": user.name}


def get_actions() -> dict:
    return {"egovuz_user_register": user_register, "egovuz_user_confirm": user_confirm}


def get_auth_functions() -> dict:
    return {"egovuz_user_register": register_auth, "egovuz_user_confirm": confirm_auth}


# ---- pages -----------------------------------------------------------------------------
def _is_sysadmin() -> bool:
    from ..core.context import user_name

    name = user_name()
    return bool(name and authz.is_sysadmin(name))


def register_view():
    """CKAN's `user.register` endpoint: the form is CKAN's; a visitor's submission goes
    through `egovuz_user_register` and is answered with the same page whatever the
    address. A sysadmin's goes to CKAN's own view (the account is active at once)."""
    from flask import current_app, request

    from ckan.lib import captcha
    from ckan.logic import clean_dict, parse_params, tuplize_dict
    from ckan.lib.navl.dictization_functions import unflatten

    from ..core.context import user_name
    from ..core.csrf import protect_posts

    ckan_view = current_app.config["EGOVUZ_CKAN_REGISTER_VIEW"]
    if request.method != "POST" or _is_sysadmin():
        return ckan_view()
    protect_posts()
    if user_name():  # logged in: CKAN's answer ("log out first")
        return tk.render("user/logout_first.html", {})
    try:
        captcha.check_recaptcha(request)
    except captcha.CaptchaError:
        tk.h.flash_error(tk._("Bad Captcha. Please try again."))
        return ckan_view()
    data = clean_dict(unflatten(tuplize_dict(parse_params(request.form))))
    context = {"user": "", "auth_user_obj": None}
    try:
        result = tk.get_action("egovuz_user_register")(context, data)
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Unauthorized to register as a user."))
    except tk.ValidationError as e:
        form = tk.render(
            "user/new_user_form.html",
            {"data": data, "errors": e.error_dict, "error_summary": e.error_summary},
        )
        return tk.render("user/new.html", {"is_sysadmin": False, "form": form})
    return tk.render("egovuz_security/register_sent.html", {"email": result["email"]})


def confirm_view(id: str):
    """The link of the confirmation message: a page with one button (a POST, so that a
    mail scanner opening the link activates nothing and nobody is logged in by a link
    somebody else sent), which activates the account and logs its owner in."""
    from flask import request

    from ckan.common import login_user
    from ckan.views.user import regenerate_session, rotate_token

    key = request.values.get("key", "")
    if request.method != "POST":
        return tk.render("egovuz_security/register_confirm.html", {"id": id, "key": key})
    try:
        result = tk.get_action("egovuz_user_confirm")({"user": ""}, {"id": id, "key": key})
    except tk.ValidationError as e:
        return (
            tk.render(
                "egovuz_security/register_confirm.html",
                {"id": id, "key": key, "error": e.error_dict.get("key", [""])[0]},
            ),
            400,
        )
    user = model.User.get(result["name"])
    regenerate_session()
    login_user(user)
    rotate_token()
    tk.h.flash_success(tk._("Your account is active. Welcome!"))
    return tk.redirect_to("user.me")


def install(app) -> None:
    """Put `register_view` behind CKAN's `user.register` endpoint (its URL, its links)."""
    views = getattr(app, "view_functions", None)
    if views is None or "user.register" not in views:
        return
    if "EGOVUZ_CKAN_REGISTER_VIEW" not in app.config:
        app.config["EGOVUZ_CKAN_REGISTER_VIEW"] = views["user.register"]
    views["user.register"] = register_view
