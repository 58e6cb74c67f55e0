"""Ratings (S-PASS-9): 1-5 per user per dataset, changeable; average and count in the
passport and in search results (from the Solr index); datasets sortable by rating."""

from __future__ import annotations

import pytest
from ckan.logic import NotAuthorized, ValidationError
from ckan.tests import helpers

from ckanext.egovuz.testing import Dataset

from .conftest import ROLE_NAMES, act, auth_header


class TestRatingApi:
    def test_roles_and_changing(self, roles):
        ds = Dataset(owner_org=roles.org["id"])
        with pytest.raises(NotAuthorized):
            act("egovuz_rating_create", None, package_id=ds["id"], rating=5)
        for value, role in zip((5, 4, 3, 2), ROLE_NAMES[1:]):
            act("egovuz_rating_create", getattr(roles, role), package_id=ds["name"], rating=value)
        shown = act("egovuz_rating_show", None, package_id=ds["id"])
        assert shown == {"average": 3.5, "count": 4, "package_id": ds["id"], "rating": None}
        # changing one's rating keeps one rating per user
        result = act("egovuz_rating_create", roles.user, package_id=ds["id"], rating="1")
        assert (result["average"], result["count"], result["rating"]) == (2.5, 4, 1)
        assert act("egovuz_rating_show", roles.user, package_id=ds["id"])["rating"] == 1
        act("egovuz_rating_delete", roles.user, package_id=ds["id"])
        assert act("egovuz_rating_show", None, package_id=ds["id"])["count"] == 3

    def test_private_dataset_only_for_its_organization(self, roles):
        ds = Dataset(owner_org=roles.org["id"], private=True)
        for role in ("anonymous", "user"):
            with pytest.raises(NotAuthorized):
                act("egovuz_rating_create", getattr(roles, role), package_id=ds["id"], rating=3)
            with pytest.raises(NotAuthorized):
                act("egovuz_rating_show", getattr(roles, role), package_id=ds["id"])
        for role in ("editor", "admin", "sysadmin"):
            act("egovuz_rating_create", getattr(roles, role), package_id=ds["id"], rating=3)

    def test_bad_values(self, roles):
        ds = Dataset(owner_org=roles.org["id"])
        for bad in (
            0,
            6,
            -1,
            "abc",
            3.5,
            "3.5",
            True,
            "",
            None,
            [5],
            "5; DROP TABLE egovuz_rating",
            10**20,
        ):
            with pytest.raises(ValidationError) as e:
                act("egovuz_rating_create", roles.user, package_id=ds["id"], rating=bad)
            assert "rating" in e.value.error_dict, bad
        with pytest.raises(ValidationError) as e:
            act("egovuz_rating_create", roles.user, package_id="no-such-dataset", rating=3)
        assert "package_id" in e.value.error_dict
        assert act("egovuz_rating_show", None, package_id=ds["id"])["count"] == 0

    def test_indexed_and_sortable(self, roles):
        a = Dataset(owner_org=roles.org["id"], name="reyting-a")
        b = Dataset(owner_org=roles.org["id"], name="reyting-b")
        c = Dataset(owner_org=roles.org["id"], name="reyting-c")
        act("egovuz_rating_create", roles.user, package_id=a["id"], rating=2)
        act("egovuz_rating_create", roles.user, package_id=b["id"], rating=5)
        act("egovuz_rating_create", roles.editor, package_id=b["id"], rating=4)
        found = helpers.call_action(
            "package_search", q="name:reyting-*", sort="rating_avg desc, rating_count desc"
        )
        assert [r["name"] for r in found["results"]] == ["reyting-b", "reyting-a", "reyting-c"]
        assert [(r["rating_average"], r["rating_count"]) for r in found["results"]] == [
            (4.5, 2),
            (2.0, 1),
            (None, 0),
        ]
        # the index holds the numbers: a range query on them
        assert [
            r["name"]
            for r in helpers.call_action(
                "package_search", q="name:reyting-*", fq="rating_avg:[4 TO *]"
            )["results"]
        ] == ["reyting-b"]
        assert c["name"] in [
            r["name"]
            for r in helpers.call_action("package_search", q="name:reyting-*", fq="rating_count:0")[
                "results"
            ]
        ]


class TestRatingPages:
    def test_passport_search_and_form(self, app, roles):
        ds = Dataset(owner_org=roles.org["id"], name="reyting-sahifa")
        anon = app.get(f"/dataset/{ds['name']}").body
        card = anon[anon.index('id="dataset-rating"') :]
        card = card[: card.index("</dd>")]
        assert 'class="egovuz-rating__none">Not rated yet<' in card
        assert 'class="egovuz-rating__login"' in card and "Log in to rate" in card
        assert "egovuz-rating__form" not in card
        headers = auth_header(roles.user)
        page = app.get(f"/dataset/{ds['name']}", headers=headers).body
        assert 'name="rating" value="5"' in page and "_csrf_token" in page
        r = app.post(
            f"/dataset/{ds['name']}/rating",
            headers=headers,
            data={"rating": "4"},
            follow_redirects=False,
        )
        assert r.status_code == 302
        r = app.post(
            f"/dataset/{ds['name']}/rating", headers=auth_header(roles.editor), data={"rating": "5"}
        )
        r = app.post(f"/dataset/{ds['name']}/rating", headers=headers, data={"rating": "9"})
        assert r.status_code == 200 and "whole number from 1 to 5" in r.body
        page = app.get(f"/dataset/{ds['name']}").body
        assert 'egovuz-rating__average">4.5<' in page
        search = app.get("/dataset/?q=name:reyting-sahifa").body
        assert "4.5" in search and "egovuz-rating" in search
        assert 'value="rating_avg desc, rating_count desc"' in search
        sorted_page = app.get("/dataset/?sort=rating_avg+desc%2C+rating_count+desc")
        assert sorted_page.status_code == 200
        # anonymous: refused by the CSRF rule for anonymous posts; nothing stored
        r = app.post(f"/dataset/{ds['name']}/rating", data={"rating": "1"}, follow_redirects=False)
        assert r.status_code == 400
        assert act("egovuz_rating_show", None, package_id=ds["id"])["count"] == 2
