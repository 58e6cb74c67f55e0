"""Private dataset → 403 for outsiders on every tab, download and API; members read."""
import pytest
from ckan.tests import helpers as th

from .conftest import headers

ROLES = ["anonymous", "user", "editor", "admin", "sysadmin"]
ALLOWED = {"anonymous": False, "user": False, "editor": True, "admin": True, "sysadmin": True}


def _urls(world, which="private"):
    """{url: what its answer holds when it may be read} (the table's own data)."""
    ds, res = world[which], world[which + "_res"]
    name, rid = ds["name"], res["id"]
    return {
        f"/dataset/{name}/structure": "Tuman nomi",
        f"/dataset/{name}/structure/download?format=json&resource_id={rid}": '"tuman"',
        f"/dataset/{name}/table": "Chilonzor",
        f"/dataset/{name}/table/download?format=csv&resource_id={rid}": "Yunusobod",
        f"/dataset/{name}/table/download?format=xlsx&resource_id={rid}": "PK",
        f"/dataset/{name}/api": rid,
        f"/api/egovuz/v1/datasets/{ds['dataset_code']}/data": "Chilonzor",
    }


def _body(r) -> str:
    return r.body if r.content_type.split(";")[0] != XLSX else r.data[:2].decode()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.usefixtures("with_request_context")
@pytest.mark.parametrize("role", ROLES)
def test_private_dataset_per_role(app, world, role):
    hdrs = headers(None if role == "anonymous" else world[role])
    for url, content in _urls(world).items():
        r = app.get(url, headers=hdrs)
        if ALLOWED[role]:
            assert r.status_code == 200, (role, url, r.status_code)
            assert content in _body(r), (role, url)
        else:
            assert r.status_code == 403, (role, url, r.status_code)
            assert "Chilonzor" not in r.body and "Yunusobod" not in r.body, (role, url)


@pytest.mark.usefixtures("with_request_context")
@pytest.mark.parametrize("role", ROLES)
def test_public_dataset_per_role(app, world, role):
    hdrs = headers(None if role == "anonymous" else world[role])
    for url, content in _urls(world, "public").items():
        r = app.get(url, headers=hdrs)
        assert r.status_code == 200, (role, url)
        assert content in _body(r), (role, url)


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
