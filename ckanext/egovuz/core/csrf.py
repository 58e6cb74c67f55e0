"""The CSRF rule for anonymous form posts, as one before-request hook.

CKAN 2.11 exempts from CSRF every request that has no session cookie (its
request_loader marks it "logged in via the Authorization header" even when there is no
header), so anonymous form posts would pass unchecked. Every blueprint of ours with forms
registers `protect_posts` (blueprint.before_request(protect_posts)): the token is checked
on every write; only a caller that really sent an API token is exempt."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from .context import user_name

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def protect_posts():
    if tk.request.method not in WRITE_METHODS:
        return None
    header = tk.config.get("apikey_header_name") or "Authorization"
    if tk.request.headers.get(header) and user_name():
        return None
    from flask import current_app

    current_app.extensions["csrf"].protect()
    return None
