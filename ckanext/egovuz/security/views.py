"""The confirmation link of an enumeration-safe registration (security/registration.py):
the blueprint in the portal's one style (docs/architecture.md, "Blueprints")."""

from __future__ import annotations

from flask import Blueprint

from ..core.csrf import protect_posts
from . import registration

bp = Blueprint("egovuz_register", __name__)
bp.before_request(protect_posts)


@bp.route("/user/confirm/<id>", methods=["GET", "POST"], endpoint="confirm")
def confirm(id: str):
    return registration.confirm_view(id)


def get_blueprints():
    return [bp]
