"""Demo content for `make run`: a few news items, legal acts, glossary terms and the
static pages, created through the actions. Idempotent (`ckan egovuz-content demo`)."""

from __future__ import annotations

import io
import pathlib

import click
from ckan.plugins import toolkit as tk

NEWS = [
    {
        "name": "portal-yangilandi",
        "published": "2026-11-20",
        "title": "Ochiq ma'lumotlar portali yangilandi",
        "title_ru": "Портал открытых данных обновлён",
        "title_en": "The Open Data Portal is updated",
        "body": "Portalning yangi versiyasida **kengaytirilgan qidiruv**, ma'lumotlarni jadval ko'rinishida "
        "ko'rish va API orqali olish imkoniyatlari paydo bo'ldi.",
        "body_ru": "В новой версии портала появились **расширенный поиск**, просмотр данных в виде таблицы и "
        "получение данных через API.",
    },
    {
        "name": "zaif-koruvchilar-uchun",
        "published": "2026-11-10",
        "title": "Zaif ko'ruvchilar uchun maxsus rejim",
        "title_ru": "Режим для слабовидящих",
        "body": 'Sahifa yuqorisidagi "Zaif ko\'ruvchilar uchun" tugmasi matnni kattalashtiradi, kontrastni '
        "oshiradi va rasmlarni yashiradi.",
    },
    {
        "name": "tashkilotlar-uchun-seminar",
        "published": "2026-10-28",
        "title": "Davlat tashkilotlari uchun seminar",
        "title_ru": "Семинар для государственных организаций",
        "body": "Ma'lumotlar to'plamlarini e'lon qilish va o'z vaqtida yangilash bo'yicha seminar bo'lib o'tdi.",
    },
]
LAWS = [
    {
        "name": "axborotlashtirish-togrisida",
        "number": "560-II",
        "published": "2003-12-11",
        "title": "Axborotlashtirish to'g'risida",
        "title_ru": "Об информатизации",
        "issuer": "O'zbekiston Respublikasi Qonuni",
        "issuer_ru": "Закон Республики Узбекистан",
        "url": "https://lex.uz/",
    },
    {
        "name": "faoliyatning-ochiqligi-togrisida",
        "number": "O'RQ-369",
        "published": "2014-05-05",
        "title": "Davlat hokimiyati va boshqaruvi organlari faoliyatining ochiqligi to'g'risida",
        "title_ru": "Об открытости деятельности органов государственной власти и управления",
        "issuer": "O'zbekiston Respublikasi Qonuni",
        "issuer_ru": "Закон Республики Узбекистан",
        "url": "https://lex.uz/",
    },
]
TERMS = [
    {
        "name": "ochiq-malumotlar",
        "title": "Ochiq ma'lumotlar",
        "title_ru": "Открытые данные",
        "title_en": "Open data",
        "body": "Hamma erkin foydalanishi va qayta tarqatishi mumkin bo'lgan, mashinada o'qiladigan ma'lumotlar.",
        "body_ru": "Машиночитаемые данные, которые каждый может свободно использовать и распространять.",
    },
    {
        "name": "malumotlar-toplami",
        "title": "Ma'lumotlar to'plami",
        "title_ru": "Набор данных",
        "title_en": "Dataset",
        "body": "Bitta mavzuga oid, bitta tashkilot tomonidan e'lon qilinadigan tuzilgan ma'lumotlar majmui.",
        "body_ru": "Совокупность структурированных данных на одну тему, публикуемая одной организацией.",
    },
    {
        "name": "metamalumotlar",
        "title": "Metama'lumotlar",
        "title_ru": "Метаданные",
        "title_en": "Metadata",
        "body": "Ma'lumotlar haqidagi ma'lumotlar: nomi, egasi, yangilanish davriyligi, formatlari.",
        "body_ru": "Данные о данных: название, владелец, периодичность обновления, форматы.",
    },
    {
        "name": "api",
        "title": "API",
        "title_ru": "API",
        "title_en": "API",
        "body": "Dasturlar ma'lumotlarni avtomatik olishi uchun interfeys.",
        "body_ru": "Интерфейс, через который программы получают данные автоматически.",
    },
]
PAGES = [
    {
        "name": "about",
        "title": "Portal haqida",
        "title_ru": "О портале",
        "title_en": "About the portal",
        "body": "O'zbekiston Respublikasining ochiq ma'lumotlar portali davlat tashkilotlarining ochiq "
        "ma'lumotlarini bir joyda jamlaydi.",
        "body_ru": "Портал открытых данных Республики Узбекистан собирает открытые данные государственных "
        "организаций в одном месте.",
    },
    {
        "name": "open-data",
        "title": "Ochiq ma'lumotlar haqida",
        "title_ru": "Об открытых данных",
        "title_en": "About open data",
        "body": "Ochiq ma'lumotlar — hamma erkin foydalanishi mumkin bo'lgan ma'lumotlar.",
    },
    {
        "name": "terms",
        "title": "Foydalanish shartlari",
        "title_ru": "Условия использования",
        "title_en": "Terms of use",
        "body": "Portal ma'lumotlaridan manbani ko'rsatgan holda erkin foydalanish mumkin.",
    },
    {
        "name": "guides",
        "title": "Yo'riqnomalar",
        "title_ru": "Инструкции",
        "title_en": "Guides",
        "body": "## Ma'lumot qanday topiladi\n\n1. Bosh sahifadagi qidiruv maydoniga so'z kiriting.\n"
        "2. Kengaytirilgan qidiruvda ID, nom, tashkilot yoki kalit so'zni tanlang.\n"
        "3. Ma'lumotlar to'plamini oching va kerakli formatda yuklab oling.",
    },
]


# The portal's own user guide (the text the guide's names come from), as a document to
# download from "Yoʻriqnomalar".
USER_GUIDE_FILE = pathlib.Path(__file__).parent / "seed" / "user-guide.uz.txt"
GUIDES = [
    {
        "name": "portal-foydalanuvchisi-uchun-yoriqnoma",
        "title": "Ochiq ma'lumotlar portalining foydalanuvchisi uchun yo'riqnoma",
        "title_ru": "Руководство пользователя портала открытых данных",
        "title_en": "User guide of the open data portal",
        "body": "Portalning bosh sahifasi, qidiruv, ma'lumotlar to'plami pasporti va uning "
        "bo'limlari (Tuzilma, Jadval, Veb-xizmat, Versiyalar), interaktiv panel, "
        "Monitoring, Statistika va Sun'iy intellekt ma'lumotlari bo'limlari haqida.",
        "file": USER_GUIDE_FILE,
    },
]


def _guide(item: dict) -> dict:
    from werkzeug.datastructures import FileStorage

    data = {k: v for k, v in item.items() if k != "file"}
    path = item.get("file")
    if path and path.exists():
        data["file_upload"] = FileStorage(
            stream=io.BytesIO(path.read_bytes()), filename=path.name, content_type="text/plain"
        )
    return data


def load() -> int:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    ctx = lambda: {"user": site_user["name"], "ignore_auth": True}  # noqa: E731
    made = 0
    for kind, items in (("news", NEWS), ("law", LAWS), ("glossary", TERMS)):
        for item in items:
            try:
                tk.get_action(f"egovuz_{kind}_show")(ctx(), {"id": item["name"]})
            except tk.ObjectNotFound:
                tk.get_action(f"egovuz_{kind}_create")(ctx(), dict(item))
                made += 1
    for item in GUIDES:
        try:
            tk.get_action("egovuz_guide_show")(ctx(), {"id": item["name"]})
        except tk.ObjectNotFound:
            tk.get_action("egovuz_guide_create")(ctx(), _guide(item))
            made += 1
    for page in PAGES:
        try:
            tk.get_action("egovuz_page_show")(ctx(), {"name": page["name"]})
        except tk.ObjectNotFound:
            tk.get_action("egovuz_page_update")(ctx(), dict(page))
            made += 1
    return made


@click.group("egovuz-content", short_help="Portal content (news, legislation, glossary, pages)")
def cli():
    pass


@cli.command("demo", short_help="Create the demo news, legal acts, terms and pages")
def demo():
    click.echo(f"content: {load()} demo items created")
