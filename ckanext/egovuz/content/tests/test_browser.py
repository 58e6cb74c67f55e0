"""Browser checks in `make test`: a live test site (gunicorn on a free port, test.ini,
data created here), then headless Chromium (Debian's package, driven by playwright-core
from npm) runs axe-core on the main pages in normal and low-vision mode and walks the
journeys (tests/browser/run.mjs). Zero serious or critical axe violations allowed."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import time

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import Dataset, datastore_resource

ROOT = pathlib.Path(__file__).resolve().parents[4]
RUNNER = pathlib.Path(__file__).parent / "browser" / "run.mjs"
CHROMIUM = os.environ.get("EGOVUZ_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def site(clean_db, clean_index, live_server):
    """Data on the test site, served over HTTP by the shared `live_server` fixture."""
    for need, how in (
        (shutil.which("node"), "node (Debian package nodejs)"),
        (os.path.exists(CHROMIUM), f"{CHROMIUM} (apt-get install chromium)"),
        ((ROOT / "node_modules" / "playwright-core").exists(), "node_modules (npm ci)"),
    ):
        assert need, f"browser tests need {how}; scripts/setup.sh installs it"
    operator = factories.Sysadmin(name="operator", password="Operator12345!")
    org = factories.Organization(name="xtv", title="Xalq ta'limi vazirligi")
    factories.Group(name="talim", title="Ta'lim")
    ds = Dataset(
        owner_org=org["id"],
        name="toshkent-maktablari",
        title="Toshkent shahridagi maktablar",
        title_ru="Школы города Ташкента",
    )
    ctx = {"user": operator["name"]}
    news = tk.get_action("egovuz_news_create")(
        ctx, {"title": "Portal ishga tushdi", "body": "Xush kelibsiz!"}
    )
    tk.get_action("egovuz_law_create")(
        ctx,
        {
            "title": "Ochiq ma'lumotlar to'g'risida qaror",
            "number": "PQ-1",
            "published": "2021-01-01",
            "url": "https://lex.uz/docs/1",
        },
    )
    tk.get_action("egovuz_glossary_create")(
        ctx, {"title": "Ochiq ma'lumotlar", "body": "Erkin ma'lumotlar"}
    )
    tk.get_action("egovuz_page_update")(
        ctx, {"name": "about", "title": "Portal haqida", "body": "Portal haqida matn"}
    )
    # a public dataset with a DataStore table (Table and Web service tabs), a citizen
    factories.User(name="fuqaro", password="Fuqaro12345!", email="fuqaro@example.uz")
    # an organization's editor (the dataset and resource forms at a phone's width)
    factories.User(name="muharrir", password="Muharrir12345!", email="muharrir@example.uz")
    helpers.call_action(
        "organization_member_create",
        context=dict(ctx),
        id=org["id"],
        username="muharrir",
        role="editor",
    )
    table_ds = Dataset(owner_org=org["id"], name="tuman-aholisi", title="Tumanlar aholisi")
    res = datastore_resource(
        ctx["user"],
        table_ds["id"],
        [{"id": "tuman", "type": "text"}, {"id": "aholi", "type": "int"}],
        [
            {"tuman": "Chilonzor", "aholi": 250000},
            {"tuman": "Yunusobod", "aholi": 340000},
            {"tuman": "Olmazor", "aholi": 190000},
        ],
        name="aholi",
        url="http://example.com/aholi.csv",
    )
    # the resource page embeds CKAN's DataTables view in an iframe (its inline script and
    # Refit button under the Content-Security-Policy)
    helpers.call_action(
        "resource_view_create",
        context=dict(ctx),
        resource_id=res["id"],
        view_type="datatables_view",
        title="Jadval",
    )
    from ckanext.egovuz.participation.logic.common import clear_rate_limits

    clear_rate_limits()  # the survey and proposals count per visitor in Redis

    return {
        "base": live_server,
        "dataset": ds,
        "table_dataset": table_ds,
        "resource": res,
        "org": org,
        "news": news,
        "operator": operator,
    }


def test_axe_and_journeys(site, capsys):
    ds = site["dataset"]
    pages = [
        "/",
        "/dataset/",
        f"/dataset/{ds['name']}",
        "/organization/",
        f"/organization/{site['org']['name']}",
        "/group/",
        "/group/talim",
        "/news",
        f"/news/{site['news']['name']}",
        "/legislation",
        "/glossary",
        "/pages/about",
        "/sitemap",
        "/user/login",
        "/ru/",
        "/uz_Cyrl/dataset/",
    ]
    table = site["table_dataset"]["name"]
    # at a phone's width: every page a visitor or publisher can reach
    phone_pages = pages + [
        f"/dataset/{table}",
        f"/dataset/{table}/structure",
        f"/dataset/{table}/table",
        f"/dataset/{table}/api",
        f"/dataset/{table}/versions",
        "/statistics/",
        "/statistics/top_stars",
        "/monitoring/",
        "/monitoring/outdated",
        "/ai-data/",
        "/proposals",
        "/faq",
        "/feedback",
        "/guides",
        "/survey",
    ]
    cfg = {
        "pages": pages,
        "phone_pages": phone_pages,
        "dataset": {"name": ds["name"], "code": ds["dataset_code"], "title": ds["title"]},
        "sysadmin": {"name": "operator", "password": "Operator12345!"},
        "news": {
            "title": "Brauzerdan yangilik",
            "title_ru": "Новость из браузера",
            "title_cyrl": "Браузердан янгилик",
        },
        "law": {"title": "Raqamli hukumat to'g'risida qonun", "number": "O'RQ-999"},
        "term": {"title": "Metama'lumotlar", "body": "Ma'lumotlar haqidagi ma'lumotlar"},
        "table": {
            "name": site["table_dataset"]["name"],
            "records": ["Chilonzor", "Yunusobod", "Olmazor"],
            "resource_page": (
                f"/dataset/{site['table_dataset']['name']}/resource/{site['resource']['id']}"
            ),
        },
        "user": {"name": "fuqaro", "password": "Fuqaro12345!"},
        "editor": {"name": "muharrir", "password": "Muharrir12345!"},
        "editor_pages": [
            f"/dataset/new?owner_org={site['org']['id']}",
            f"/dataset/{ds['name']}/resource/new",
            f"/dataset/edit/{ds['name']}",
        ],
        "proposal": {
            "title": "Maktablardagi o'quvchilar soni",
            "sphere": "talim",
            "description": "Har bir maktab bo'yicha o'quvchilar soni yillar kesimida.",
        },
    }
    started = time.time()
    run = subprocess.run(
        ["node", str(RUNNER), site["base"], json.dumps(cfg)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    report = json.loads(run.stdout)
    bad = []
    lines = [
        f"\nbrowser checks: {len(report['axe'])} page views with axe-core "
        f"({report['axe_ms'] / 1000:.1f} s), journeys, total {time.time() - started:.1f} s"
    ]
    for entry in report["axe"]:
        serious = [v for v in entry["violations"] if v["impact"] in ("serious", "critical")]
        others = [v for v in entry["violations"] if v not in serious]
        lines.append(
            f"  axe {entry['mode']:10s} {entry['path']:32s} HTTP {entry['status']} "
            f"serious/critical {len(serious)}, moderate/minor {len(others)}"
            + (f" ({', '.join(sorted({v['id'] for v in others}))})" if others else "")
        )
        if entry["status"] != 200:
            bad.append(f"{entry['path']} answered {entry['status']}")
        for v in serious:
            bad.append(
                f"[{entry['mode']}] {entry['path']}: {v['id']} ({v['impact']}) {v['help']}: "
                f"{v['nodes']}"
            )
        if entry["mode"] == "low-vision":
            assert "egovuz-a11y-contrast" in entry["htmlClass"], "low-vision mode was not applied"
    for j in report["journeys"]:
        lines.append(
            f"  journey {'ok  ' if j['ok'] else 'FAIL'} {j['name']}"
            + (f" ({j['ms'] / 1000:.1f} s)" if j["ok"] else f": {j['error']} at {j.get('url')}")
        )
        if not j["ok"]:
            bad.append(f"journey {j['name']}: {j['error']}")
    lines.append(f"  Content-Security-Policy violations: {len(report['csp'])}")
    for v in report["csp"]:
        lines.append(f"    {v['url']}: {v['text']}")
        bad.append(f"CSP violation at {v['url']}: {v['text']}")
    with capsys.disabled():
        print("\n".join(lines))
    assert not bad, "\n".join(bad)
