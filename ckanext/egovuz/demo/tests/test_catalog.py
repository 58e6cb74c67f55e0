"""Tests of the demo catalogue (pure Python, no CKAN needed).

    cd /tmp && python -m pytest -p no:ckan -p no:ckan_fixtures -p no:cacheprovider \
        --noconftest -o addopts= -q <checkout>/ckanext/egovuz/demo/tests/test_catalog.py
"""

import datetime
import itertools
import re

import pytest

from ckanext.egovuz.demo import catalog

SLUG = re.compile(r"^[a-z0-9-]{2,100}$")
PHONE = re.compile(r"^\+998\d{9}$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.uz$")
COLUMN = re.compile(r"^[a-z][a-z0-9_]*$")
TAG = re.compile(r"^[\w '\-]+$")
KINDS = {"int", "numeric", "date", "text"}
FREQS = {"daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "irregular"}
LICENSES = {"cc-by", "cc-by-sa", "cc-zero", "odc-by", "other-open"}
SMALL = [d for d in catalog.DATASETS if d["rows"] < 100000]


def test_counts():
    assert len(catalog.SPHERES) >= 12
    assert len(catalog.ORGANIZATIONS) >= 12
    assert len(catalog.DATASETS) >= 64


@pytest.mark.parametrize(
    "items",
    [catalog.SPHERES, catalog.ORGANIZATIONS, catalog.DATASETS],
    ids=["spheres", "organizations", "datasets"],
)
def test_slugs_valid_and_unique(items):
    names = [x["name"] for x in items]
    assert all(SLUG.match(n) for n in names), [n for n in names if not SLUG.match(n)]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    "items",
    [catalog.SPHERES, catalog.ORGANIZATIONS, catalog.DATASETS],
    ids=["spheres", "organizations", "datasets"],
)
def test_titles_in_three_languages_and_distinct(items):
    for key in ("title", "title_ru", "title_en"):
        values = [x[key] for x in items]
        assert all(v and v.strip() for v in values), key
        assert len(set(values)) == len(values), key


def test_spheres_and_organizations_described():
    for x in catalog.SPHERES + catalog.ORGANIZATIONS:
        assert x["description"].strip()


def test_organization_contacts():
    for org in catalog.ORGANIZATIONS:
        assert PHONE.match(org["contact_phone"]), org["contact_phone"]
        assert EMAIL.match(org["contact_email"]), org["contact_email"]
        assert len(org["contact_name"].split()) >= 3, org["contact_name"]


def test_dataset_passports():
    spheres = {s["name"] for s in catalog.SPHERES}
    orgs = {o["name"] for o in catalog.ORGANIZATIONS}
    seeds = [d["seed"] for d in catalog.DATASETS]
    assert len(set(seeds)) == len(seeds)
    for d in catalog.DATASETS:
        for key in ("notes", "notes_ru", "notes_en"):
            assert d[key].strip(), (d["name"], key)
        assert d["org"] in orgs, d["name"]
        assert 1 <= len(d["spheres"]) <= 2 and set(d["spheres"]) <= spheres, d["name"]
        assert 2 <= len(d["tags"]) <= 5, d["name"]
        for tag in d["tags"]:
            assert "," not in tag and TAG.match(tag), (d["name"], tag)
        assert d["update_frequency"] in FREQS, d["name"]
        assert d["license_id"] in LICENSES, d["name"]
        assert isinstance(d["seed"], int)


def test_columns():
    for d in catalog.DATASETS:
        cols = d["columns"]
        assert 4 <= len(cols) <= 9, d["name"]
        names = [c[0] for c in cols]
        assert len(set(names)) == len(names), d["name"]
        assert all(COLUMN.match(n) for n in names), d["name"]
        kinds = [c[1] for c in cols]
        assert set(kinds) <= KINDS, d["name"]
        assert {"int", "numeric"} & set(kinds) and "text" in kinds, d["name"]


def test_row_counts():
    large = [d for d in catalog.DATASETS if d["rows"] >= 100000]
    assert len(large) == 1 and large[0]["rows"] == 120000
    assert all(20 <= d["rows"] <= 3000 for d in SMALL)


def test_every_sphere_and_organization_has_three_datasets():
    for s in catalog.SPHERES:
        assert sum(s["name"] in d["spheres"] for d in catalog.DATASETS) >= 3, s["name"]
    for o in catalog.ORGANIZATIONS:
        assert sum(o["name"] == d["org"] for d in catalog.DATASETS) >= 3, o["name"]


def _check(dataset, row):
    assert len(row) == len(dataset["columns"]), dataset["name"]
    for value, (name, kind) in zip(row, dataset["columns"]):
        if kind == "int":
            assert type(value) is int, (dataset["name"], name, value)
        elif kind == "numeric":
            assert type(value) is float and round(value, 2) == value, (dataset["name"], name, value)
        elif kind == "date":
            assert isinstance(value, str) and datetime.date.fromisoformat(value)
            assert 2019 <= int(value[:4]) <= 2026, (dataset["name"], name, value)
        else:
            assert isinstance(value, str) and value.strip(), (dataset["name"], name, value)


@pytest.mark.parametrize("dataset", SMALL, ids=[d["name"] for d in SMALL])
def test_generate_rows_small(dataset):
    rows = list(catalog.generate_rows(dataset))
    assert len(rows) == dataset["rows"]
    for row in rows:
        _check(dataset, row)


def test_generate_rows_large():
    dataset = next(d for d in catalog.DATASETS if d["rows"] >= 100000)
    for row in itertools.islice(catalog.generate_rows(dataset), 1000):
        _check(dataset, row)
    smaller = dict(dataset, rows=500)  # the loader may shrink it (ckanext.egovuz.demo.large_rows)
    assert len(list(catalog.generate_rows(smaller))) == 500


def test_generate_rows_deterministic():
    for d in catalog.DATASETS:
        first = list(itertools.islice(catalog.generate_rows(d), 200))
        again = list(itertools.islice(catalog.generate_rows(d), 200))
        assert first == again, d["name"]


def test_unknown_dataset_falls_back_by_kind():
    d = {
        "name": "custom",
        "seed": 1,
        "rows": 30,
        "columns": [("a", "int"), ("b", "numeric"), ("c", "date"), ("d", "text")],
    }
    rows = list(catalog.generate_rows(d))
    assert len(rows) == 30
    for row in rows:
        _check(d, row)
