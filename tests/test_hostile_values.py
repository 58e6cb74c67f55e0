"""Hostile values everywhere (issue 11): an organization editor stores, through the Action
API over HTTP, script tags, javascript:/data: URLs, quotes, angle brackets and braces,
100,000 characters, NUL bytes, a right-to-left override, SQL, Solr syntax, spreadsheet
formulas and cp1251 bytes in every passport field, resource field, content item, comment,
proposal, survey answer and feedback message; then every page and download that shows
them is opened (the dataset page and each tab in uz, uz_Cyrl, ru and en, search, home,
the catalogue in Turtle, RDF/XML and JSON-LD, sitemap.xml, statistics, monitoring, AI
data, proposals, each export format) by an anonymous visitor and by an operator.

Done when nothing answers 5xx, nothing executable comes back (no injected <script>, no
on* attribute, no javascript:/data: link in any HTML; no HTML where a file is expected)
and a refused write (409, never 500) leaves nothing half-written."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import passport


def _cp1251(text: str) -> str:
    """The bytes of `text` in cp1251 as they arrive when a client sends cp1251 and the
    server reads them one byte a character."""
    return text.encode("cp1251").decode("latin-1")


MARK = "EGVX"  # every hostile value carries it: where it is echoed, it can be found
VALUES = {
    "markup": f'{MARK}<script>alert("{MARK}1")</script>"><img src=x onerror=alert(2)>'
    f'<svg/onload=alert(3)><a href="javascript:alert(4)">x</a>',
    # quotes, angle brackets and braces (template syntax), an RTL override, SQL, Solr
    # syntax, cp1251 bytes read as Latin-1: text that breaks naive code, in one value
    "text": f"{MARK} ' \" ` < > {{ }} {{{{7*7}}}} ${{7*7}} {{% raw %}} &amp; &#x3c; "
    f"Hisobot\u202egpj.exe '; DROP TABLE package; -- title:* OR id:[* TO *] "
    f"{{!join from=id to=id}} \\ AND ( " + _cp1251("Тошкент шахри, № 5"),
    "formula": f'=HYPERLINK("http://evil.example/{MARK}","x")',
    "js_url": f"javascript:alert('{MARK}')",
    "data_url": f"data:text/html,<script>alert('{MARK}')</script>",
    "url_tricky": f'https://example.uz/{MARK}"b>{{c}}',
    "nul": f"{MARK} Toshkent\x00shahri",
    "long": MARK + "x" * 100_000,
}
URLISH = ("js_url", "data_url", "url_tricky")
LOCALES = ("uz", "uz_Cyrl", "ru", "en")

# The passport's fields and how a value goes in; (field, list?) pairs.
PASSPORT_FIELDS = [
    ("title", False),
    ("title_ru", False),
    ("title_en", False),
    ("notes", False),
    ("notes_ru", False),
    ("notes_en", False),
    ("contact_name", False),
    ("contact_phone", False),
    ("contact_email", False),
    ("external_links", True),
    ("tag_string", False),
    ("update_frequency", False),
    ("license_id", False),
    ("first_published", False),
    ("data_last_changed", False),
    ("spheres", True),
]
RESOURCE_FIELDS = ["name", "description", "format", "url"]


class Page(HTMLParser):
    """What in a page could run: script elements, on* attributes, javascript:/data:
    URLs in link-like attributes."""

    LINKS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad, self._script = [], None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            name, value = name.lower(), (value or "")
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}={value[:60]!r}>")
            if name in self.LINKS:
                v = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if v.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.bad.append(f"<{tag} {name}={value[:60]!r}>")
        if tag in ("iframe", "object", "embed", "base"):
            if any(MARK in (v or "") for _, v in attrs):
                self.bad.append(f"<{tag}> with a stored value")
        if tag == "script":
            kind = dict(attrs).get("type", "") or ""
            self._script = {"kind": kind.lower(), "body": "", "src": dict(attrs).get("src") or ""}
            if MARK in self._script["src"]:
                self.bad.append(f"<script src={self._script['src'][:60]!r}>")

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body, kind = self._script["body"], self._script["kind"]
            if kind in ("application/ld+json", "application/json"):
                # a data block: must stay one (no "</script" breaking out of it) and parse
                if "</" in body.lower() or "<script" in body.lower():
                    self.bad.append("a data block that breaks out of its <script>")
            elif MARK in body and "alert" in body:
                self.bad.append(f"<script>{body[:80]!r}")
            self._script = None


def executable(resp) -> list[str]:
    ctype = resp.headers.get("Content-Type", "")
    text = resp.get_data(as_text=True)
    if "html" not in ctype:
        return []
    page = Page()
    page.feed(text)
    page.close()
    return page.bad


# --- the writes ---------------------------------------------------------------------------
class Api:
    """The Action API over HTTP with a user's API token, as a client program uses it.
    Every call is recorded in `writes` as (action, fields, status)."""

    writes: list = []

    def __init__(self, app, user):
        self.app = app
        self.headers = {}
        if user:
            self.headers["Authorization"] = factories.APIToken(user=user["name"])["token"]

    def call(self, action, **data):
        resp = self.app.post(f"/api/3/action/{action}", json=data, headers=self.headers)
        kind = next(
            (k for k, v in VALUES.items() for x in data.values() if x == v or x == [v]), None
        )
        Api.writes.append((action, tuple(sorted(data)), kind, resp.status_code))
        if resp.status_code >= 500:
            return resp.status_code, None
        body = resp.json
        return resp.status_code, body.get("result") if body.get("success") else body.get("error")


def _value(kind, as_list):
    return [VALUES[kind]] if as_list else VALUES[kind]


def _attack_passport(api, ds, kind, log):
    """Every passport field in turn; a refused one leaves the stored dataset as it was."""
    for field, as_list in PASSPORT_FIELDS:
        before = helpers.call_action("package_show", id=ds["id"])
        status, _ = api.call("package_patch", id=ds["id"], **{field: _value(kind, as_list)})
        after = helpers.call_action("package_show", id=ds["id"])
        if status == 200:
            log["stored"].append(("package", field, kind))
            continue
        log["refused"].append(("package", field, kind, status))
        assert after.get(field) == before.get(field), (field, kind)
        assert after["metadata_modified"] == before["metadata_modified"], (field, kind)


def _attack_whole_dataset(api, org, name, kind, log):
    """A whole hostile dataset at once: refused whole, or stored."""
    status, _ = api.call(
        "package_create",
        **passport(
            name=f"{name}-whole",
            owner_org=org["id"],
            **{f: _value(kind, lst) for f, lst in PASSPORT_FIELDS},
        ),
    )
    if status != 200:
        log["refused"].append(("package", "*", kind, status))
        with pytest.raises(helpers.logic.NotFound):
            helpers.call_action("package_show", id=f"{name}-whole")


def _attack_resources(api, ds, kind, log):
    """A tabular resource (hostile fields, a DataStore table with hostile cells, a hostile
    column name tried) and a link resource with every field hostile."""
    status, res = api.call(
        "resource_create",
        package_id=ds["id"],
        format="CSV",
        url="https://example.uz/jadval.csv",
        name=f"jadval {kind}",
    )
    assert status == 200, res
    for field in RESOURCE_FIELDS[:-1]:  # the URL: see _attack_resource_url
        status, _ = api.call("resource_patch", id=res["id"], **{field: VALUES[kind]})
        if status == 200:
            log["stored"].append(("resource", field, kind))
        else:
            log["refused"].append(("resource", field, kind, status))
    helpers.call_action(
        "datastore_create",
        context={"user": "editor"},
        resource_id=res["id"],
        force=True,
        fields=[{"id": "nomi", "type": "text"}, {"id": "soni", "type": "int"}],
        records=[{"nomi": VALUES[kind].replace("\x00", ""), "soni": 1}],
    )
    status, _ = api.call(
        "datastore_create",
        resource_id=res["id"],
        force=True,
        fields=[{"id": VALUES[kind][:60], "type": "text"}],
    )
    if status != 200:
        log["refused"].append(("datastore", "column", kind, status))
    url = VALUES[kind] if kind in URLISH else "https://example.uz/hujjat.pdf"
    status, _ = api.call(
        "resource_create",
        package_id=ds["id"],
        url=url,
        format="PDF",
        name=VALUES[kind],
        description=VALUES[kind],
    )
    if status != 200:
        log["refused"].append(("resource", "*", kind, status))
        assert len(helpers.call_action("package_show", id=ds["id"])["resources"]) == 1, kind


def _attack_resource_url(api, org, kind, log):
    """The resource URL, on a dataset of its own: a stored value that is not a web address
    makes every later write of the dataset fail (secpub's scope), which must not hide the
    other findings."""
    status, ds = api.call(
        "package_create",
        **passport(
            name=f"hostile-url-{kind.replace('_', '-')}", owner_org=org["id"], title=f"URL {kind}"
        ),
    )
    assert status == 200, ds
    log["url_datasets"][kind] = ds
    status, res = api.call(
        "resource_create",
        package_id=ds["id"],
        format="CSV",
        url="https://example.uz/jadval.csv",
        name="jadval",
    )
    assert status == 200, res
    status, _ = api.call("resource_patch", id=res["id"], url=VALUES[kind])
    log["stored" if status == 200 else "refused"].append(
        ("resource", "url", kind) + (() if status == 200 else (status,))
    )


def _participate(roles, ds, org, kind, log):
    """A comment, a proposal (moved to voting), a survey answer, a feedback message."""
    from ckanext.egovuz.participation.logic.common import clear_rate_limits

    citizen, operator, anon = roles["citizen"], roles["operator"], roles["anon"]
    citizen.call("egovuz_comment_create", package_id=ds["id"], body=VALUES[kind])
    status, prop = citizen.call(
        "egovuz_proposal_create", title=VALUES[kind], description=VALUES[kind], sphere="talim"
    )
    if status != 200:
        status, prop = citizen.call(
            "egovuz_proposal_create",
            title=f"Taklif {kind}",
            description=VALUES[kind],
            sphere="talim",
        )
    if status == 200:
        log["proposals"].append(prop["id"])
        operator.call(
            "egovuz_proposal_transition", id=prop["id"], state="in_review", comment=VALUES[kind]
        )
        operator.call(
            "egovuz_proposal_transition", id=prop["id"], state="voting", organization=org["name"]
        )
    anon.call(
        "egovuz_survey_answer_create",
        found_site="other",
        found_site_other=VALUES[kind],
        found_info="other",
        found_info_other=VALUES[kind],
        purpose="other",
        purpose_other=VALUES[kind],
    )
    anon.call(
        "egovuz_feedback_create",
        full_name=VALUES[kind],
        message=VALUES[kind],
        email="visitor@example.uz",
    )
    clear_rate_limits()


def _publish_content(operator, kind, log):
    """News, a law, a glossary term and the About page (operators write content)."""
    for action, data in (
        (
            "egovuz_news_create",
            {"title": VALUES[kind], "body": VALUES[kind], "image_url": VALUES[kind]},
        ),
        (
            "egovuz_law_create",
            {
                "title": VALUES[kind],
                "number": VALUES[kind],
                "issuer": VALUES[kind],
                "url": VALUES[kind],
                "published": "2024-01-01",
            },
        ),
        ("egovuz_glossary_create", {"title": VALUES[kind], "body": VALUES[kind]}),
    ):
        status, item = operator.call(action, **data)
        if status != 200:  # then the text fields alone, with a plain title
            log["refused"].append((action, "*", kind, status))
            safe = {k: v for k, v in data.items() if k in ("body", "issuer", "published")}
            status, item = operator.call(action, title=f"Sarlavha {kind}", **safe)
        if status == 200:
            log["content"].append((action, item.get("name") or item.get("id")))
    operator.call("egovuz_page_update", name="about", title=f"Portal {kind}", body=VALUES[kind])


@pytest.fixture(scope="module")
def world():
    from ckan.tests.helpers import _get_test_app
    from ckanext.egovuz.participation.logic.common import clear_rate_limits
    from ckanext.egovuz.tests.pytest_plugin import fresh_databases

    fresh_databases()
    clear_rate_limits()
    app = _get_test_app()
    operator = factories.Sysadmin(name="operator")
    editor = factories.User(name="editor")
    citizen = factories.User(name="citizen")
    org = factories.Organization(
        name="hostile-org", users=[{"name": "editor", "capacity": "editor"}]
    )
    factories.Group(name="talim", title="Ta'lim")
    as_editor = Api(app, editor)
    roles = {"operator": Api(app, operator), "citizen": Api(app, citizen), "anon": Api(app, None)}
    log = {
        "refused": [],
        "stored": [],
        "datasets": {},
        "url_datasets": {},
        "proposals": [],
        "content": [],
    }
    Api.writes = []
    for kind in VALUES:
        name = f"hostile-{kind.replace('_', '-')}"
        status, ds = as_editor.call(
            "package_create", **passport(name=name, owner_org=org["id"], title=f"Hostile {kind}")
        )
        assert status == 200, ds
        log["datasets"][kind] = ds
        _attack_passport(as_editor, ds, kind, log)
        _attack_whole_dataset(as_editor, org, name, kind, log)
        _attack_resources(as_editor, ds, kind, log)
        _attack_resource_url(as_editor, org, kind, log)
        _participate(roles, ds, org, kind, log)
        _publish_content(roles["operator"], kind, log)
        # searches typed by visitors (the search log, statistics: written when the
        # response is closed, as a server does once the page is sent)
        app.get("/dataset/", query_string={"q": VALUES[kind][:500]}).close()
    # bytes that are not UTF-8 at all (cp1251 sent as is): refused, never 500
    raw = json.dumps({"id": log["datasets"]["text"]["id"], "title": "PLACEHOLDER"}).encode()
    raw = raw.replace(b"PLACEHOLDER", "Тошкент".encode("cp1251"))
    resp = app.post(
        "/api/3/action/package_patch",
        data=raw,
        headers=dict(as_editor.headers, **{"Content-Type": "application/json"}),
    )
    assert resp.status_code in (400, 409), resp.status_code
    return {
        "app": app,
        "log": log,
        "operator": roles["operator"],
        "org": org,
        "writes": list(Api.writes),
    }


def _server_errors(world, kinds):
    return [w for w in world["writes"] if w[3] >= 500 and w[2] in kinds]


def test_no_write_is_a_server_error(world):
    """Writes are stored (200) or refused with a message (4xx), never 500."""
    assert _server_errors(world, set(VALUES) - {"long"}) == []


def test_long_values_are_refused_not_a_server_error(world):
    assert _server_errors(world, {"long"}) == []


def test_resource_url_takes_only_web_addresses(world):
    """javascript:, data:, text and markup are refused as resource URLs (the https URL
    with a quote and braces: see test_external_links_refuse_a_quote_and_braces)."""
    stored = [
        k
        for (what, field, *rest) in world["log"]["stored"]
        for k in [rest[0]]
        if what == "resource" and field == "url"
    ]
    assert set(stored) <= {"url_tricky"}, stored
    refused = {
        k
        for (what, field, k, *_) in world["log"]["refused"]
        if (what, field) == ("resource", "url")
    }
    assert {"js_url", "data_url", "markup", "text"} <= refused


def test_writes_refused_cleanly(world):
    """Every refused write answered 4xx and left nothing (checked as it happened); the
    markup stays text in the fields that allow text (notes, descriptions, comments)."""
    log = world["log"]
    assert ("package", "notes", "markup") in log["stored"]
    assert ("package", "contact_email", "markup") not in log["stored"]
    assert log["refused"], "nothing was refused: the attack did not reach the validators"
    # a URL field never takes a javascript: or data: URL
    for kind in ("js_url", "data_url"):
        assert ("package", "external_links", kind) not in log["stored"], kind


def test_external_links_refuse_a_quote_and_braces(world):
    assert ("package", "external_links", "url_tricky") not in world["log"]["stored"]
    assert ("resource", "url", "url_tricky") not in world["log"]["stored"]


# --- the reads -------------------------------------------------------------------------
def _dataset_paths(name):
    return [
        f"/dataset/{name}",
        f"/dataset/{name}/table",
        f"/dataset/{name}/structure",
        f"/dataset/{name}/api",
        f"/dataset/{name}/versions",
    ]


def _global_paths(world):
    paths = [
        "/",
        "/dataset/",
        "/organization/hostile-org",
        "/group/talim",
        "/proposals",
        "/news",
        "/legislation",
        "/glossary",
        "/pages/about",
        "/sitemap",
        "/monitoring/",
        "/monitoring/updated",
        "/monitoring/outdated",
        "/statistics/",
        "/ai-data/",
        "/faq",
        "/survey/results",
    ]
    paths += [f"/proposals/{pid}" for pid in world["log"]["proposals"]]
    paths += [f"/dataset/?q={VALUES[k][:200]}" for k in ("markup", "text", "formula")]
    return paths


def _crawl_more(app, html, seen) -> list[str]:
    """Same-site links of a page under the sections that show stored values."""
    out = []
    for href in re.findall(r'href="([^"#]+)"', html):
        parts = urlsplit(href)
        if parts.netloc and parts.netloc not in ("test.ckan.net", "127.0.0.1:5999"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if (
            re.match(r"^/(statistics|monitoring|ai-data|news|legislation|glossary)/", parts.path)
            and path not in seen
            and len(out) < 40
        ):
            seen.add(path)
            out.append(path)
    return out


def _check(app, path, headers=None) -> list[str]:
    resp = app.get(path, headers=headers or {})
    problems = []
    if resp.status_code >= 500:
        problems.append(f"{path}: HTTP {resp.status_code}")
    bad = executable(resp)
    if bad:
        problems.append(f"{path}: {bad[:3]}")
    return problems


@pytest.mark.parametrize("locale", LOCALES)
def test_dataset_pages_in_every_language(world, locale):
    """Every hostile dataset's page and tabs in Uzbek (the portal's language); the markup
    and text ones in every language (a translation can break a page)."""
    app = world["app"]
    prefix = "" if locale == "en" else f"/{locale}"
    kinds = list(VALUES) if locale == "uz" else ["markup", "text"]
    problems = []
    for kind in kinds:
        for path in _dataset_paths(world["log"]["datasets"][kind]["name"]):
            problems += _check(app, prefix + path)
    assert problems == []


def test_pages_of_datasets_with_a_hostile_resource_url(world):
    app = world["app"]
    problems = []
    for kind, ds in world["log"]["url_datasets"].items():
        for path in _dataset_paths(ds["name"]):
            problems += _check(app, "/uz" + path)
    assert problems == []


@pytest.mark.parametrize("who", ["anonymous", "operator"])
def test_shared_pages(world, who):
    app = world["app"]
    headers = world["operator"].headers if who == "operator" else {}
    problems, seen = [], set()
    for path in _global_paths(world):
        problems += _check(app, path, headers)
        if path.rstrip("/") in (
            "/statistics",
            "/monitoring",
            "/ai-data",
            "/news",
            "/legislation",
            "/glossary",
        ):
            html = app.get(path, headers=headers).get_data(as_text=True)
            for more in _crawl_more(app, html, seen):
                problems += _check(app, more, headers)
    assert problems == []


def test_content_item_pages(world):
    app = world["app"]
    problems = []
    urls = {
        "egovuz_news_create": "/news/",
        "egovuz_law_create": "/legislation/",
        "egovuz_glossary_create": "/glossary/",
    }
    for action, name in world["log"]["content"]:
        problems += _check(app, urls[action] + str(name))
    assert problems == []


@pytest.mark.parametrize(
    "path", ["/catalog.ttl", "/catalog.rdf", "/catalog.jsonld", "/sitemap.xml"]
)
def test_catalogue_and_sitemap(world, path):
    resp = world["app"].get(path)
    assert resp.status_code == 200, (path, resp.status_code, resp.get_data(as_text=True)[:300])
    assert "html" not in resp.headers["Content-Type"]


def test_dataset_metadata_downloads(world):
    app = world["app"]
    problems = []
    for kind, ds in world["log"]["datasets"].items():
        for ext in ("ttl", "rdf", "jsonld"):
            resp = app.get(f"/dataset/{ds['name']}.{ext}")
            if resp.status_code != 200 or "html" in resp.headers.get("Content-Type", ""):
                problems.append((kind, ext, resp.status_code))
    assert problems == []


def test_every_export_format(world):
    app = world["app"]
    problems = []
    for kind, ds in world["log"]["datasets"].items():
        pkg = helpers.call_action("package_show", id=ds["id"])
        tables = [r for r in pkg["resources"] if r.get("datastore_active")]
        assert tables, kind
        rid = tables[0]["id"]
        for fmt in ("csv", "json", "xml", "xlsx", "ttl", "rdf"):
            resp = app.get(
                f"/dataset/{ds['name']}/table/download",
                query_string={"format": fmt, "resource_id": rid},
            )
            if resp.status_code != 200 or "html" in resp.headers.get("Content-Type", ""):
                problems.append((kind, fmt, resp.status_code))
            if fmt == "csv":
                text = resp.get_data(as_text=True)
                for line in text.splitlines()[1:]:
                    # a formula must not start a cell (it is prefixed or quoted)
                    assert not line.startswith(("=", "+", "-", "@")), (kind, line[:80])
        for fmt in ("json", "csv"):
            resp = app.get(
                f"/dataset/{ds['name']}/structure/download",
                query_string={"format": fmt, "resource_id": rid},
            )
            if resp.status_code != 200:
                problems.append((kind, "structure." + fmt, resp.status_code))
    assert problems == []


@pytest.mark.parametrize("path", ["/statistics/search_queries.csv", "/survey/results.csv"])
def test_operator_csv_downloads(world, path):
    resp = world["app"].get(path, headers=world["operator"].headers)
    assert resp.status_code < 500, (path, resp.status_code)
    if resp.status_code == 200:
        for line in resp.get_data(as_text=True).splitlines():
            assert not line.startswith(("=", "+", "@")), line[:80]
