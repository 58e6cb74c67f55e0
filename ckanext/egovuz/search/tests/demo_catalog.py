"""The ground of the users' relevance set (relevance-users.yaml): the demo catalogue's
spheres, organizations and dataset passports (ckanext/egovuz/demo/catalog.py, without
their data files), plus look-alike datasets that share words with them but are not what
the person asked for: a search that returns these in place of the real ones loses
recall and precision."""

from __future__ import annotations

from ckan.plugins import toolkit as tk
from ckan.tests import helpers

from ckanext.egovuz.demo import catalog as demo
from ckanext.egovuz.demo.loader import _dataset_dict

# name, org, spheres, title, title_ru, title_en, tags: each next to a demo dataset
LOOKALIKES = [
    (
        "maktab-oshxonalari-taomnomasi",
        "maktabgacha-va-maktab-talimi-vazirligi",
        ["talim"],
        "Maktab oshxonalari taomnomasi",
        "Меню школьных столовых",
        "School canteen menus",
        "maktab, oshxona, ovqatlanish",
    ),
    (
        "mtt-tarbiyachilari-malakasi",
        "maktabgacha-va-maktab-talimi-vazirligi",
        ["talim"],
        "Tarbiyachilar malakasini oshirish kurslari",
        "Курсы повышения квалификации воспитателей",
        "Teacher training courses for educators",
        "malaka oshirish, tarbiyachi, kurslar",
    ),
    (
        "paxta-tozalash-korxonalari",
        "qishloq-xojaligi-vazirligi",
        ["qishloq-xojaligi"],
        "Paxta tozalash korxonalari manzillari",
        "Адреса хлопкоочистительных предприятий",
        "Addresses of cotton ginning plants",
        "paxta tozalash, korxona, manzil",
    ),
    (
        "avtobus-ishlab-chiqarish",
        "milliy-statistika-qomitasi",
        ["iqtisodiyot"],
        "Avtobus va yuk mashinalari ishlab chiqarish hajmi",
        "Объём производства автобусов и грузовиков",
        "Bus and truck manufacturing output",
        "sanoat, ishlab chiqarish, avtosanoat",
    ),
    (
        "sayyohlik-agentliklari",
        "turizm-qomitasi",
        ["turizm"],
        "Turistik agentliklar litsenziyalari",
        "Лицензии туристических агентств",
        "Licences of travel agencies",
        "agentlik, litsenziya, turoperator",
    ),
    (
        "bosh-ish-orinlari",
        "ijtimoiy-himoya-milliy-agentligi",
        ["ijtimoiy-himoya"],
        "Bo'sh ish o'rinlari (vakansiyalar)",
        "Вакансии (свободные рабочие места)",
        "Job vacancies",
        "vakansiya, ish o'rni, bandlik",
    ),
    (
        "valyuta-ayirboshlash-shoxobchalari",
        "markaziy-bank",
        ["moliya"],
        "Valyuta ayirboshlash shoxobchalari manzillari",
        "Адреса пунктов обмена валюты",
        "Currency exchange offices",
        "ayirboshlash, shoxobcha, manzil",
    ),
    (
        "havo-yollari-reyslari",
        "transport-vazirligi",
        ["transport"],
        "Havo yo'llari reyslari jadvali",
        "Расписание авиарейсов",
        "Flight schedule",
        "aviareys, aeroport, jadval",
    ),
    (
        "suv-omborlari",
        "qishloq-xojaligi-vazirligi",
        ["ekologiya"],
        "Suv omborlari to'ldirilganlik darajasi",
        "Наполненность водохранилищ",
        "Reservoir filling levels",
        "suv ombori, irrigatsiya",
    ),
    (
        "metro-qurilishi",
        "toshkent-shahar-hokimligi",
        ["transport"],
        "Metro liniyalarini qurish loyihalari",
        "Проекты строительства линий метро",
        "Metro line construction projects",
        "loyiha, qurilish, liniya",
    ),
    (
        "dori-narxlari",
        "sogliqni-saqlash-vazirligi",
        ["sogliqni-saqlash"],
        "Dori vositalarining cheklangan ulgurji narxlari",
        "Предельные оптовые цены на лекарства",
        "Wholesale price caps on medicines",
        "narx, ulgurji, reglament",
    ),
    (
        "sport-tadbirlari-taqvimi",
        "sport-vazirligi",
        ["madaniyat-va-sport"],
        "Sport tadbirlari taqvimi",
        "Календарь спортивных мероприятий",
        "Sports events calendar",
        "tadbir, taqvim, musobaqa",
    ),
]


def build() -> dict[str, dict]:
    """Create spheres, organizations, the demo passports and the look-alikes (a fresh
    site); returns the datasets by name."""
    from ckan.tests import factories

    ctx = {"user": factories.Sysadmin()["name"], "ignore_auth": True}

    def call(action, **kw):
        return helpers.call_action(action, context=dict(ctx), **kw)

    for s in demo.SPHERES:
        call(
            "group_create",
            name=s["name"],
            title=s["title"],
            description=s["description"],
            extras=[
                {"key": "title_ru", "value": s["title_ru"]},
                {"key": "title_en", "value": s["title_en"]},
            ],
        )
    orgs = {o["name"]: o for o in demo.ORGANIZATIONS}
    for o in demo.ORGANIZATIONS:
        call(
            "organization_create",
            name=o["name"],
            title=o["title"],
            description=o["description"],
            extras=[
                {"key": "title_ru", "value": o["title_ru"]},
                {"key": "title_en", "value": o["title_en"]},
            ],
        )
    out = {}
    for ds in demo.DATASETS:
        out[ds["name"]] = call("package_create", **_dataset_dict(ds))
    groups = {s["name"] for s in demo.SPHERES}
    for name, org, spheres, title, ru, en, tags in LOOKALIKES:
        if org not in orgs:
            raise tk.ValidationError({"owner_org": [f"no demo organization {org}"]})
        contact = orgs[org]
        out[name] = call(
            "package_create",
            name=name,
            owner_org=org,
            title=title,
            title_ru=ru,
            title_en=en,
            tag_string=tags,
            notes=title,
            spheres=[s for s in spheres if s in groups],
            update_frequency="annual",
            license_id="cc-by",
            contact_name=contact["contact_name"],
            contact_phone=contact["contact_phone"],
            contact_email=contact["contact_email"],
        )
    return out
