"""Test helpers shared by every domain: a Dataset factory that fills the passport's
required fields (CKAN's factories.Dataset alone fails our schema's validation)."""

from __future__ import annotations

import factory
from ckan.tests import factories


def passport(**extra) -> dict:
    """A valid passport; keyword arguments override or add fields."""
    data = {
        "title": "Toshkent shahridagi maktablar",
        "title_ru": "Школы города Ташкента",
        "title_en": "Schools of Tashkent city",
        "notes": "Maktablar ro'yxati",
        "contact_name": "Karimov Anvar Olimovich",
        "contact_phone": "+998 71 123-45-67",
        "contact_email": "anvar@uzedu.uz",
        "update_frequency": "monthly",
        "license_id": "cc-by",
        "tag_string": "ta'lim, maktab",
    }
    data.update(extra)
    return data


class Dataset(factories.Dataset):
    """factories.Dataset with a full passport and its own organization.

    Usage: Dataset(), Dataset(owner_org=org["id"], private=True, user=user)."""

    title = factory.Sequence(lambda n: f"Ochiq ma'lumotlar to'plami {n}")
    contact_name = "Karimov Anvar Olimovich"
    contact_phone = "+998711234567"
    contact_email = "anvar@uzedu.uz"
    update_frequency = "monthly"
    license_id = "cc-by"
    owner_org = factory.LazyAttribute(lambda _: factories.Organization()["id"])


def datastore_resource(user: str, package_id: str, fields: list, records: list, **resource):
    """A resource (CSV unless ``resource`` says otherwise) of the dataset ``package_id`` whose
    table (``fields``, ``records``) is in the DataStore, made by ``user``."""
    from ckan.tests import helpers

    res = helpers.call_action(
        "resource_create",
        context={"user": user},
        package_id=package_id,
        **{"url": "https://example.uz/m.csv", "format": "CSV", **resource},
    )
    helpers.call_action(
        "datastore_create",
        context={"user": user},
        resource_id=res["id"],
        force=True,
        fields=fields,
        records=records,
    )
    return res


def tabular_dataset(
    admin: dict,
    *,
    resource: dict | None = None,
    fields: list | None = None,
    records: list | None = None,
    **kwargs,
) -> tuple[dict, dict]:
    """A dataset (Dataset factory, ``kwargs`` passed on) with one CSV resource (``resource``:
    more of its fields) whose table is in the DataStore (by default two columns, one row):
    the world of the page-walking tests."""
    ds = Dataset(user=admin, **kwargs)
    res = datastore_resource(
        admin["name"],
        ds["id"],
        fields or [{"id": "viloyat", "type": "text"}, {"id": "soni", "type": "int"}],
        records or [{"viloyat": "Farg'ona", "soni": 3}],
        **(resource or {}),
    )
    return ds, res
