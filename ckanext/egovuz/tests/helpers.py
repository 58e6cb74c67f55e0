"""Test helpers of the monitoring, statistics and AI tests: roles, backdating a dataset's
passport dates, download and view events."""

from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

ROLES = ("anonymous", "user", "editor", "admin", "sysadmin")


def make_roles(org_id: str | None = None) -> dict:
    """{role: user name or ""} with an organization where editor/admin are members."""
    editor, admin = factories.User(), factories.User()
    org = factories.Organization(
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": admin["name"], "capacity": "admin"},
        ]
    )
    return {
        "anonymous": "",
        "user": factories.User()["name"],
        "editor": editor["name"],
        "admin": admin["name"],
        "sysadmin": factories.Sysadmin()["name"],
        "org": org,
    }


def call_as(user: str, action: str, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def backdate(
    package_id: str,
    data_last_changed: datetime.datetime,
    frequency: str | None = None,
    created: datetime.datetime | None = None,
) -> None:
    """Set the passport's data_last_changed (and frequency) as if written long ago, then
    let a dataset update (a patch) re-sync the monitoring snapshot through the hooks."""
    values = {"data_last_changed": data_last_changed.replace(microsecond=0).isoformat()}
    if frequency:
        values["update_frequency"] = frequency
    for key, value in values.items():
        model.Session.execute(
            sa.text("UPDATE package_extra SET value = :v WHERE package_id = :p AND key = :k"),
            {"v": value, "p": package_id, "k": key},
        )
    if created is not None:
        model.Session.execute(
            sa.text("UPDATE package SET metadata_created = :c WHERE id = :p"),
            {"c": created, "p": package_id},
        )
    model.Session.commit()
    model.Session.expire_all()
    from ckanext.egovuz.monitoring.model import sync_package

    sync_package(package_id)
    model.Session.commit()


def add_downloads(package_id: str, n: int, when: datetime.datetime | None = None) -> None:
    from ckanext.egovuz.downloads.model import log_download

    for _ in range(n):
        log_download(package_id, None, "csv", "table", when=when)


def add_views(package_id: str, n: int, day: datetime.date | None = None) -> None:
    """n page views of the dataset on a day, as `ckan tracking update` summarises them."""
    from ckanext.tracking.model import TrackingSummary

    model.Session.execute(
        TrackingSummary.__table__.insert().values(
            url=f"/dataset/{uuid.uuid4()}",
            package_id=package_id,
            tracking_type="page",
            count=n,
            running_total=n,
            recent_views=n,
            tracking_date=day or datetime.date.today(),
        )
    )
    model.Session.commit()


def build_with_one_commit(build):
    """build() on fresh databases, with one Solr commit at the end instead of one per
    dataset (for a module's catalogue that its tests only read)."""
    from ckan.lib.search.common import make_connection
    from ckan.plugins import toolkit as tk

    from ckanext.egovuz.tests.pytest_plugin import fresh_databases

    fresh_databases()
    commit = tk.config.get("ckan.search.solr_commit")
    tk.config["ckan.search.solr_commit"] = False
    try:
        built = build()
    finally:
        tk.config["ckan.search.solr_commit"] = commit
    make_connection().commit()
    return built


def xloader_hook(resource_id: str, status: str = "complete") -> None:
    """xloader's callback to CKAN at the end of a job (it calls IXloader.after_upload)."""
    ctx = {"ignore_auth": True}
    helpers.call_action(
        "task_status_update",
        ctx,
        entity_id=resource_id,
        entity_type="resource",
        task_type="xloader",
        key="xloader",
        value="{}",
        state="running",
        last_updated=str(datetime.datetime.utcnow()),
    )
    site_user = helpers.call_action("get_site_user", ctx)
    helpers.call_action(
        "xloader_hook",
        dict(ctx, user=site_user["name"]),
        metadata={"resource_id": resource_id},
        status=status,
    )


def proposal_in_voting(operator: dict, author: dict, org: dict, **fields) -> dict:
    """A proposal made by ``author`` and moved by ``operator`` through review to voting,
    addressed to ``org`` (the state in which visitors vote)."""
    fields = {"sphere": "talim", **fields}
    proposal = helpers.call_action(
        "egovuz_proposal_create", context={"user": author["name"]}, **fields
    )
    ctx = {"user": operator["name"]}
    helpers.call_action(
        "egovuz_proposal_transition", context=ctx, id=proposal["id"], state="in_review"
    )
    return helpers.call_action(
        "egovuz_proposal_transition",
        context=ctx,
        id=proposal["id"],
        state="voting",
        organization=org["name"],
    )
