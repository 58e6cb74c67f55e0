"""Page fragments that are the same HTML for every visitor of a language (the survey
dialog's questions, the footer menu), rendered once per process instead of on every page
(issue 14). Only for fragments built from the code and the configuration, never from
stored or per-user data, whose links are paths (never the Host a client sent): the key is
the language and the application's root (a server setting), so a client cannot grow the
cache; debug mode renders them each time (templates being edited)."""

from __future__ import annotations

import threading
from typing import Callable

from markupsafe import Markup
from ckan.plugins import toolkit as tk

_CACHE: dict[tuple, Markup] = {}
_LOCK = threading.Lock()


def once_per_language(name: str, render: Callable[[], str]) -> Markup:
    """`render()`'s HTML for this request's language, from the process's copy when there
    is one."""
    from flask import request

    key = (name, tk.h.lang(), request.script_root)
    html = _CACHE.get(key)
    if html is None or tk.config.get("debug"):
        html = Markup(render())
        with _LOCK:
            _CACHE[key] = html
    return html


def clear() -> None:
    """Forget every copy (tests)."""
    with _LOCK:
        _CACHE.clear()


def cached_keys() -> list[tuple]:
    return list(_CACHE)
