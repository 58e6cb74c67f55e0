"""Template helpers of the versions tab."""

from __future__ import annotations


def version_author(user_id):
    """The display name of the user behind a version (no link, no avatar)."""
    from ckan import model

    user = model.User.get(user_id) if user_id else None
    return user.display_name if user else ""


def get_helpers():
    return {"egovuz_version_author": version_author}
