"""The test site's catalogue for the DCAT checks: a few datasets with full passports and
resources, and one whose stored values are hostile (written straight into the database,
as if they had got in before input validation existed)."""

from __future__ import annotations

import json

from ckan import model
from ckan.lib.search import rebuild
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import passport

HOSTILE_LINK = 'https://example.uz/a"b>{c}'
HOSTILE_URL = "javascript:alert(document.domain)"
HOSTILE_TITLE = "</script><script>alert(1)</script> \"'{x}\u202e ='1+1 <b>"

SPHERES = [
    ("talim", "Ta'lim"),
    ("transport", "Transport"),
    ("sogliqni-saqlash", "Sog'liqni saqlash"),
]

FULL = [
    dict(
        name="maktablar",
        spheres=["talim"],
        update_frequency="annual",
        license_id="cc-by",
        title="Toshkent maktablari",
        title_ru="Школы Ташкента",
        title_en="Tashkent schools",
        notes="Maktablar ro'yxati",
        notes_ru="Список школ",
        notes_en="List of schools",
        tag_string="maktab, ta'lim",
        external_links=["https://uzedu.uz/maktablar"],
        resources=[
            dict(
                name="maktablar.csv",
                format="CSV",
                url="https://uzedu.uz/m.csv",
                size=2048,
                hash="d41d8cd98f00b204e9800998ecf8427e",
                description="Jadval",
            ),
            dict(
                name="maktablar.xlsx",
                format="XLSX",
                url="https://uzedu.uz/m.xlsx",
                size=4096,
                description="Jadval (Excel)",
            ),
        ],
    ),
    dict(
        name="avtobuslar",
        spheres=["transport"],
        update_frequency="monthly",
        license_id="cc-by-sa",
        title="Avtobus yo'nalishlari",
        title_ru="Автобусные маршруты",
        title_en="Bus routes",
        notes="Yo'nalishlar",
        notes_ru="Маршруты",
        notes_en="Routes",
        tag_string="transport, avtobus",
        resources=[
            dict(
                name="routes.json",
                format="JSON",
                url="https://transport.uz/r.json",
                size=100,
                description="Yo'nalishlar",
                hash="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            )
        ],
    ),
    dict(
        name="shifoxonalar",
        spheres=["sogliqni-saqlash", "talim"],
        update_frequency="semiannual",
        license_id="odc-by",
        title="Shifoxonalar",
        title_ru="Больницы",
        title_en="Hospitals",
        notes="Shifoxonalar ro'yxati",
        notes_ru="Список больниц",
        notes_en="List of hospitals",
        tag_string="shifoxona",
        resources=[
            dict(
                name="hisobot.pdf", format="PDF", url="https://ssv.uz/h.pdf", description="Hisobot"
            )
        ],
    ),
]


def build() -> dict:
    """Creates the catalogue; returns {name: package_show dict} (after the hostile edits)."""
    sysadmin = factories.Sysadmin()
    ctx = {"user": sysadmin["name"], "ignore_auth": True}
    for name, title in SPHERES:
        helpers.call_action("group_create", context=dict(ctx), name=name, title=title)
    org = helpers.call_action(
        "organization_create",
        context=dict(ctx),
        name="uzedu",
        title="Maktabgacha va maktab ta'limi vazirligi",
        url="https://uzedu.uz",
    )
    made = {}
    for spec in FULL:
        data = passport(**spec)
        data["owner_org"] = org["id"]
        made[spec["name"]] = helpers.call_action("package_create", context=dict(ctx), **data)
    hostile = helpers.call_action(
        "package_create",
        context=dict(ctx),
        owner_org=org["id"],
        **passport(
            name="hostile",
            title="Xavfli",
            title_ru="Опасный",
            title_en="Hostile",
            notes="x",
            tag_string="xavf",
            spheres=["talim"],
            resources=[
                dict(name="fayl", format="CSV", url="https://example.uz/f.csv", description="d")
            ],
        ),
    )
    # Values that input validation would refuse today, stored as if they got in before.
    pkg = model.Package.get(hostile["id"])
    pkg.title = HOSTILE_TITLE
    pkg.extras["external_links"] = json.dumps(
        [HOSTILE_LINK, "javascript:alert(2)", "https://example.uz/x\ny", "https://example.uz/ok"]
    )
    pkg.extras["title_ru"] = "\x0bКонтроль\x1f" + HOSTILE_TITLE
    res = model.Resource.get(hostile["resources"][0]["id"])
    res.url = HOSTILE_URL
    res.format = "<img src=x onerror=alert(1)>"
    res.size = -5
    res.hash = "not hex {}"
    model.Session.commit()
    rebuild(hostile["id"])
    for name in list(made) + ["hostile"]:
        made[name] = helpers.call_action("package_show", id=name)
    return made


def reset() -> None:
    """What the clean_db and clean_index fixtures do, for a module-scoped catalogue."""
    import os

    from ckan.cli.db import _resolve_alembic_config, _run_migrations
    from ckan.lib.search import clear_all
    from ckan.plugins import toolkit as tk

    helpers.reset_db()
    for name in tk.aslist(tk.config.get("ckan.plugins")):
        try:
            has_migrations = os.path.exists(_resolve_alembic_config(name))
        except Exception:  # a plugin that cannot be resolved has no migrations of ours
            continue
        if has_migrations:
            _run_migrations(name, "head", True)
    clear_all()
