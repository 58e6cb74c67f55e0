"""Searches that find nothing become requests (issue 15): the empty search page offers the
proposal form prefilled with the query, the proposal keeps the query, and the operators'
list of searches that found nothing links each query to the proposals made from it."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest

from .conftest import ROLE_NAMES, act, auth_header

ValidationError = __import__("ckan.logic", fromlist=["ValidationError"]).ValidationError
NotAuthorized = __import__("ckan.logic", fromlist=["NotAuthorized"]).NotAuthorized

QUERY = "Toshkent  velosiped yoʻlaklari"  # two spaces and the ʻ letter, as typed
STORED = "toshkent velosiped yo'laklari"  # as the search log keeps it


def _proposal(roles, who, **kw):
    data = {
        "title": "Velosiped yo'laklari xaritasi",
        "description": "Toshkent bo'yicha",
        "sphere": roles.sphere["name"],
        "search_query": QUERY,
    }
    data.update(kw)
    return act("egovuz_proposal_create", who, **data)


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_proposal_keeps_the_query_per_role(roles, role):
    who = getattr(roles, role)
    if who is None:
        with pytest.raises(NotAuthorized):
            _proposal(roles, who)
        return
    p = _proposal(roles, who)
    assert p["search_query"] == STORED
    assert act("egovuz_proposal_show", who, id=p["id"])["search_query"] == STORED
    # the author and the operators find it by the query (it is not public before review)
    for reader in (who, roles.sysadmin):
        found = act("egovuz_proposal_list", reader, search_query=QUERY)["results"]
        assert [r["id"] for r in found] == [p["id"]]
    assert act("egovuz_proposal_list", roles.sysadmin, search_query="boshqa narsa")["count"] == 0
    if role not in ("sysadmin",):
        other = roles.user if who is not roles.user else roles.editor
        assert act("egovuz_proposal_list", other, search_query=QUERY)["count"] == 0


def test_without_a_query_nothing_is_stored(roles):
    p = act(
        "egovuz_proposal_create",
        roles.user,
        title="Oddiy taklif",
        description="Tavsif",
        sphere=roles.sphere["name"],
    )
    assert p["search_query"] is None


@pytest.mark.parametrize("bad", ["x" * 201, ["ro'yxat"], {"q": 1}])
def test_bad_query_is_a_field_error(roles, bad):
    with pytest.raises(ValidationError) as e:
        _proposal(roles, roles.user, search_query=bad)
    assert "search_query" in e.value.error_dict


def test_empty_search_page_offers_the_prefilled_form(app, roles):
    page = app.get("/uz/dataset/", query_string={"q": "<b>velosiped</b> yo'laklari"}).body
    assert "Ushbu maʼlumotlar toʻplamini taklif qilish" in page
    assert "<b>velosiped</b>" not in page  # the query is encoded on the page
    hrefs = re.findall(r'href="((?:/uz)?/proposals/new\?q=[^"]*)"', page)
    assert len(hrefs) == 1
    query = parse_qs(urlparse(html.unescape(hrefs[0])).query)["q"]
    assert query == ["<b>velosiped</b> yo'laklari"]
    # a search that finds something does not offer it
    found = app.get("/uz/dataset/", query_string={"q": roles.dataset["title"]}).body
    assert "Ushbu maʼlumotlar toʻplamini taklif qilish" not in found
    # the form, as the signed-in user opens it from there
    form = app.get(
        "/proposals/new", query_string={"q": QUERY}, headers=auth_header(roles.user)
    ).body
    assert f'value="{QUERY}"' in form  # the title prefilled with the query
    assert 'name="search_query"' in form


def test_operators_list_links_each_query_to_its_proposals(app, roles):
    # logged as a search that found nothing (once the page is sent: the server's close)
    app.get("/dataset/", query_string={"q": QUERY}).close()
    p = _proposal(roles, roles.user)
    act("egovuz_stats_refresh", roles.sysadmin)
    page = app.get("/statistics/search_empty", headers=auth_header(roles.sysadmin)).body
    assert STORED.replace("'", "&#39;") in page
    assert f'href="/proposals/{p["id"]}"' in page
    # a user does not see the operators' list
    assert app.get("/statistics/search_empty", headers=auth_header(roles.user)).status_code == 403


def test_form_from_search_posts_the_query(app, roles):
    headers = auth_header(roles.user)
    r = app.post(
        "/proposals/new",
        headers=headers,
        follow_redirects=False,
        data={
            "title": "Velosiped yo'laklari",
            "description": "Xarita",
            "sphere": "talim",
            "search_query": QUERY,
        },
    )
    assert r.status_code == 302
    pid = r.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert act("egovuz_proposal_show", roles.user, id=pid)["search_query"] == STORED
