"""Fixtures of the participation tests: the five roles, a sphere and a dataset of the
organization, fresh rate-limit counters, and a local SMTP sink for the mailer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.participation.logic.common import clear_rate_limits
from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.tests.pytest_plugin import fresh_databases


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_rate_limits()
    yield
    clear_rate_limits()


@pytest.fixture(scope="package")
def _world():
    """The database is reset once for the package (a reset takes seconds); each test then
    starts from empty participation tables (see `roles`)."""
    fresh_databases()
    sysadmin = factories.Sysadmin()
    user = factories.User()
    editor = factories.User()
    admin = factories.User()
    org = factories.Organization(
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": admin["name"], "capacity": "admin"},
        ]
    )
    other_org = factories.Organization()
    sphere = factories.Group(name="talim", title="Ta'lim")
    dataset = Dataset(owner_org=org["id"])
    return SimpleNamespace(
        anonymous=None,
        user=user,
        editor=editor,
        admin=admin,
        sysadmin=sysadmin,
        org=org,
        other_org=other_org,
        sphere=sphere,
        dataset=dataset,
    )


PARTICIPATION_TABLES = (
    "egovuz_proposal_vote",
    "egovuz_proposal_event",
    "egovuz_proposal",
    "egovuz_rating",
    "egovuz_comment",
    "egovuz_survey_answer",
    "egovuz_feedback",
    "egovuz_faq",
)


@pytest.fixture
def roles(_world):
    """anonymous (None), user, editor, admin (of `org`), sysadmin; `sphere`, `dataset`;
    the participation tables empty."""
    from ckan import model

    model.Session.remove()
    with model.meta.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE " + ", ".join(PARTICIPATION_TABLES) + " CASCADE")
    return _world


ROLE_NAMES = ["anonymous", "user", "editor", "admin", "sysadmin"]


def act(action, who=None, **data):
    """Call an action as `who` (a user dict, or None for an anonymous visitor) with auth."""
    context = {"ignore_auth": False, "user": who["name"] if who else ""}
    return helpers.call_action(action, context=context, **data)


def auth_header(user) -> dict:
    token = factories.APIToken(user=user["name"])["token"]
    return {"Authorization": token}


@pytest.fixture
def smtp(smtp, ckan_config, monkeypatch):
    """The shared SMTP sink (ckanext/egovuz/tests/pytest_plugin.py), with the operators'
    feedback address set."""
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.feedback.email", "operators@data.egov.uz")
    return smtp


def browser(app):
    """One test client that keeps its cookies between requests, as a browser does
    (app.get/app.post make a new client, without the session, each time)."""
    return app.test_client()


def csrf_token(client, url, headers=None) -> str:
    """The CSRF token of a form page, as a browser would get it (use the same client
    for the POST: the token belongs to the session cookie)."""
    import re

    html = client.get(url, headers=headers or {}).body
    m = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field on " + url
    return m.group(1)
