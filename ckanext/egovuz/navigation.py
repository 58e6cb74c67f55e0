"""The site menu (S-HOME-7), assembled from what the loaded plugins register, so that a
page appears in the header and footer only when the plugin that serves it is on.

A plugin calls `register(endpoint, label, order)` from its `update_config`; `label` is a
callable returning the translated text (gettext must run per request, in the request's
language)."""

from __future__ import annotations

from typing import Callable, NamedTuple


class NavItem(NamedTuple):
    order: int
    endpoint: str
    label: Callable[[], str]
    menu: str


_ITEMS: dict[str, NavItem] = {}


def register(endpoint: str, label: Callable[[], str], order: int = 50, menu: str = "main") -> None:
    _ITEMS[endpoint] = NavItem(order, endpoint, label, menu)


def items(menu: str = "main") -> list[tuple[str, str]]:
    """(endpoint, label) pairs for CKAN's h.build_nav_main, in order: only the endpoints
    the running app serves (a plugin unloaded since it registered drops out)."""
    from flask import current_app

    served = current_app.view_functions
    return [
        (i.endpoint, i.label())
        for i in sorted(_ITEMS.values())
        if i.menu == menu and i.endpoint in served
    ]
