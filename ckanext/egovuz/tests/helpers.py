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
