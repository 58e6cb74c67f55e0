"""Private dataset → 403 for outsiders on every tab, download and API; members read."""
import pytest
from ckan.tests import helpers as th

from .conftest import headers

ROLES = ["anonymous", "user", "editor", "admin", "sysadmin"]
ALLOWED = {"anonymous": False, "user": False, "editor": True, "admin": True, "sysadmin": True}


def _urls(world):
    ds, res = world["private"], world["private_res"]
    name, rid = ds["name"], res["id"]
    return [
        f"/dataset/{name}/structure",
        f"/dataset/{name}/structure/download?format=json&resource_id={rid}",
        f"/dataset/{name}/table",
        f"/dataset/{name}/table/download?format=csv&resource_id={rid}",
        f"/dataset/{name}/table/download?format=xlsx&resource_id={rid}",
        f"/dataset/{name}/api",
        f"/api/egovuz/v1/datasets/{ds['dataset_code']}/data",
    ]


@pytest.mark.usefixtures("with_request_context")
@pytest.mark.parametrize("role", ROLES)
def test_private_dataset_per_role(app, world, role):
    hdrs = headers(None if role == "anonymous" else world[role])
    for url in _urls(world):
        r = app.get(url, headers=hdrs)
        if ALLOWED[role]:
            assert r.status_code == 200, (role, url, r.status_code)
        else:
            assert r.status_code == 403, (role, url, r.status_code)


@pytest.mark.usefixtures("with_request_context")
@pytest.mark.parametrize("role", ROLES)
def test_public_dataset_per_role(app, world, role):
    hdrs = headers(None if role == "anonymous" else world[role])
    ds, res = world["public"], world["public_res"]
    for url in (f"/dataset/{ds['name']}/table", f"/dataset/{ds['name']}/structure",
                f"/dataset/{ds['name']}/api",
                f"/dataset/{ds['name']}/table/download?format=csv&resource_id={res['id']}",
                f"/api/egovuz/v1/datasets/{ds['dataset_code']}/data"):
        assert app.get(url, headers=hdrs).status_code == 200, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_actions_per_role(world, role):
    ctx = {"user": "" if role == "anonymous" else world[role]["name"], "ignore_auth": False}
    rid = world["private_res"]["id"]
    calls = [("egovuz_structure_show", {"resource_id": rid}),
             ("egovuz_export", {"resource_id": rid, "format": "csv"}),
             ("egovuz_data_by_code", {"code": world["private"]["dataset_code"]})]
    for action, data in calls:
        if ALLOWED[role]:
            assert th.call_action(action, context=dict(ctx), **data)
        else:
            with pytest.raises(th.logic.NotAuthorized):
                th.call_action(action, context=dict(ctx), **data)
