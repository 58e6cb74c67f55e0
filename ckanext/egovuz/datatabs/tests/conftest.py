"""A small real DataStore table behind a dataset, per role."""

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.tests.pytest_plugin import fresh_databases

FIELDS = [
    {"id": "id", "type": "int"},
    {"id": "tuman", "type": "text", "info": {"label": "Tuman nomi", "notes": "Tuman (district)"}},
    {"id": "aholi", "type": "numeric"},
    {"id": "sana", "type": "timestamp"},
    {"id": "izoh", "type": "text"},
]
RECORDS = [
    {
        "id": 1,
        "tuman": "Chilonzor",
        "aholi": "8831287.60",
        "sana": "2024-01-05T10:00:00",
        "izoh": '=HYPERLINK("http://x")',
    },
    {
        "id": 2,
        "tuman": "Yunusobod",
        "aholi": "0.851550",
        "sana": "2024-02-05T11:30:00",
        "izoh": "+1+2",
    },
    {"id": 3, "tuman": "Тошкент", "aholi": "-12.5", "sana": "2023-12-31T23:59:59", "izoh": "-3"},
    {"id": 4, "tuman": "Olmazor", "aholi": None, "sana": None, "izoh": "@SUM(A1)"},
    {
        "id": 5,
        "tuman": "Mirzo Ulug‘bek",
        "aholi": "100",
        "sana": "2024-03-01T00:00:00",
        "izoh": 'a & b <c> "q" o\'zbek',
    },
]


@pytest.fixture(scope="package")
def world():
    """Roles and one public and one private dataset with a DataStore table each, made once
    for this test package (the tests only read it; the download counters only grow) on
    freshly cleaned databases, with the portal's plugins loaded for the whole package."""
    fresh_databases(datastore=True)
    sysadmin = factories.Sysadmin()
    editor = factories.User()
    admin = factories.User()
    member_less = factories.User()
    org = factories.Organization(
        users=[
            {"name": editor["name"], "capacity": "editor"},
            {"name": admin["name"], "capacity": "admin"},
        ]
    )
    out = {"sysadmin": sysadmin, "editor": editor, "admin": admin, "user": member_less, "org": org}
    for key, private in (("public", False), ("private", True)):
        ds = Dataset(
            owner_org=org["id"],
            private=private,
            user=sysadmin,
            title_ru="Tumanlar aholisi (ru): Население районов",
        )
        res = factories.Resource(
            package_id=ds["id"], url="http://example.com/data.csv", format="CSV", name="aholi"
        )
        helpers.call_action(
            "datastore_create", resource_id=res["id"], fields=FIELDS, records=RECORDS, force=True
        )
        file_res = factories.Resource(
            package_id=ds["id"], url="http://example.com/doc.pdf", format="PDF", name="hujjat"
        )
        out[key] = helpers.call_action("package_show", id=ds["id"])
        out[key + "_res"] = res
        out[key + "_file"] = file_res
    return out


def headers(user):
    if user is None:
        return {}
    token = helpers.call_action(
        "api_token_create", context={"user": user["name"]}, user=user["name"], name="t"
    )["token"]
    return {"Authorization": token}


@pytest.fixture(autouse=True)
def _egovuz_plugins(world):
    """Overrides the root conftest's per-test plugin loading: `world` loaded them once."""
    yield


@pytest.fixture(scope="package")
def _package_app(world):
    from ckan.tests.helpers import _get_test_app

    return _get_test_app()


@pytest.fixture
def app(_package_app):
    """One Flask app for the package (CKAN's `app` makes one per test: seconds each)."""
    return _package_app
