"""Organizations' and spheres' names on CKAN's own pages in the UI language (issue 15):
under /uz_Cyrl/ in Cyrillic (transliterated), under /ru/ the organization's own Russian
title; in Uzbek as stored; and never written back by an edit form or the API."""

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset
from ckanext.egovuz.tests.pytest_plugin import fresh_databases
from ckanext.egovuz.translit import to_cyrillic

ORG = "Moliya vazirligi"
ORG_DESC = "Davlat budjeti ijrosi va soliqlar"
ORG_RU = "Министерство финансов"
SPHERE = "Transport va logistika"
SPHERE_DESC = "Yo'llar, temir yo'l va aviatsiya"


@pytest.fixture(scope="module")
def world():
    fresh_databases()
    admin = factories.Sysadmin()
    org = factories.Organization(
        name="moliya",
        title=ORG,
        description=ORG_DESC,
        extras=[{"key": "title_ru", "value": ORG_RU}],
    )
    factories.Group(name="transport", title=SPHERE, description=SPHERE_DESC)
    ds = Dataset(user=admin, owner_org=org["id"], name="byudjet-ijrosi", spheres=["transport"])
    return {"admin": admin, "org": org, "dataset": ds}


@pytest.fixture(scope="module")
def client():
    return helpers._get_test_app()


def pages(ds_name):
    return {
        "organization list": "/organization/",
        "organization read": "/organization/moliya",
        "organization about": "/organization/about/moliya",
        "sphere list": "/group/",
        "sphere read": "/group/transport",
        "sphere about": "/group/about/transport",
        "dataset page": f"/dataset/{ds_name}",
        "dataset spheres tab": f"/dataset/groups/{ds_name}",
        "search facets": "/dataset/",
    }


def test_cyrillic_names_on_every_page(client, world):
    org_cyr, sphere_cyr = to_cyrillic(ORG), to_cyrillic(SPHERE)
    assert org_cyr != ORG and org_cyr.startswith("Молия")
    wrong = []
    for what, path in pages(world["dataset"]["name"]).items():
        body = client.get("/uz_Cyrl" + path).body
        for latin, cyr in ((ORG, org_cyr), (SPHERE, sphere_cyr)):
            if latin in body:
                at = body.index(latin)
                wrong.append(f"{what}: Latin {latin!r} in {body[max(0, at - 200) : at + 40]!r}")
        needs = {
            "organization list": [org_cyr],
            "organization read": [org_cyr],
            "organization about": [org_cyr, to_cyrillic(ORG_DESC)],
            "sphere list": [sphere_cyr],
            "sphere read": [sphere_cyr],
            "sphere about": [sphere_cyr],
            "dataset page": [org_cyr, sphere_cyr],
            "dataset spheres tab": [sphere_cyr],
            "search facets": [org_cyr, sphere_cyr],
        }[what]
        for cyr in needs:
            if cyr not in body:
                wrong.append(f"{what}: no {cyr!r}")
    assert wrong == []


def test_breadcrumbs_in_cyrillic(client, world):
    org_cyr = to_cyrillic(ORG)
    for path in ("/organization/moliya", f"/dataset/{world['dataset']['name']}"):
        body = client.get("/uz_Cyrl" + path).body
        crumbs = body[body.index('class="breadcrumb"') :]
        crumbs = crumbs[: crumbs.index("</ol>")]
        assert org_cyr in crumbs, path


def test_russian_title_and_uzbek_as_stored(client, world):
    ds = world["dataset"]["name"]
    for path in ("/organization/", "/organization/moliya", f"/dataset/{ds}", "/dataset/"):
        ru = client.get("/ru" + path).body
        assert ORG_RU in ru, path
        uz = client.get("/uz" + path).body
        assert ORG in uz and ORG_RU not in uz and to_cyrillic(ORG) not in uz, path


def test_api_and_edit_form_keep_the_stored_text(client, world):
    """The display hooks touch pages only: the API answers what is stored, and the edit
    form under /uz_Cyrl/ offers the stored Latin title (saving it changes nothing)."""
    shown = helpers.call_action("organization_show", id="moliya")
    assert shown["title"] == ORG and shown["display_name"] == ORG
    listed = helpers.call_action("group_list", all_fields=True)
    assert [g["title"] for g in listed] == [SPHERE]
    pkg = helpers.call_action("package_show", id=world["dataset"]["id"])
    assert pkg["organization"]["title"] == ORG
    env = {
        "Authorization": helpers.call_action(
            "api_token_create",
            context={"user": world["admin"]["name"]},
            user=world["admin"]["name"],
            name="t",
        )["token"]
    }
    form = client.get("/uz_Cyrl/organization/edit/moliya", headers=env).body
    assert f'value="{ORG}"' in form and to_cyrillic(ORG) not in form.split("<form")[1]
    api = client.get("/uz_Cyrl/api/3/action/organization_show?id=moliya").json["result"]
    assert api["title"] == ORG


def test_portal_pages_name_them_in_cyrillic_too(client, world):
    """The portal's own pages: the home page (latest datasets, the organization filter)
    and a proposal's page (its sphere and suggested organization)."""
    from ckan.plugins import toolkit as tk

    home = client.get("/uz_Cyrl/").body
    assert to_cyrillic(ORG) in home and ORG not in home
    admin = world["admin"]["name"]
    proposal = tk.get_action("egovuz_proposal_create")(
        {"user": admin},
        {
            "title": "Avtobus yo'nalishlari",
            "description": "Shahar avtobuslari yo'nalishlari va jadvali",
            "sphere": "transport",
            "organization": world["org"]["id"],
        },
    )
    token = helpers.call_action("api_token_create", context={"user": admin}, user=admin, name="p")[
        "token"
    ]
    page = client.get(f"/uz_Cyrl/proposals/{proposal['id']}", headers={"Authorization": token})
    assert page.status_code == 200
    for latin in (ORG, SPHERE):
        assert to_cyrillic(latin) in page.body and latin not in page.body
    form = client.get("/uz_Cyrl/dataset/new", headers={"Authorization": token}).body
    choice = form[form.index('id="field-organizations"') :]
    choice = choice[: choice.index("</select>")]
    assert to_cyrillic(ORG) in choice and ORG not in choice
