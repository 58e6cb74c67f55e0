"""A dataset made private (one by one or with CKAN's bulk actions, which call no
IPackageController hook) disappears from public activity at once; made public again,
its activity comes back (issue 11, item 11: better than CKAN, which keeps the activities
recorded while it was public visible to everyone)."""

from __future__ import annotations

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset

ANON = {"user": "", "ignore_auth": False}


def public_activity_ids(org_id, user_id) -> dict:
    """Dataset ids in the public activity streams (the organization's, recently changed
    datasets; a user's stream is not public with ckan.auth.public_user_details false)."""
    out = {}
    for action, kw in (
        ("organization_activity_list", {"id": org_id}),
        ("recently_changed_packages_activity_list", {}),
    ):
        out[action] = {a["object_id"] for a in helpers.call_action(action, dict(ANON), **kw)}
    return out


@pytest.fixture
def world(clean_db, clean_index):
    editor = factories.User()
    sysadmin = factories.Sysadmin()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "admin"}])
    a = Dataset(owner_org=org["id"], user=editor, title="Maxfiy bo'ladigan to'plam")
    b = Dataset(owner_org=org["id"], user=editor, title="Ochiq qoladigan to'plam")
    return {"editor": editor, "sysadmin": sysadmin, "org": org, "a": a, "b": b}


@pytest.mark.parametrize("how", ["bulk", "patch"])
def test_made_private_leaves_public_activity(world, how):
    a, b, org, editor = world["a"], world["b"], world["org"], world["editor"]
    before = public_activity_ids(org["id"], editor["id"])
    assert all(a["id"] in ids and b["id"] in ids for ids in before.values()), before
    ctx = {"user": editor["name"], "ignore_auth": False}
    if how == "bulk":
        helpers.call_action("bulk_update_private", dict(ctx), datasets=[a["id"]], org_id=org["id"])
    else:
        helpers.call_action("package_patch", dict(ctx), id=a["id"], private=True)
    after = public_activity_ids(org["id"], editor["id"])
    for action, ids in after.items():
        assert a["id"] not in ids, action
        assert b["id"] in ids, action
    # the organization's members still see its history
    assert helpers.call_action("package_activity_list", dict(ctx), id=a["id"])
    with pytest.raises(helpers.logic.NotAuthorized):
        helpers.call_action("package_activity_list", dict(ANON), id=a["id"])
    # made public again: back in public activity
    helpers.call_action("bulk_update_public", dict(ctx), datasets=[a["id"]], org_id=org["id"])
    assert all(a["id"] in ids for ids in public_activity_ids(org["id"], editor["id"]).values())


def test_bulk_delete_leaves_public_activity(world):
    a, org, editor = world["a"], world["org"], world["editor"]
    helpers.call_action(
        "bulk_update_delete",
        {"user": editor["name"], "ignore_auth": False},
        datasets=[a["id"]],
        org_id=org["id"],
    )
    for action, ids in public_activity_ids(org["id"], editor["id"]).items():
        assert a["id"] not in ids, action
