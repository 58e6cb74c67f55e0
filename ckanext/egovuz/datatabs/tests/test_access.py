"""Private dataset → 404 for outsiders on every tab, download and API, the same answer as
for a dataset that does not exist (as CKAN's dataset page); members read."""

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
            assert r.status_code == 404, (role, url, r.status_code)
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
    calls = [
        ("egovuz_structure_show", {"resource_id": rid}),
        ("egovuz_export", {"resource_id": rid, "format": "csv"}),
        ("egovuz_data_by_code", {"code": world["private"]["dataset_code"]}),
    ]
    for action, data in calls:
        if ALLOWED[role]:
            assert th.call_action(action, context=dict(ctx), **data)
        elif action == "egovuz_data_by_code":  # codes are sequential: not-found, as unused
            with pytest.raises(th.logic.NotFound):
                th.call_action(action, context=dict(ctx), **data)
        else:
            with pytest.raises(th.logic.NotAuthorized):
                th.call_action(action, context=dict(ctx), **data)


@pytest.mark.usefixtures("with_request_context")
def test_private_code_answers_as_an_unused_one(app, world):
    """The stable API gives a private dataset's code exactly the answer of a code nobody
    uses (issue 11, item 11): same status, same message shape, no dataset id."""
    code = world["private"]["dataset_code"]
    unused = str(int(code) + 1000)
    a = app.get(f"/api/egovuz/v1/datasets/{code}/data")
    b = app.get(f"/api/egovuz/v1/datasets/{unused}/data")
    assert a.status_code == b.status_code == 404
    message_a = a.json["error"]["message"].replace(code, "X")
    assert message_a == b.json["error"]["message"].replace(unused, "X")
    assert world["private"]["id"] not in a.get_data(as_text=True)
    # the tabs answer as the dataset page does
    name = world["private"]["name"]
    assert app.get(f"/dataset/{name}").status_code == 404
    for tab in ("table", "structure", "api", "versions"):
        assert app.get(f"/dataset/{name}/{tab}").status_code == 404, tab
