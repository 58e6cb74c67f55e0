"""Security headers on every answer (issue 11, item 10) and pages that respect the
Content-Security-Policy: no inline script except CKAN's resource-view data scripts, which
carry the request's nonce; no inline event handlers."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import tabular_dataset

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


class Scripts(HTMLParser):
    """Every <script> (attributes, body) and every on* attribute of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [(tag, k) for k in attrs if k.lower().startswith("on")]
        if tag == "script":
            self._open = {"attrs": attrs, "body": ""}
            self.scripts.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["body"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


def csp_of(resp) -> dict:
    csp = resp.headers.get("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy on {resp.request.path}"
    out = {}
    for part in csp.split(";"):
        name, _, value = part.strip().partition(" ")
        out[name] = value.split()
    return out


def assert_headers(resp, frame="DENY"):
    for name, value in dict(EXPECTED, **{"X-Frame-Options": frame}).items():
        assert resp.headers.get(name) == value, (resp.request.path, name, resp.headers.get(name))
    csp = csp_of(resp)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == (["'none'"] if frame == "DENY" else ["'self'"])
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    assert "Strict-Transport-Security" not in resp.headers  # off unless declared (plain HTTP here)
    return csp


def assert_no_inline_script(resp):
    """Every script is a file of the portal's own origin, a data block (JSON-LD), or
    carries this answer's nonce; no element has an inline event handler."""
    csp = csp_of(resp)
    nonces = {v[len("'nonce-") : -1] for v in csp["script-src"] if v.startswith("'nonce-")}
    page = Scripts()
    page.feed(resp.get_data(as_text=True))
    assert not page.handlers, (resp.request.path, page.handlers)
    for s in page.scripts:
        src, kind = s["attrs"].get("src"), (s["attrs"].get("type") or "").lower()
        if src:
            assert src.startswith("/") and not src.startswith("//"), src  # the portal's own
        elif kind in ("application/ld+json", "application/json"):
            continue
        else:
            assert s["attrs"].get("nonce") in nonces, (resp.request.path, s["body"][:200])
    return page


@pytest.fixture(scope="module")
def site():
    from ckanext.egovuz.tests.pytest_plugin import fresh_databases

    fresh_databases()
    admin = factories.Sysadmin()
    ds, res = tabular_dataset(
        admin,
        name="maktablar",
        resource={"name": "jadval"},
        fields=[{"id": "viloyat", "type": "text"}],
        records=[{"viloyat": "Farg'ona"}],
    )
    return {"admin": admin, "dataset": ds, "resource": res}


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/uz/",
        "/ru/dataset/",
        "/dataset/maktablar",
        "/organization/",
        "/user/login",
        "/api/3/action/package_search",
        "/api/3/action/package_show?id=maktablar",
        "/api/3/action/package_show?id=no-such-dataset",
        "/no/such/page",
        "/catalog.ttl",
        "/dataset/maktablar.rdf",
        "/sitemap.xml",
        "/egovuz_content/a11y-early.js",
        "/base/images/ckan-logo.png",
    ],
)
def test_every_answer_carries_the_headers(app, site, path):
    resp = app.get(path)
    assert resp.status_code < 500
    assert_headers(resp)


def test_downloads_carry_the_headers(app, site):
    """A table export (datatabs) and a version download answer files with the headers."""
    rid = site["resource"]["id"]
    for path in (f"/dataset/maktablar/resource/{rid}/export.csv", f"/datastore/dump/{rid}"):
        resp = app.get(path)
        if resp.status_code == 404:
            continue
        assert resp.status_code == 200, (path, resp.status_code)
        assert_headers(resp)
        assert "Farg" in resp.get_data(as_text=True)


def test_hsts_only_when_declared(make_app, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.hsts_max_age", 31536000)
    resp = make_app().get("/api/3/action/status_show")
    assert resp.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(
    "path",
    ["/", "/dataset/", "/dataset/maktablar", "/uz_Cyrl/", "/proposals", "/news", "/user/login"],
)
def test_pages_have_no_inline_script(app, site, path):
    resp = app.get(path)
    assert resp.status_code == 200, path
    page = assert_no_inline_script(resp)
    assert page.scripts, "the page loads no script at all"


def test_resource_views_frame_only_from_the_portal(app, site):
    """CKAN embeds resource views (DataTables preview) in an iframe of the resource page:
    those may be framed by the portal itself; their inline data script carries the nonce
    and the Refit button has no inline handler."""
    view = helpers.call_action(
        "resource_view_create",
        context={"user": site["admin"]["name"]},
        resource_id=site["resource"]["id"],
        view_type="datatables_view",
        title="Jadval",
    )
    resp = app.get(f"/dataset/maktablar/resource/{site['resource']['id']}/view/{view['id']}")
    assert resp.status_code == 200
    assert_headers(resp, frame="SAMEORIGIN")
    page = assert_no_inline_script(resp)
    inline = [s for s in page.scripts if not s["attrs"].get("src")]
    assert inline and "gdataDict" in inline[0]["body"]
    assert "data-egovuz-refit" in resp.get_data(as_text=True)
    # the resource page itself is not frameable
    assert_headers(app.get(f"/dataset/maktablar/resource/{site['resource']['id']}"))


def test_resource_form_upload_buttons_have_no_inline_handlers(app, site):
    env = {
        "Authorization": helpers.call_action(
            "api_token_create",
            context={"user": site["admin"]["name"]},
            user=site["admin"]["name"],
            name="t",
        )["token"]
    }
    resp = app.get("/dataset/maktablar/resource/new", headers=env)
    assert resp.status_code == 200
    assert_no_inline_script(resp)
    body = resp.get_data(as_text=True)
    actions = ["link", "remove-link"]
    if 'id="resource-upload-button"' in body:  # uploads enabled (ckan.storage_path)
        actions += ["upload", "remove-upload"]
    for action in actions:
        assert f'data-egovuz-upload="{action}"' in body, action
    assert "onclick" not in body
