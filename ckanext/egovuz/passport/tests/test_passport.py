"""The passport schema (S-PASS-1..8) through the Action API, on the real database and Solr."""

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import passport


@pytest.fixture
def org_admin():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "admin"}])
    return user, org


def create(user, org, **extra):
    return helpers.call_action(
        "package_create", context={"user": user["name"]}, owner_org=org["id"], **passport(**extra)
    )


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPassportCreate:
    def test_code_assigned_numeric_and_unique(self, org_admin):
        user, org = org_admin
        a = create(user, org, name="a-set")
        b = create(user, org, name="b-set")
        assert a["dataset_code"].isdigit() and b["dataset_code"].isdigit()
        assert int(b["dataset_code"]) == int(a["dataset_code"]) + 1

    def test_code_is_immutable(self, org_admin):
        user, org = org_admin
        pkg = create(user, org, name="immutable")
        with pytest.raises(tk.ValidationError) as err:
            helpers.call_action(
                "package_patch", context={"user": user["name"]}, id=pkg["id"], dataset_code="1"
            )
        assert "dataset_code" in err.value.error_dict
        # sending the same code back (a full package_update from package_show) is fine
        shown = helpers.call_action("package_show", id=pkg["id"])
        shown["title"] = "Yangi nom"
        updated = helpers.call_action("package_update", context={"user": user["name"]}, **shown)
        assert updated["dataset_code"] == pkg["dataset_code"]

    def test_phone_normalized_and_email_kept(self, org_admin):
        user, org = org_admin
        pkg = create(user, org, name="phone-ok")
        assert pkg["contact_phone"] == "+998711234567"
        assert pkg["contact_email"] == "anvar@uzedu.uz"

    @pytest.mark.parametrize(
        "field,value",
        [
            ("contact_phone", "12345"),
            ("contact_phone", "+7 495 123 45 67"),
            ("contact_phone", "+998 71 123 45 6"),
            ("contact_email", "not-an-email"),
            ("update_frequency", "hourly"),
            ("external_links", "ftp://example.uz/data"),
            ("external_links", "javascript:alert(1)"),
            ("title", "<script>alert(1)</script>"),
            ("contact_name", ""),
        ],
    )
    def test_bad_values_rejected_per_field(self, org_admin, field, value):
        user, org = org_admin
        with pytest.raises(tk.ValidationError) as err:
            create(user, org, name="bad-one", **{field: value})
        assert field in err.value.error_dict
        assert helpers.call_action("package_search", q="name:bad-one")["count"] == 0

    def test_uzbek_apostrophes_in_keywords(self, org_admin):
        user, org = org_admin
        pkg = create(user, org, name="apostrophes", tag_string="ta'lim, sog‘liq, Farg`ona, qal'a")
        assert sorted(t["name"] for t in pkg["tags"]) == sorted(
            ["taʼlim", "sogʻliq", "Fargʻona", "qalʼa"]
        )

    def test_links_stored_as_list(self, org_admin):
        user, org = org_admin
        pkg = create(
            user,
            org,
            name="links",
            external_links="https://stat.uz/ru/data\nhttp://uzedu.uz/schools",
        )
        assert pkg["external_links"] == ["https://stat.uz/ru/data", "http://uzedu.uz/schools"]

    def test_first_published_set_when_public_and_never_changes(self, org_admin):
        user, org = org_admin
        private = create(user, org, name="was-private", private=True)
        assert not private.get("first_published")
        public = helpers.call_action(
            "package_patch", context={"user": user["name"]}, id=private["id"], private=False
        )
        first = public["first_published"]
        assert first
        again = helpers.call_action(
            "package_patch", context={"user": user["name"]}, id=private["id"], private=True
        )
        again = helpers.call_action(
            "package_patch",
            context={"user": user["name"]},
            id=private["id"],
            private=False,
            first_published="2001-01-01",
        )
        assert again["first_published"] == first

    def test_data_last_changed_moves_with_resources_not_metadata(self, org_admin):
        user, org = org_admin
        pkg = create(user, org, name="data-change")
        first = pkg["data_last_changed"]
        patched = helpers.call_action(
            "package_patch", context={"user": user["name"]}, id=pkg["id"], notes="Boshqa tavsif"
        )
        assert patched["data_last_changed"] == first
        import time

        time.sleep(1.1)
        helpers.call_action(
            "resource_create",
            context={"user": user["name"]},
            package_id=pkg["id"],
            url="https://example.uz/data.csv",
            format="CSV",
        )
        shown = helpers.call_action("package_show", id=pkg["id"])
        assert shown["data_last_changed"] > first

    def test_formats_derived_from_resources(self, org_admin):
        from ckanext.egovuz.passport.helpers import dataset_formats

        user, org = org_admin
        pkg = create(user, org, name="formats")
        for fmt in ("CSV", "xlsx", "csv"):
            helpers.call_action(
                "resource_create",
                context={"user": user["name"]},
                package_id=pkg["id"],
                url=f"https://example.uz/d.{fmt}",
                format=fmt,
            )
        shown = helpers.call_action("package_show", id=pkg["id"])
        assert dataset_formats(shown) == ["CSV", "XLSX"]

    def test_spheres_become_groups(self, org_admin):
        user, org = org_admin
        factories.Group(name="talim", title="Ta'lim")
        factories.Group(name="sogliq", title="Sog'liqni saqlash")
        pkg = create(user, org, name="with-spheres", spheres=["talim"])
        shown = helpers.call_action("package_show", id=pkg["id"])
        assert [g["name"] for g in shown["groups"]] == ["talim"]
        helpers.call_action(
            "package_patch", context={"user": user["name"]}, id=pkg["id"], spheres=["sogliq"]
        )
        shown = helpers.call_action("package_show", id=pkg["id"])
        assert [g["name"] for g in shown["groups"]] == ["sogliq"]
        with pytest.raises(tk.ValidationError) as err:
            create(user, org, name="bad-sphere", spheres=["no-such-sphere"])
        assert "spheres" in err.value.error_dict

    def test_code_searchable(self, org_admin):
        user, org = org_admin
        pkgs = [create(user, org, name=f"set-{i}") for i in range(3)]
        code = pkgs[1]["dataset_code"]
        result = helpers.call_action("package_search", q=f"dataset_code:{code}")
        assert result["count"] == 1
        assert result["results"][0]["id"] == pkgs[1]["id"]


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestPassportRoles:
    def test_anonymous_and_plain_user_cannot_create(self, org_admin):
        _, org = org_admin
        stranger = factories.User()
        for ctx in ({"user": ""}, {"user": stranger["name"]}):
            with pytest.raises(tk.NotAuthorized):
                helpers.call_action(
                    "package_create",
                    context=dict(ctx, ignore_auth=False),
                    owner_org=org["id"],
                    name="x-" + (ctx["user"] or "anon"),
                    **passport(),
                )

    def test_editor_creates_sysadmin_too(self, org_admin):
        _, org = org_admin
        editor = factories.User()
        helpers.call_action(
            "organization_member_create", id=org["id"], username=editor["name"], role="editor"
        )
        pkg = create(editor, org, name="by-editor")
        assert pkg["dataset_code"]
        admin = factories.Sysadmin()
        pkg2 = create(admin, org, name="by-sysadmin")
        assert int(pkg2["dataset_code"]) > int(pkg["dataset_code"])

    def test_only_sysadmin_may_import_an_old_code(self, org_admin):
        user, org = org_admin
        with pytest.raises(tk.ValidationError):
            create(user, org, name="import-a", dataset_code="555")
        admin = factories.Sysadmin()
        pkg = create(admin, org, name="import-b", dataset_code="555")
        assert pkg["dataset_code"] == "555"
        with pytest.raises(tk.ValidationError):
            create(admin, org, name="import-c", dataset_code="555")


@pytest.mark.usefixtures("clean_datastore", "with_request_context")
def test_formats_row_shows_download_formats_and_original_files(app, org_admin):
    """The guide's "Formatlar" (xml, csv, json, xls, rdf): data in the DataStore can be
    taken in every export format; the uploaded files' own formats are shown beside."""
    user, org = org_admin
    ctx = {"user": user["name"]}
    tabular = create(user, org, name="jadvalli")
    res = helpers.call_action(
        "resource_create",
        context=ctx,
        package_id=tabular["id"],
        url="https://example.uz/d.xlsx",
        format="XLSX",
    )
    helpers.call_action(
        "resource_create",
        context=ctx,
        package_id=tabular["id"],
        url="https://example.uz/d.pdf",
        format="PDF",
    )
    helpers.call_action(
        "datastore_create",
        context=ctx,
        resource_id=res["id"],
        force=True,
        fields=[{"id": "soni", "type": "int"}],
        records=[{"soni": 1}],
    )
    only_files = create(user, org, name="faqat-fayl")
    helpers.call_action(
        "resource_create",
        context=ctx,
        package_id=only_files["id"],
        url="https://example.uz/d.pdf",
        format="pdf",
    )
    from ckanext.egovuz.passport.helpers import data_formats

    shown = helpers.call_action("package_show", id=tabular["id"])
    assert data_formats(shown) == {
        "download": ["CSV", "JSON", "XML", "XLSX", "RDF"],
        "files": ["XLSX", "PDF"],
    }
    assert data_formats(helpers.call_action("package_show", id=only_files["id"])) == {
        "download": [],
        "files": ["PDF"],
    }
    page = app.get("/uz/dataset/jadvalli").body
    row = page.split('class="egovuz-passport__formats"', 1)[1].split("</dd>", 1)[0]
    assert "CSV, JSON, XML, XLSX, RDF" in row and "XLSX, PDF" in row
    assert 'href="/uz/dataset/jadvalli/table"' in row or 'href="/dataset/jadvalli/table"' in row
    row = app.get("/uz/dataset/faqat-fayl").body.split('class="egovuz-passport__formats"', 1)[1]
    assert row.split("</dd>", 1)[0].strip().endswith("PDF")
