"""Content actions (news, legislation, glossary, pages) per role, their validation and
their pages."""

from __future__ import annotations

import io
import re

import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers
from ckanext.egovuz.tests.helpers import make_roles

pytestmark = pytest.mark.usefixtures("clean_db")

KINDS = ("news", "law", "glossary", "guide")
VALID = {
    "news": {
        "title": "Portal yangilandi",
        "title_ru": "Портал обновлён",
        "body": "**Yangi** imkoniyatlar",
    },
    "law": {
        "title": "Ochiq ma'lumotlar to'g'risida qaror",
        "number": "PQ-4567",
        "published": "2021-05-12",
        "issuer": "O'zbekiston Respublikasi Prezidenti",
        "url": "https://lex.uz/docs/5000000",
    },
    "glossary": {
        "title": "Ochiq ma'lumotlar",
        "title_ru": "Открытые данные",
        "body": "Erkin foydalanish mumkin bo'lgan ma'lumotlar",
    },
    "guide": {
        "title": "Tashkilotlar uchun yo'riqnoma",
        "title_ru": "Инструкция для организаций",
        "body": "Ma'lumotlarni joylashtirish tartibi",
        "url": "https://data.egov.uz/guide.pdf",
    },
}


@pytest.fixture
def people():
    return make_roles()


def call(action, user, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


@pytest.mark.parametrize("kind", KINDS)
def test_only_operators_write(people, kind):
    item = call(f"egovuz_{kind}_create", people["sysadmin"], **VALID[kind])
    for role in ("anonymous", "user", "editor", "admin"):
        with pytest.raises(tk.NotAuthorized):
            call(f"egovuz_{kind}_create", people[role], **VALID[kind])
        with pytest.raises(tk.NotAuthorized):
            call(f"egovuz_{kind}_update", people[role], id=item["id"], title="X")
        with pytest.raises(tk.NotAuthorized):
            call(f"egovuz_{kind}_delete", people[role], id=item["id"])
        # everyone reads
        assert (
            call(f"egovuz_{kind}_show", people[role], id=item["name"])["title"]
            == VALID[kind]["title"]
        )
        assert call(f"egovuz_{kind}_list", people[role])["count"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_sysadmin_create_update_delete(people, kind):
    admin = people["sysadmin"]
    item = call(f"egovuz_{kind}_create", admin, **VALID[kind])
    assert item["name"] and item["id"]
    updated = call(
        f"egovuz_{kind}_update", admin, id=item["id"], title="Yangi sarlavha", title_en="New title"
    )
    assert updated["title"] == "Yangi sarlavha" and updated["title_en"] == "New title"
    # fields left out of an update keep their values
    assert updated.get("title_ru") == item.get("title_ru")
    call(f"egovuz_{kind}_delete", admin, id=item["id"])
    with pytest.raises(tk.ObjectNotFound):
        call(f"egovuz_{kind}_show", None, id=item["id"])


def test_news_names_unique_and_dated(people):
    admin = people["sysadmin"]
    a = call("egovuz_news_create", admin, title="Bir xil sarlavha")
    b = call("egovuz_news_create", admin, title="Bir xil sarlavha")
    assert a["name"] != b["name"] and a["published"]
    with pytest.raises(tk.ValidationError) as e:
        call("egovuz_news_create", admin, title="Boshqa", name=a["name"])
    assert "name" in e.value.error_dict


NEWS_BAD = [
    ("title", ""),
    ("title", "<script>alert(1)</script>"),
    ("title", "x" * 301),
    ("published", "not-a-date"),
    ("published", "2024-13-45"),
    ("name", "Bad Name!"),
    ("name", "'; DROP TABLE egovuz_content; --"),
    ("image_url", "javascript:alert(1)"),
    ("body", "y" * 100001),
]


def test_news_validation(people):
    for field, value in NEWS_BAD:
        data = dict(VALID["news"], **{field: value})
        with pytest.raises(tk.ValidationError) as e:
            call("egovuz_news_create", people["sysadmin"], **data)
        assert field in e.value.error_dict, (field, value)
    assert call("egovuz_news_list", None)["count"] == 0


def test_wrong_types_and_list_bounds(people):
    admin = people["sysadmin"]
    item = call("egovuz_news_create", admin, title=12345, body=["a", "b"])
    assert item["title"] == "12345"
    with pytest.raises(tk.ValidationError):
        call("egovuz_news_list", None, limit="many")
    with pytest.raises(tk.ValidationError):
        call("egovuz_news_list", None, limit=10**9)
    with pytest.raises(tk.ValidationError):
        call("egovuz_law_create", admin, title="Qaror", url="ftp://example.com/x")
    with pytest.raises(tk.ValidationError):
        call("egovuz_glossary_create", admin, title="Atama")  # a definition is required


def test_pages(people):
    with pytest.raises(tk.ObjectNotFound):
        call("egovuz_page_show", None, name="about")
    for role in ("anonymous", "user", "editor", "admin"):
        with pytest.raises(tk.NotAuthorized):
            call("egovuz_page_update", people[role], name="about", title="X", body="Y")
    call("egovuz_page_update", people["sysadmin"], name="about", title="Portal haqida", body="Matn")
    call(
        "egovuz_page_update",
        people["sysadmin"],
        name="about",
        title="Portal haqida",
        body="Yangi matn",
    )
    assert call("egovuz_page_show", None, name="about")["body"] == "Yangi matn"
    assert len(call("egovuz_page_list", None)) == 1
    with pytest.raises(tk.ValidationError):
        call("egovuz_page_update", people["sysadmin"], name="secret", title="X")


def test_api_write_is_403_for_a_user_and_409_on_bad_input(app, people):
    user = factories.UserWithToken()
    res = app.post(
        "/api/3/action/egovuz_news_create",
        json={"title": "X"},
        headers={"Authorization": user["token"]},
        status=403,
    )
    assert res.json["success"] is False
    sysadmin = factories.SysadminWithToken()
    res = app.post(
        "/api/3/action/egovuz_news_create",
        json={"title": ""},
        headers={"Authorization": sysadmin["token"]},
        status=409,
    )
    assert "title" in res.json["error"]
    res = app.get("/api/3/action/egovuz_news_list")
    assert res.json["result"]["count"] == 0


def test_pages_render_markdown_safely(app, people):
    admin = people["sysadmin"]
    item = call(
        "egovuz_news_create",
        admin,
        title="Xavfsizlik",
        body="Salom <script>alert('x')</script> [havola](javascript:alert(1)) **qalin**",
    )
    body = app.get(f"/news/{item['name']}").body
    assert "<strong>qalin</strong>" in body
    assert "<script>alert('x')</script>" not in body and "javascript:alert" not in body


def test_news_in_all_languages_and_on_home(app, people):
    admin = people["sysadmin"]
    item = call(
        "egovuz_news_create",
        admin,
        title="Portal yangilandi",
        title_ru="Портал обновлён",
        body="Matn",
    )
    assert "Portal yangilandi" in app.get("/uz/").body
    assert "Портал обновлён" in app.get("/ru/").body
    assert "Portal yangilandi" in app.get("/en/news").body  # English falls back to Uzbek
    assert "Портал янгиланди" in app.get(f"/uz_Cyrl/news/{item['name']}").body
    assert app.get("/news/no-such-item", status=404)


def test_law_and_glossary_pages(app, people):
    admin = people["sysadmin"]
    call("egovuz_law_create", admin, **VALID["law"])
    call("egovuz_glossary_create", admin, **VALID["glossary"])
    call("egovuz_glossary_create", admin, title="Shaffoflik", body="Ochiqlik")
    body = app.get("/legislation").body
    assert "PQ-4567" in body and "https://lex.uz/docs/5000000" in body
    body = app.get("/uz/glossary").body
    assert 'href="#letter-' in body and ">O<" in body and ">Sh<" in body
    assert "Открытые данные" in app.get("/ru/glossary").body


def test_operator_edits_in_the_browser_form(app, people):
    sysadmin = factories.SysadminWithToken()
    headers = {"Authorization": sysadmin["token"]}
    app.get("/news/new", status=403)
    form = app.get("/news/new", headers=headers)
    assert 'name="title"' in form.body
    res = app.post("/news/new", data={"title": "", "body": "matn saqlanadi"}, headers=headers)
    assert res.status_code == 200 and "matn saqlanadi" in res.body  # nothing lost
    res = app.post(
        "/news/new",
        data={
            "title": "Forma orqali",
            "body": "matn",
            "image_upload": (io.BytesIO(b"not an image"), "x.png"),
        },
        headers=headers,
    )
    # refused with the reason, the form shown again with what was typed; nothing saved
    assert res.status_code == 200 and "Unsupported upload type" in res.body
    assert 'value="Forma orqali"' in res.body
    assert "Forma orqali" not in [
        n["title"] for n in helpers.call_action("egovuz_news_list", limit=100)["results"]
    ]
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
        b"\x00\x00IEND\xaeB`\x82"
    )
    res = app.post(
        "/news/new",
        data={
            "title": "Forma orqali",
            "body": "matn",
            "image_upload": (io.BytesIO(png), "rasm.png"),
        },
        headers=headers,
        follow_redirects=False,
    )
    assert res.status_code == 302
    item = call("egovuz_news_list", None)["results"][0]
    assert item["title"] == "Forma orqali" and item["image_url"].endswith("rasm.png")
    assert app.get(f"/uploads/egovuz_news/{item['image_url']}").status_code == 200
    res = app.post(
        "/pages/terms/edit",
        data={"title": "Foydalanish shartlari", "body": "Shartlar matni"},
        headers=headers,
        follow_redirects=False,
    )
    assert res.status_code == 302
    assert "Shartlar matni" in app.get("/pages/terms").body


def test_empty_pages_and_menu_never_break(app):
    for name in ("guides", "about", "open-data", "terms"):
        assert app.get(f"/pages/{name}").status_code == 200
    body = app.get("/").body
    for href in (
        "/news",
        "/legislation",
        "/glossary",
        "/guides",
        "/pages/about",
        "/pages/open-data",
        "/pages/terms",
        "/sitemap",
    ):
        assert f'href="{href}"' in body, href
        assert app.get(href).status_code == 200


def test_sitemaps(app, people):
    from ckanext.egovuz.testing import Dataset

    ds = Dataset()
    private = Dataset(private=True)
    group = factories.Group()
    call("egovuz_news_create", people["sysadmin"], title="Xarita", name="xarita")
    xml = app.get("/sitemap.xml")
    assert xml.headers["Content-Type"].startswith("application/xml")
    text = xml.body
    assert f"/dataset/{ds['name']}</loc>" in text and private["name"] not in text
    assert f"/group/{group['name']}</loc>" in text and "/news/xarita</loc>" in text
    assert "/pages/terms</loc>" in text
    page = app.get("/sitemap").body
    assert group["title"] in page and "sitemap.xml" in page


def test_sitemap_splits_into_an_index_of_files_within_the_limit(app, ckan_config, monkeypatch):
    from ckanext.egovuz.testing import Dataset

    org = factories.Organization()
    public = {Dataset(owner_org=org["id"])["name"] for _ in range(7)}
    private = Dataset(owner_org=org["id"], private=True)["name"]
    monkeypatch.setitem(ckan_config, "ckanext.egovuz.sitemap.max_urls", 3)
    index = app.get("/sitemap.xml").body
    assert "<sitemapindex" in index and "<urlset" not in index
    parts = re.findall(r"<loc>https?://[^/]+([^<]+)</loc>", index)
    assert parts == [
        "/sitemap-site.xml",
        "/sitemap-datasets-1.xml",
        "/sitemap-datasets-2.xml",
        "/sitemap-datasets-3.xml",
    ]
    seen = []
    for part in parts:
        body = app.get(part).body
        assert "<urlset" in body and body.count("<url>") <= 3
        seen += re.findall(r"/dataset/([^<]+)</loc>", body)
    assert sorted(seen) == sorted(public) and private not in seen
    app.get("/sitemap-datasets-4.xml", status=404)
    app.get("/sitemap-datasets-0.xml", status=404)


def test_demo_content_is_idempotent(app):
    from ckanext.egovuz.content import demo

    assert demo.load() > 0
    assert demo.load() == 0
    assert "portali yangilandi" in app.get("/uz/").body
    guides = app.get("/pages/guides").body.replace("&#39;", "'").replace("&#x27;", "'")
    start = guides.index("Bosh sahifadagi")
    steps = re.findall(
        r"<li>\s*(?:<p>)?\s*(.*?)\s*(?:</p>)?\s*</li>",
        guides[guides.rindex("<ol", 0, start) : guides.index("</ol>", start)],
        re.S,
    )
    assert steps == [
        "Bosh sahifadagi qidiruv maydoniga so'z kiriting.",
        "Kengaytirilgan qidiruvda ID, nom, tashkilot yoki kalit so'zni tanlang.",
        "Ma'lumotlar to'plamini oching va kerakli formatda yuklab oling.",
    ]
    # "Yoʻriqnomalar": the portal's own user guide, as a document to download
    page = app.get("/uz/guides").body
    assert "Ochiq ma&#39;lumotlar portalining foydalanuvchisi uchun yo&#39;riqnoma" in page
    guide = call("egovuz_guide_show", None, id="portal-foydalanuvchisi-uchun-yoriqnoma")
    assert guide["url"].endswith("user-guide.uz.txt")  # CKAN's uploader dates the name
    assert f'href="/uploads/egovuz_guide/{guide["url"]}"' in page
    document = app.get(f"/uploads/egovuz_guide/{guide['url']}")
    assert document.status_code == 200 and "YO‘RIQNOMA" in document.body


def test_guide_with_an_uploaded_document(app, people):
    from werkzeug.datastructures import FileStorage

    doc = FileStorage(
        stream=io.BytesIO(b"%PDF-1.4 yo'riqnoma"),
        filename="qollanma.pdf",
        content_type="application/pdf",
    )
    item = call(
        "egovuz_guide_create", people["sysadmin"], title="Ochiq API yo'riqnomasi", file_upload=doc
    )
    assert item["url"].endswith("qollanma.pdf")
    for role in ("anonymous", "user", "editor", "admin"):
        with pytest.raises(tk.NotAuthorized):
            call("egovuz_guide_create", people[role], title="X", file_upload=doc)
    page = app.get("/uz/guides").body
    assert "Yoʻriqnomalar" in page and f'href="/uploads/egovuz_guide/{item["url"]}"' in page
    assert app.get(f"/uploads/egovuz_guide/{item['url']}").body.startswith("%PDF")
    with pytest.raises(tk.ValidationError):
        call("egovuz_guide_create", people["sysadmin"], title="Yomon", url="javascript:alert(1)")


def test_form_survives_cp1251_and_huge_input(app):
    sysadmin = factories.SysadminWithToken()
    headers = {"Authorization": sysadmin["token"]}
    title_cp1251 = "Новость".encode("cp1251")
    res = app.post("/news/new", data={"title": title_cp1251, "body": "x" * 200000}, headers=headers)
    assert res.status_code == 200  # re-rendered with the error on body, nothing crashed
    assert "100000" in res.body
    res = app.post(
        "/glossary/new",
        data={"title": "' OR 1=1; --", "body": "<img src=x onerror=alert(1)>"},
        headers=headers,
        follow_redirects=False,
    )
    assert res.status_code == 302
    body = app.get("/glossary").body
    assert "onerror" not in body and "&#39; OR 1=1; --" in body
