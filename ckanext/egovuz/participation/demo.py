"""Demo content of participation for `make run`: FAQ in three languages and proposals in
several states with votes (`ckan egovuz-participation demo`, after `ckan egovuz demo
load`). Idempotent: it adds nothing once proposals exist."""

from __future__ import annotations

import click
import sqlalchemy as sa

from ckan import model
from ckan.plugins import toolkit as tk

from . import model as pm

FAQ = [
    (
        "Ochiq ma'lumotlar nima?",
        "Ochiq ma'lumotlar — hamma erkin foydalanishi, qayta ishlashi va tarqatishi mumkin "
        "bo'lgan ma'lumotlar.",
        "Что такое открытые данные?",
        "Открытые данные — это данные, которые каждый может свободно использовать, обрабатывать и "
        "распространять.",
        "What is open data?",
        "Open data is data anyone can freely use, process and share.",
    ),
    (
        "Ma'lumotlarni qanday yuklab olaman?",
        "To'plam sahifasidagi **Jadval** yoki **Tuzilma** yorlig'ida kerakli formatni tanlang "
        "(CSV, JSON, XML, XLS, RDF).",
        "Как скачать данные?",
        "На странице набора откройте вкладку **Таблица** или **Структура** и выберите формат "
        "(CSV, JSON, XML, XLS, RDF).",
        "How do I download data?",
        "On the dataset page open the **Table** or **Structure** tab and pick a format (CSV, "
        "JSON, XML, XLS, RDF).",
    ),
    (
        "Yangi ma'lumotlar to'plamini qanday so'rayman?",
        "Ro'yxatdan o'ting va **Takliflar** bo'limida taklif yuboring; operator ko'rib chiqib, "
        "ovoz berishga qo'yadi.",
        "Как запросить новый набор данных?",
        "Зарегистрируйтесь и отправьте предложение в разделе **Предложения**; оператор рассмотрит "
        "его и вынесет на голосование.",
        "How do I request a new dataset?",
        "Register and send a proposal under **Proposals**; an operator reviews it and opens it "
        "for voting.",
    ),
    (
        "API orqali ma'lumot olsa bo'ladimi?",
        "Ha: to'plamning **Veb-xizmat** yorlig'ida kalit (token) va so'rov manzili ko'rsatilgan.",
        "Можно ли получать данные через API?",
        "Да: на вкладке **Веб-сервис** набора показаны ключ (токен) и адрес запроса.",
        "Can I get the data through an API?",
        "Yes: the dataset's **Web service** tab shows the key (token) and the URL to call.",
    ),
]

PROPOSALS = [
    (
        "Toshkent shahridagi avtobus bekatlari va jadvallari",
        "Bekatlar koordinatalari va har bir yo'nalish jadvali.",
        "voting",
        14,
    ),
    (
        "Maktablardagi o'quvchilar soni sinflar bo'yicha",
        "Har bir maktab va sinf uchun o'quvchilar soni, yillar kesimida.",
        "voting",
        9,
    ),
    (
        "Dorixonalar ro'yxati va ish vaqti",
        "Hududlar bo'yicha dorixonalar manzili va ish vaqti.",
        "voting",
        4,
    ),
    (
        "Davlat xaridlari shartnomalari",
        "Shartnomalar summasi, yetkazib beruvchi va muddatlar.",
        "requested",
        21,
    ),
    (
        "Shaxsiy soliq to'lovchilar ro'yxati",
        "Har bir fuqaroning soliq ma'lumotlari.",
        "rejected",
        0,
    ),
    (
        "Havo sifati kuzatuv stansiyalari",
        "Stansiyalar bo'yicha soatlik PM2.5 va PM10 ko'rsatkichlari.",
        "submitted",
        0,
    ),
]


FAQ_KEYS = ["question_uz", "answer_uz", "question_ru", "answer_ru", "question_en", "answer_en"]
PATHS = {
    "voting": ["in_review", "voting"],
    "requested": ["in_review", "voting", "requested"],
    "rejected": ["in_review", "rejected"],
    "submitted": [],
}
REJECT_REASON = "Shaxsga doir ma'lumotlar ochiq e'lon qilinmaydi."


def _count(table) -> int:
    return model.Session.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def _group_names(is_organization: bool) -> list[str]:
    query = model.Session.query(model.Group).filter_by(
        is_organization=is_organization, state="active"
    )
    return [g.name for g in query]


def _voters(n: int = 25) -> list[str]:
    voters = []
    for i in range(n):
        name = f"demo-voter-{i:02d}"
        user = model.User.get(name) or model.User(
            name=name, email=f"{name}@example.uz", fullname=f"Demo {i}"
        )
        model.Session.add(user)
        voters.append(name)
    model.Session.commit()
    return voters


def _walk(ctx, proposal_id: str, state: str, org: str, voters: list[str]) -> None:
    """Move a new proposal along the path to state; votes once it is open for voting."""
    for step in PATHS[state]:
        data = {"id": proposal_id, "state": step}
        if step == "voting":
            data["organization"] = org
        if step == "rejected":
            data["comment"] = REJECT_REASON
        tk.get_action("egovuz_proposal_transition")(ctx(), data)
        if step == "voting":
            for v in voters:
                tk.get_action("egovuz_proposal_vote")(
                    {"user": v, "ignore_auth": True}, {"id": proposal_id}
                )


def load_demo() -> str:
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    ctx = lambda: {"user": site["name"], "ignore_auth": True}  # noqa: E731
    if _count(pm.proposal_table):
        return "participation demo: already there"
    for qs in FAQ if not _count(pm.faq_table) else []:
        tk.get_action("egovuz_faq_create")(ctx(), dict(zip(FAQ_KEYS, qs)))
    spheres, orgs = _group_names(False), _group_names(True)
    if not spheres or not orgs:
        return "participation demo: FAQ added (no spheres or organizations for proposals)"
    voters = _voters()
    for n, (title, desc, state, votes) in enumerate(PROPOSALS):
        p = tk.get_action("egovuz_proposal_create")(
            {"user": voters[n], "ignore_auth": True},
            {"title": title, "description": desc, "sphere": spheres[n % len(spheres)]},
        )
        _walk(ctx, p["id"], state, orgs[n % len(orgs)], voters[:votes])
    return f"participation demo: {len(FAQ)} FAQ items, {len(PROPOSALS)} proposals"


@click.group("egovuz-participation", short_help="Proposals, survey, feedback, FAQ")
def participation():
    pass


@participation.command("demo", short_help="Add demo FAQ items and proposals")
def demo():
    click.echo(load_demo())
