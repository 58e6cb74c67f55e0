"""The portal speaks the words of its user guide (../shared/seed/user-guide.uz.txt): a
reader who follows the guide finds, on the Uzbek pages, the menu items, tabs, sections,
buttons and headings the guide names, written with the proper ʻ (U+02BB) and ʼ (U+02BC)
letters (the guide's typesetting uses ‘ ’)."""

import pytest
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import tabular_dataset

OKINA, APOS = "\u02bb", "\u02bc"


def guide(text: str) -> str:
    """A name as the guide prints it, in the portal's spelling (o‘ -> oʻ, ma’ -> maʼ)."""
    return text.replace("\u2018", OKINA).replace("\u2019", APOS)


# Every page a guide reader opens, with the names the guide gives to what is on it.
# Texts are copied from the guide as printed (with ‘ ’), section by section.
MENU = [  # "Sayt bo‘yicha navigatsiya" and the header menu: on every page
    "Tashkilotlar",
    "Monitoring",
    "Statistika",
    "Takliflar",
    "Yangiliklar",
    "Sun’iy intellekt ma’lumotlari",
    "Yo‘riqnomalar",
    "Qayta aloqa",
    "Savol-javob",
    "Glossariy",
    "Portal haqida",
    "Ochiq ma’lumotlar haqida",
    "Foydalanish shartlari",
    "Qonun hujjatlari",
    "Sayt xaritasi",
    "Oldingi versiya",
]
PAGES = {
    "/": MENU
    + [
        # search ("Qidiruv tizimi (kengaytirilgan qidiruv funksiyasi bilan)")
        "Izlash",
        "Kengaytirilgan qidiruv",
        "Ma’lumotlar to‘plami identifikatori (ID)",
        "Nomi",
        "Tashkilot",
        "Kalit so‘zlar",
        # "Statistika" on the home page
        "Eng dolzarb to‘plamlar",
        "Eng mashhur to‘plamlar",
        "Qo‘llanilish sohasi",
        # "Portal yangiliklari", "Mashhur takliflar"
        "So‘nggi yangiliklar",
        "Mashhur takliflar",
        # "interaktiv panel" and its parts
        "Interaktiv panel",
        "Tez-tez beriladigan savollar",
        "Foydalanuvchilar so‘rovi",
        "Yangi ma’lumotlar to‘plamini so‘rash",
        "Fikr-mulohaza",
    ],
    "/dataset/{name}": [
        "Pasport",
        "Tuzilma",
        "Jadval",
        "Veb-xizmat",
        "Versiyalar",
        "Ma’lumotlar to‘plami identifikatori (ID)",
        "Ma’lumotlar to‘plami egasi (mas’ul tashkilot)",
        "Telefon raqami",
        "Elektron pochta manzili",
        "Birinchi marta e’lon qilingan sana",
        "Kalit so‘zlar",
        "So‘nggi o‘zgartirish kiritilgan sana",
        "Fikr va izohlar",
    ],
    "/dataset/{name}/api": ["Veb-xizmat", "Tokenni olish", "Yuborish"],
    "/proposals/new": ["Ma’lumotlar to‘plamining nomi", "Qisqacha tavsifi", "Yuborish"],
    "/feedback": [
        "Qayta aloqa",
        "F.I.Sh. (familiya, ism, sharif)",
        "Elektron pochta manzili",
        "Xabar matni",
    ],
    "/faq": ["Savol-javob", "Tez-tez beriladigan savollar"],
    "/survey": ["Foydalanuvchilar so‘rovi"],
    "/monitoring/": [
        "Monitoring",
        "Yangilangan ma’lumotlar to‘plamlari",
        "Eskirgan ma’lumotlar to‘plamlari",
    ],
    "/statistics/": ["Statistika", "Ma’lumotlar to‘plamlari reytingi", "Eng yuqori baholangan"],
    "/statistics/top_stars": ["Eng yuqori baholangan ma’lumotlar to‘plamlari"],
    "/statistics/spheres": ["Qo‘llanilish sohasi"],
    "/statistics/most_downloaded": ["Eng ko‘p yuklab olingan ma’lumotlar to‘plamlari"],
    "/statistics/search_queries": ["Eng mashhur qidiruv so‘rovlari"],
    "/statistics/rejected": ["Rad etilgan ma’lumotlar to‘plamlari"],
    "/ai-data/": ["Sun’iy intellekt ma’lumotlari"],
    "/pages/guides": ["Yo‘riqnomalar"],
    "/legislation": ["Qonun hujjatlari"],
    "/glossary": ["Glossariy"],
}
# The portal's names before they followed the guide: none may be left on these pages.
OLD = [
    "Tez-tez soʻraladigan savollar",
    "Qoʻllanmalar",
    "Atamalar lugʻati",
    "Token olish",
    "Eng ommabop",
    "Eng yuqori reytingli",
    "Sunʼiy intellekt uchun maʼlumotlar",
    "Interaktiv boʻlim",
    "Taklifni yuborish",
]


@pytest.fixture(scope="module")
def site():
    from ckanext.egovuz.tests.pytest_plugin import fresh_databases

    fresh_databases()
    admin = factories.Sysadmin()
    user = factories.User()
    ds, _ = tabular_dataset(admin, name="maktablar", contact_phone="+998711234567")
    token = helpers.call_action(
        "api_token_create", context={"user": user["name"]}, user=user["name"], name="guide"
    )["token"]
    return {"dataset": ds["name"], "headers": {"Authorization": token}}


def test_guide_spelling_is_the_portals():
    assert guide("Yo‘riqnomalar") == "Yoʻriqnomalar"
    assert guide("Sun’iy intellekt ma’lumotlari") == "Sunʼiy intellekt maʼlumotlari"


@pytest.mark.parametrize("path", sorted(PAGES))
def test_pages_use_the_guides_names(app, site, path, monkeypatch):
    # "Oldingi versiya" is shown when the previous portal's address is configured
    monkeypatch.setitem(
        __import__("ckan.plugins.toolkit", fromlist=["config"]).config,
        "ckanext.egovuz.previous_portal_url",
        "https://old.data.egov.uz",
    )
    resp = app.get("/uz" + path.format(name=site["dataset"]), headers=site["headers"])
    assert resp.status_code == 200, path
    body = resp.body
    missing = [guide(name) for name in PAGES[path] if guide(name) not in body]
    assert missing == [], (path, missing)
    left = [old for old in OLD if old in body]
    assert left == [], (path, left)
