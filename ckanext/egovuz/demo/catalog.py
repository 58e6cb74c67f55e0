"""Demo content of the data.egov.uz portal: spheres (CKAN groups), state bodies
(organizations) and datasets, with a deterministic generator of their table rows.

Pure standard library: the loader (demo/loader.py) turns this into CKAN objects and
CSV/XLSX files. Datasets are expanded from topic templates (by region or by year);
the rows of each table come from per-column generators seeded by the dataset's seed.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
from typing import Iterator

# --- Reference data -------------------------------------------------------------------
# (slug, uz, ru, en, uz-Cyrillic, population in millions (2024), centre, districts)
REGIONS = [
    (
        "toshkent-shahri",
        "Toshkent shahri",
        "город Ташкент",
        "Tashkent city",
        "Тошкент шаҳри",
        3.04,
        "Toshkent",
        [
            "Bektemir",
            "Chilonzor",
            "Mirobod",
            "Mirzo Ulug'bek",
            "Olmazor",
            "Sergeli",
            "Shayxontohur",
            "Uchtepa",
            "Yakkasaroy",
            "Yashnobod",
            "Yunusobod",
            "Yangihayot",
        ],
    ),
    (
        "toshkent-viloyati",
        "Toshkent viloyati",
        "Ташкентская область",
        "Tashkent region",
        "Тошкент вилояти",
        3.0,
        "Nurafshon",
        [
            "Bekobod",
            "Bo'stonliq",
            "Chinoz",
            "Qibray",
            "Ohangaron",
            "Oqqo'rg'on",
            "Parkent",
            "Piskent",
            "Quyichirchiq",
            "Yangiyo'l",
            "Zangiota",
            "Yuqorichirchiq",
            "O'rtachirchiq",
            "Bo'ka",
        ],
    ),
    (
        "andijon",
        "Andijon viloyati",
        "Андижанская область",
        "Andijan region",
        "Андижон вилояти",
        3.36,
        "Andijon",
        [
            "Andijon",
            "Asaka",
            "Baliqchi",
            "Bo'z",
            "Buloqboshi",
            "Izboskan",
            "Jalaquduq",
            "Marhamat",
            "Oltinko'l",
            "Paxtaobod",
            "Qo'rg'ontepa",
            "Shahrixon",
            "Ulug'nor",
            "Xo'jaobod",
        ],
    ),
    (
        "buxoro",
        "Buxoro viloyati",
        "Бухарская область",
        "Bukhara region",
        "Бухоро вилояти",
        2.0,
        "Buxoro",
        [
            "Buxoro",
            "G'ijduvon",
            "Jondor",
            "Kogon",
            "Olot",
            "Peshku",
            "Qorako'l",
            "Qorovulbozor",
            "Romitan",
            "Shofirkon",
            "Vobkent",
        ],
    ),
    (
        "fargona",
        "Farg'ona viloyati",
        "Ферганская область",
        "Fergana region",
        "Фарғона вилояти",
        4.0,
        "Farg'ona",
        [
            "Bag'dod",
            "Beshariq",
            "Buvayda",
            "Dang'ara",
            "Farg'ona",
            "Furqat",
            "Oltiariq",
            "Qo'shtepa",
            "Quva",
            "Rishton",
            "So'x",
            "Toshloq",
            "Uchko'prik",
            "O'zbekiston",
            "Yozyovon",
        ],
    ),
    (
        "jizzax",
        "Jizzax viloyati",
        "Джизакская область",
        "Jizzakh region",
        "Жиззах вилояти",
        1.5,
        "Jizzax",
        [
            "Arnasoy",
            "Baxmal",
            "Do'stlik",
            "Forish",
            "G'allaorol",
            "Mirzacho'l",
            "Paxtakor",
            "Sharof Rashidov",
            "Yangiobod",
            "Zafarobod",
            "Zarbdor",
            "Zomin",
        ],
    ),
    (
        "xorazm",
        "Xorazm viloyati",
        "Хорезмская область",
        "Khorezm region",
        "Хоразм вилояти",
        1.95,
        "Urganch",
        [
            "Bog'ot",
            "Gurlan",
            "Hazorasp",
            "Xiva",
            "Xonqa",
            "Qo'shko'pir",
            "Shovot",
            "Urganch",
            "Yangiariq",
            "Yangibozor",
            "Tuproqqal'a",
        ],
    ),
    (
        "namangan",
        "Namangan viloyati",
        "Наманганская область",
        "Namangan region",
        "Наманган вилояти",
        3.0,
        "Namangan",
        [
            "Chortoq",
            "Chust",
            "Kosonsoy",
            "Mingbuloq",
            "Namangan",
            "Norin",
            "Pop",
            "To'raqo'rg'on",
            "Uchqo'rg'on",
            "Uychi",
            "Yangiqo'rg'on",
            "Davlatobod",
        ],
    ),
    (
        "navoiy",
        "Navoiy viloyati",
        "Навоийская область",
        "Navoi region",
        "Навоий вилояти",
        1.05,
        "Navoiy",
        ["Karmana", "Konimex", "Navbahor", "Nurota", "Qiziltepa", "Tomdi", "Uchquduq", "Xatirchi"],
    ),
    (
        "qashqadaryo",
        "Qashqadaryo viloyati",
        "Кашкадарьинская область",
        "Kashkadarya region",
        "Қашқадарё вилояти",
        3.5,
        "Qarshi",
        [
            "Chiroqchi",
            "Dehqonobod",
            "G'uzor",
            "Qamashi",
            "Qarshi",
            "Kasbi",
            "Kitob",
            "Koson",
            "Mirishkor",
            "Muborak",
            "Nishon",
            "Shahrisabz",
            "Yakkabog'",
            "Ko'kdala",
        ],
    ),
    (
        "qoraqalpogiston",
        "Qoraqalpog'iston Respublikasi",
        "Республика Каракалпакстан",
        "Republic of Karakalpakstan",
        "Қорақалпоғистон Республикаси",
        2.0,
        "Nukus",
        [
            "Amudaryo",
            "Beruniy",
            "Chimboy",
            "Ellikqal'a",
            "Kegeyli",
            "Mo'ynoq",
            "Nukus",
            "Qanliko'l",
            "Qo'ng'irot",
            "Qorao'zak",
            "Shumanay",
            "Taxtako'pir",
            "To'rtko'l",
            "Xo'jayli",
            "Taxiatosh",
            "Bo'zatov",
        ],
    ),
    (
        "samarqand",
        "Samarqand viloyati",
        "Самаркандская область",
        "Samarkand region",
        "Самарқанд вилояти",
        4.2,
        "Samarqand",
        [
            "Bulung'ur",
            "Ishtixon",
            "Jomboy",
            "Kattaqo'rg'on",
            "Narpay",
            "Nurobod",
            "Oqdaryo",
            "Paxtachi",
            "Payariq",
            "Pastdarg'om",
            "Qo'shrabot",
            "Samarqand",
            "Toyloq",
            "Urgut",
        ],
    ),
    (
        "sirdaryo",
        "Sirdaryo viloyati",
        "Сырдарьинская область",
        "Syrdarya region",
        "Сирдарё вилояти",
        0.9,
        "Guliston",
        [
            "Boyovut",
            "Guliston",
            "Mirzaobod",
            "Oqoltin",
            "Sardoba",
            "Sayxunobod",
            "Sirdaryo",
            "Xovos",
        ],
    ),
    (
        "surxondaryo",
        "Surxondaryo viloyati",
        "Сурхандарьинская область",
        "Surkhandarya region",
        "Сурхондарё вилояти",
        2.8,
        "Termiz",
        [
            "Angor",
            "Bandixon",
            "Boysun",
            "Denov",
            "Jarqo'rg'on",
            "Qiziriq",
            "Qumqo'rg'on",
            "Muzrabot",
            "Oltinsoy",
            "Sariosiyo",
            "Sherobod",
            "Sho'rchi",
            "Termiz",
            "Uzun",
        ],
    ),
]
REGION_NAMES = [r[1] for r in REGIONS]
_POP = [r[5] for r in REGIONS]
_AVG_POP = sum(_POP) / len(_POP)

SURNAMES = [
    "Karimov",
    "Rahimov",
    "Toshmatov",
    "Yusupov",
    "Abdullayev",
    "Xolmatov",
    "Ergashev",
    "Nazarov",
    "Mirzayev",
    "Qodirov",
    "Saidov",
    "Umarov",
    "Jo'rayev",
    "Haydarov",
    "Olimov",
    "Rustamov",
    "Sharipov",
    "Tursunov",
    "Ismoilov",
    "G'aniyev",
    "Normatov",
    "Xudoyberdiyev",
    "Aliyev",
    "Sobirov",
    "Mahmudov",
    "Valiyev",
    "Ro'ziyev",
    "Po'latov",
]
MALE = [
    "Anvar",
    "Bobur",
    "Doniyor",
    "Farrux",
    "Jamshid",
    "Javlon",
    "Otabek",
    "Sardor",
    "Sherzod",
    "Ulug'bek",
    "Rustam",
    "Akmal",
    "Baxtiyor",
    "Dilshod",
    "Shuhrat",
    "Bahodir",
    "Ilhom",
    "Nodir",
    "Zafar",
    "O'tkir",
    "Abdulla",
    "Sanjar",
    "Temur",
    "Ravshan",
]
FEMALE = [
    "Dilnoza",
    "Gulnora",
    "Malika",
    "Nigora",
    "Shahnoza",
    "Zulfiya",
    "Madina",
    "Nodira",
    "Feruza",
    "Mohira",
    "Sevara",
    "Dilfuza",
    "Gulchehra",
    "Munisa",
    "Barno",
    "Yulduz",
    "Nilufar",
    "Umida",
    "O'g'iloy",
    "Kamola",
]
STREETS = [
    "Amir Temur",
    "Navoiy",
    "Mustaqillik",
    "Bobur",
    "Mirzo Ulug'bek",
    "Buyuk Ipak Yo'li",
    "Islom Karimov",
    "Abdulla Qodiriy",
    "Bunyodkor",
    "Furqat",
    "Cho'lpon",
    "Istiqlol",
    "Do'stlik",
    "Nukus",
    "Shota Rustaveli",
    "Bog'ishamol",
    "Mashinasozlar",
    "Alisher Navoiy",
    "Zarqaynar",
    "Farobiy",
    "Beruniy",
    "Ibn Sino",
    "Yangi hayot",
    "Guliston",
    "Navro'z",
]

# --- Column generators ----------------------------------------------------------------
# A generator is fn(rng, idx, ctx). `idx` is the row number, or for a cyclic column (cyc=N)
# its position in the cycle (cyclic columns nest: the first varies fastest), or for a
# sequence column (seq=True: days, months, years) the number of the completed cycle.
# ctx carries what other columns of the same row chose: reg (region index), dist, doy, sf.


class G:
    __slots__ = ("kind", "fn", "cyc", "seq")

    def __init__(self, kind, fn, cyc=0, seq=False):
        self.kind, self.fn, self.cyc, self.seq = kind, fn, cyc, seq


def _pf(c):
    return _POP[c["reg"]] / _AVG_POP if c["reg"] is not None else 1.0


def I(lo, hi, pop=False):  # noqa: E743
    if pop:
        return G("int", lambda r, i, c: max(0, int(r.randint(lo, hi) * _pf(c))))
    return G("int", lambda r, i, c: r.randint(lo, hi))


def N(lo, hi, pop=False):
    if pop:
        return G("numeric", lambda r, i, c: round(r.uniform(lo, hi) * _pf(c), 2))
    return G("numeric", lambda r, i, c: round(r.uniform(lo, hi), 2))


def TREND(kind, base, growth, noise=0.02, pop=False):
    """A value that grows by `growth` a period (the sequence column's index)."""

    def fn(r, i, c):
        v = base * (1 + growth) ** c["p"] * (1 + r.gauss(0, noise))
        if pop:
            v *= _pf(c)
        return int(v) if kind == "int" else round(v, 2)

    return G(kind, fn)


def PICK(*pool):
    return G("text", lambda r, i, c: r.choice(pool))


def CYC(*pool, key=None):
    def fn(r, i, c):
        if key:
            c[key] = i
        return pool[i]

    return G("text", fn, cyc=len(pool))


def _set_region(c, k):
    c["reg"] = k
    return REGION_NAMES[k]


REGION = G("text", lambda r, i, c: _set_region(c, i), cyc=len(REGIONS))
REGION_CYR = G("text", lambda r, i, c: (_set_region(c, i), REGIONS[i][4])[1], cyc=len(REGIONS))
REGION_RURAL = G("text", lambda r, i, c: _set_region(c, i + 1), cyc=len(REGIONS) - 1)
REGION_RND = G("text", lambda r, i, c: _set_region(c, r.randrange(len(REGIONS))))


def _district(r, i, c):
    if c["reg"] is None:
        c["reg"] = r.randrange(len(REGIONS))
    c["dist"] = r.choice(REGIONS[c["reg"]][7])
    return c["dist"]


DISTRICT = G("text", _district)
TSH_DISTRICT = G("text", lambda r, i, c: (_set_region(c, 0), _district(r, i, c))[1])


def _fio(r, i, c):
    s = r.choice(SURNAMES)
    if r.random() < 0.35:
        return f"{s}a {r.choice(FEMALE)} {r.choice(MALE)}ovna"
    return f"{s} {r.choice(MALE)} {r.choice(MALE)}ovich"


FIO = G("text", _fio)


def FMT(fmt, *pools):
    """Text from a format: {0}.. random picks from pools, {n} row number + 1, {d} district,
    {s} street, {h} house number, {k} 5-digit number, {ctr} regional centre."""

    def fn(r, i, c):
        reg = c["reg"] if c["reg"] is not None else r.randrange(len(REGIONS))
        named = dict(
            n=i + 1,
            d=c.get("dist") or "",
            s=r.choice(STREETS),
            h=r.randint(1, 140),
            k=r.randint(10000, 99999),
            ctr=REGIONS[reg][6],
        )
        out = fmt.format(*[r.choice(p) for p in pools], **named)
        return out.format(**named) if "{" in out else out

    return G("text", fn)


_ORD0 = _dt.date(2019, 1, 1).toordinal()
_ORD1 = _dt.date(2026, 6, 30).toordinal()


def DATE(y0=2019, y1=2026):
    """A random date; in a year-scoped dataset, within that year."""

    def fn(r, i, c):
        if c.get("year"):
            a = _dt.date(c["year"], 1, 1).toordinal()
            return _dt.date.fromordinal(r.randint(a, a + 364)).isoformat()
        a = max(_ORD0, _dt.date(y0, 1, 1).toordinal())
        b = min(_ORD1, _dt.date(y1, 12, 31).toordinal())
        return _dt.date.fromordinal(r.randint(a, b)).isoformat()

    return G("date", fn)


def SEQ_DAY(start=_dt.date(2019, 1, 1)):
    o = start.toordinal()

    def fn(r, p, c):
        d = _dt.date.fromordinal(o + p)
        c["doy"] = d.timetuple().tm_yday
        return d.isoformat()

    return G("date", fn, seq=True)


def SEQ_MONTH(y0=2019, step=1):
    def fn(r, p, c):
        m = (c.get("year") or y0) * 12 + p * step
        c["month"] = m % 12 + 1
        return f"{m // 12:04d}-{m % 12 + 1:02d}-01"

    return G("date", fn, seq=True)


def SEQ_YEAR(y0=2019):
    return G("int", lambda r, p, c: y0 + p, seq=True)


def SEASON(base, amp, peak, sd, lo=0.0):
    """Daily value with a yearly cycle (peak on day-of-year `peak`), scaled per station."""
    k = 2 * math.pi / 365.25

    def fn(r, i, c):
        v = base * c.get("sf", 1.0) * (1 + amp * math.cos(k * (c["doy"] - peak))) + r.gauss(0, sd)
        return round(max(float(lo), v), 2)

    return G("numeric", fn)


def _station(r, i, c):
    c["sf"] = 0.75 + 0.05 * ((i * 7) % 11)
    return STATIONS[i]


STATIONS = [f"Toshkent, {d} ({n}-post)" for n, d in enumerate(REGIONS[0][7], 1)] + [
    f"{reg[6]}, {k}-post" for reg in REGIONS[1:] for k in (1, 2, 3)
]
STATION = G("text", _station, cyc=len(STATIONS))


def TEMP(r, i, c):
    """Daily mean air temperature, °C: about +1 in January, +29 in July."""
    return round(15 - 14 * math.cos(2 * math.pi * (c["doy"] - 15) / 365.25) + r.gauss(0, 3), 1)


TEMP = G("numeric", TEMP)

# --- Spheres (CKAN groups) --------------------------------------------------------------


def _sphere(name, title, ru, en, desc):
    return {"name": name, "title": title, "title_ru": ru, "title_en": en, "description": desc}


SPHERES = [
    _sphere(
        "talim",
        "Ta'lim",
        "Образование",
        "Education",
        "Maktabgacha, umumiy o'rta va oliy ta'lim muassasalari haqidagi ochiq ma'lumotlar.",
    ),
    _sphere(
        "sogliqni-saqlash",
        "Sog'liqni saqlash",
        "Здравоохранение",
        "Health",
        "Tibbiyot muassasalari, dorixonalar va emlash bo'yicha ochiq ma'lumotlar.",
    ),
    _sphere(
        "transport",
        "Transport",
        "Транспорт",
        "Transport",
        "Jamoat transporti, yo'l harakati va transport vositalari haqidagi ma'lumotlar.",
    ),
    _sphere(
        "qishloq-xojaligi",
        "Qishloq xo'jaligi",
        "Сельское хозяйство",
        "Agriculture",
        "Ekin maydonlari, hosil va chorvachilik bo'yicha statistik ma'lumotlar.",
    ),
    _sphere(
        "iqtisodiyot",
        "Iqtisodiyot",
        "Экономика",
        "Economy",
        "Tashqi savdo, tadbirkorlik va narxlar dinamikasi bo'yicha ma'lumotlar.",
    ),
    _sphere(
        "ekologiya",
        "Ekologiya",
        "Экология",
        "Ecology",
        "Atmosfera havosi, suv sifati va muhofaza etiladigan tabiiy hududlar haqida ma'lumotlar.",
    ),
    _sphere(
        "demografiya",
        "Demografiya",
        "Демография",
        "Demography",
        "Aholi soni, tug'ilish, nikoh va migratsiya bo'yicha statistik ma'lumotlar.",
    ),
    _sphere(
        "moliya",
        "Moliya",
        "Финансы",
        "Finance",
        "Davlat byudjeti ijrosi, bank tizimi va valyuta kurslari bo'yicha ma'lumotlar.",
    ),
    _sphere(
        "qurilish",
        "Qurilish",
        "Строительство",
        "Construction",
        "Uy-joy qurilishi va kommunal infratuzilma bo'yicha ochiq ma'lumotlar.",
    ),
    _sphere(
        "turizm",
        "Turizm",
        "Туризм",
        "Tourism",
        "Mehmonxonalar, xorijiy sayyohlar oqimi va gidlar haqidagi ma'lumotlar.",
    ),
    _sphere(
        "energetika",
        "Energetika",
        "Энергетика",
        "Energy",
        "Elektr energiyasi ishlab chiqarish va iste'moli bo'yicha ma'lumotlar.",
    ),
    _sphere(
        "ijtimoiy-himoya",
        "Ijtimoiy himoya",
        "Социальная защита",
        "Social protection",
        "Pensiyalar, nafaqalar va kam ta'minlangan oilalarga yordam bo'yicha ma'lumotlar.",
    ),
    _sphere(
        "madaniyat-va-sport",
        "Madaniyat va sport",
        "Культура и спорт",
        "Culture and sport",
        "Teatrlar, muzeylar, madaniy meros obyektlari va sport inshootlari haqida ma'lumotlar.",
    ),
    _sphere(
        "adliya",
        "Adliya",
        "Юстиция",
        "Justice",
        "Notariuslar, nodavlat notijorat tashkilotlari va FHDYo qaydlari bo'yicha ma'lumotlar.",
    ),
]

# --- Organizations ------------------------------------------------------------------------


def _org(name, title, ru, en, desc, contact, phone, email):
    return {
        "name": name,
        "title": title,
        "title_ru": ru,
        "title_en": en,
        "description": desc,
        "contact_name": contact,
        "contact_phone": phone,
        "contact_email": email,
    }


ORGANIZATIONS = [
    _org(
        "maktabgacha-va-maktab-talimi-vazirligi",
        "Maktabgacha va maktab ta'limi vazirligi",
        "Министерство дошкольного и школьного образования",
        "Ministry of Preschool and School Education",
        "Maktabgacha va umumiy o'rta ta'lim sohasidagi davlat siyosatini amalga oshiradi.",
        "Nurmatov Sherzod Baxtiyorovich",
        "+998712390015",
        "opendata@uzedu.uz",
    ),
    _org(
        "oliy-talim-fan-va-innovatsiyalar-vazirligi",
        "Oliy ta'lim, fan va innovatsiyalar vazirligi",
        "Министерство высшего образования, науки и инноваций",
        "Ministry of Higher Education, Science and Innovation",
        "Oliy ta'lim, ilmiy va innovatsion faoliyatni muvofiqlashtiradi.",
        "Qodirova Nodira Rustamovna",
        "+998712462342",
        "info@edu.uz",
    ),
    _org(
        "sogliqni-saqlash-vazirligi",
        "Sog'liqni saqlash vazirligi",
        "Министерство здравоохранения",
        "Ministry of Health",
        "Aholiga tibbiy yordam ko'rsatish tizimini boshqaradi.",
        "Yusupov Farrux Abdullayevich",
        "+998712394874",
        "opendata@ssv.uz",
    ),
    _org(
        "transport-vazirligi",
        "Transport vazirligi",
        "Министерство транспорта",
        "Ministry of Transport",
        "Avtomobil, temir yo'l, havo transporti va yo'l xo'jaligi sohasida siyosat yuritadi.",
        "Ergashev Otabek Ilhomovich",
        "+998712331105",
        "info@mintrans.uz",
    ),
    _org(
        "qishloq-xojaligi-vazirligi",
        "Qishloq xo'jaligi vazirligi",
        "Министерство сельского хозяйства",
        "Ministry of Agriculture",
        "Dehqonchilik, chorvachilik va agrar islohotlarni muvofiqlashtiradi.",
        "Xolmatov Bahodir Normatovich",
        "+998712410026",
        "info@agro.uz",
    ),
    _org(
        "iqtisodiyot-va-moliya-vazirligi",
        "Iqtisodiyot va moliya vazirligi",
        "Министерство экономики и финансов",
        "Ministry of Economy and Finance",
        "Iqtisodiy siyosat, davlat byudjeti va tashqi savdoni boshqaradi.",
        "Saidov Jamshid Akmalovich",
        "+998712391232",
        "opendata@imv.uz",
    ),
    _org(
        "ekologiya-vazirligi",
        "Ekologiya, atrof-muhitni muhofaza qilish va iqlim o'zgarishi vazirligi",
        "Министерство экологии, охраны окружающей среды и изменения климата",
        "Ministry of Ecology, Environmental Protection and Climate Change",
        "Atrof-muhit holatini kuzatadi va tabiiy resurslardan foydalanishni nazorat qiladi.",
        "Rahimova Gulnora Ulug'bekovna",
        "+998712073014",
        "info@eco.gov.uz",
    ),
    _org(
        "milliy-statistika-qomitasi",
        "Milliy statistika qo'mitasi",
        "Национальный комитет по статистике",
        "National Statistics Committee",
        "Rasmiy statistik ma'lumotlarni yig'adi, qayta ishlaydi va e'lon qiladi.",
        "Toshmatov Dilshod Rustamovich",
        "+998712027770",
        "info@stat.uz",
    ),
    _org(
        "adliya-vazirligi",
        "Adliya vazirligi",
        "Министерство юстиции",
        "Ministry of Justice",
        "Notariat, FHDYo organlari va nodavlat notijorat tashkilotlarini ro'yxatga olishni "
        "boshqaradi.",
        "Mirzayev Sanjar Zafarovich",
        "+998712337111",
        "info@adliya.uz",
    ),
    _org(
        "markaziy-bank",
        "O'zbekiston Respublikasi Markaziy banki",
        "Центральный банк Республики Узбекистан",
        "Central Bank of the Republic of Uzbekistan",
        "Pul-kredit siyosatini yuritadi va bank tizimini tartibga soladi.",
        "Haydarov Ravshan Temurovich",
        "+998712126302",
        "info@cbu.uz",
    ),
    _org(
        "energetika-vazirligi",
        "Energetika vazirligi",
        "Министерство энергетики",
        "Ministry of Energy",
        "Elektr energetikasi, neft-gaz va qayta tiklanuvchi energiya sohalarini boshqaradi.",
        "Umarov Akmal Sobirovich",
        "+998712382302",
        "info@minenergy.uz",
    ),
    _org(
        "turizm-qomitasi",
        "Turizm qo'mitasi",
        "Комитет по туризму",
        "Tourism Committee",
        "Ichki va xalqaro turizmni rivojlantirish siyosatini amalga oshiradi.",
        "Sharipova Malika Anvarovna",
        "+998712330727",
        "info@uzbektourism.uz",
    ),
    _org(
        "qurilish-vazirligi",
        "Qurilish va uy-joy kommunal xo'jaligi vazirligi",
        "Министерство строительства и жилищно-коммунального хозяйства",
        "Ministry of Construction and Housing and Communal Services",
        "Qurilish, uy-joy fondi va kommunal xizmatlar sohasidagi siyosatni yuritadi.",
        "Olimov Shuhrat Nodirovich",
        "+998712441707",
        "info@mc.uz",
    ),
    _org(
        "toshkent-shahar-hokimligi",
        "Toshkent shahar hokimligi",
        "Хокимият города Ташкента",
        "Tashkent City Administration",
        "Poytaxtning shahar xo'jaligi, transporti va mahallalarini boshqaradi.",
        "Abdullayev Javlon Shuhratovich",
        "+998712413080",
        "devonxona@tashkent.uz",
    ),
    _org(
        "madaniyat-vazirligi",
        "Madaniyat vazirligi",
        "Министерство культуры",
        "Ministry of Culture",
        "Teatrlar, muzeylar, kutubxonalar va madaniy meros obyektlarini boshqaradi.",
        "Tursunova Zulfiya Dilshodovna",
        "+998712390974",
        "info@madaniyat.uz",
    ),
    _org(
        "sport-vazirligi",
        "Sport vazirligi",
        "Министерство спорта",
        "Ministry of Sport",
        "Jismoniy tarbiya va sportni rivojlantirish siyosatini amalga oshiradi.",
        "Ismoilov Bobur Ravshanovich",
        "+998712383939",
        "info@minsport.uz",
    ),
    _org(
        "ijtimoiy-himoya-milliy-agentligi",
        "Ijtimoiy himoya milliy agentligi",
        "Национальное агентство социальной защиты",
        "National Agency for Social Protection",
        "Pensiya, nafaqa va ijtimoiy xizmatlarni tayinlash va to'lashni tashkil etadi.",
        "Normatova Feruza Baxtiyorovna",
        "+998712024545",
        "info@ijtimoiyhimoya.uz",
    ),
]

# --- Topic templates ------------------------------------------------------------------------
# Each topic is expanded into one dataset, or one per region (by=("region", [indices])) or per
# year (by=("year", [...])). Titles and notes may use {r} (region, in the title's language)
# and {y} (year).
_TOPICS = []


def topic(slug, titles, notes, org, spheres, tags, freq, lic, rows, cols, by=None):
    _TOPICS.append(
        dict(
            slug=slug,
            titles=titles,
            notes=notes,
            org=org,
            spheres=spheres,
            tags=tags,
            freq=freq,
            lic=lic,
            rows=rows,
            cols=cols,
            by=by,
        )
    )


def _ctx_pick(key, table, col):
    return G("text", lambda r, i, c: table[c[key]][col])


UNIS = [
    ("O'zbekiston Milliy universiteti", "Toshkent"),
    ("Toshkent davlat texnika universiteti", "Toshkent"),
    ("Toshkent davlat iqtisodiyot universiteti", "Toshkent"),
    ("Toshkent tibbiyot akademiyasi", "Toshkent"),
    ("Muhammad al-Xorazmiy nomidagi Toshkent axborot texnologiyalari universiteti", "Toshkent"),
    ("Toshkent davlat yuridik universiteti", "Toshkent"),
    ("Jahon iqtisodiyoti va diplomatiya universiteti", "Toshkent"),
    ("O'zbekiston davlat jahon tillari universiteti", "Toshkent"),
    ("Nizomiy nomidagi Toshkent davlat pedagogika universiteti", "Toshkent"),
    ("Samarqand davlat universiteti", "Samarqand"),
    ("Samarqand davlat tibbiyot universiteti", "Samarqand"),
    ("Buxoro davlat universiteti", "Buxoro"),
    ("Andijon davlat universiteti", "Andijon"),
    ("Farg'ona davlat universiteti", "Farg'ona"),
    ("Namangan davlat universiteti", "Namangan"),
    ("Qarshi davlat universiteti", "Qarshi"),
    ("Termiz davlat universiteti", "Termiz"),
    ("Urganch davlat universiteti", "Urganch"),
    ("Jizzax davlat pedagogika universiteti", "Jizzax"),
    ("Navoiy davlat konchilik va texnologiyalar universiteti", "Navoiy"),
    ("Guliston davlat universiteti", "Guliston"),
    ("Berdaq nomidagi Qoraqalpoq davlat universiteti", "Nukus"),
    ("Andijon davlat tibbiyot instituti", "Andijon"),
    ("Buxoro davlat tibbiyot instituti", "Buxoro"),
]
METRO = (
    [
        (s, "Chilonzor")
        for s in [
            "Olmazor",
            "Chilonzor",
            "Mirzo Ulug'bek",
            "Novza",
            "Milliy bog'",
            "Bunyodkor",
            "Paxtakor",
            "Mustaqillik maydoni",
            "Amir Temur xiyoboni",
            "Hamid Olimjon",
            "Pushkin",
            "Buyuk Ipak Yo'li",
        ]
    ]
    + [
        (s, "O'zbekiston")
        for s in [
            "Beruniy",
            "Tinchlik",
            "Chorsu",
            "G'afur G'ulom",
            "Alisher Navoiy",
            "O'zbekiston",
            "Kosmonavtlar",
            "Oybek",
            "Toshkent",
            "Mashinasozlar",
            "Do'stlik",
        ]
    ]
    + [
        (s, "Yunusobod")
        for s in [
            "Shahriston",
            "Bodomzor",
            "Minor",
            "Abdulla Qodiriy",
            "Yunus Rajabiy",
            "Ming O'rik",
        ]
    ]
)
BUS_STOPS = [
    "Chorsu",
    "Olmazor bozori",
    "Qo'yliq bozori",
    "Sergeli-8",
    "Yunusobod-19",
    "TTZ",
    "Beruniy metro bekati",
    "Chilonzor-25",
    "Shimoliy vokzal",
    "Janubiy vokzal",
    "Oloy bozori",
    "Mirobod bozori",
    "Toshkent xalqaro aeroporti",
    "Qorasuv",
    "Yangiobod bozori",
    "Bodomzor",
    "Ipodrom",
    "Texnopark",
    "Qatortol",
    "Qoraqamish-2",
]
BIG4 = [0, 11, 4, 2]  # Toshkent shahri, Samarqand, Farg'ona, Andijon

topic(
    "umumtalim-maktablari",
    ("{r} umumta'lim maktablari", "Общеобразовательные школы ({r})", "General schools ({r})"),
    (
        "{r}dagi davlat umumta'lim maktablari, ularning manzili, o'quvchi va o'qituvchilar soni.",
        "Государственные общеобразовательные школы ({r}): адрес, число учащихся и учителей.",
        "State general education schools of {r} with addresses, pupil and teacher numbers.",
    ),
    "maktabgacha-va-maktab-talimi-vazirligi",
    ["talim"],
    ["maktab", "ta'lim", "o'quvchilar", "o'qituvchilar"],
    "annual",
    "cc-by",
    lambda k: int(230 * _POP[k]),
    [
        ("tuman", DISTRICT),
        ("maktab_nomi", FMT("{n}-son umumiy o'rta ta'lim maktabi")),
        ("manzil", FMT("{d} tumani, {s} ko'chasi, {h}-uy")),
        (
            "maktab_turi",
            PICK("umumiy o'rta", "umumiy o'rta", "umumiy o'rta", "ixtisoslashtirilgan"),
        ),
        ("oquvchilar_soni", I(300, 2500)),
        ("oqituvchilar_soni", I(25, 140)),
        ("smenalar_soni", I(1, 2)),
        ("qurilgan_yili", I(1956, 2024)),
    ],
    by=("region", BIG4),
)

topic(
    "maktabgacha-talim-tashkilotlari",
    (
        "{r} maktabgacha ta'lim tashkilotlari",
        "Дошкольные образовательные организации ({r})",
        "Preschool education organizations ({r})",
    ),
    (
        "{r}dagi davlat va nodavlat bog'chalar, guruhlar va tarbiyalanuvchilar soni.",
        "Государственные и частные детские сады ({r}): число групп и воспитанников.",
        "State and private kindergartens of {r}: number of groups and children.",
    ),
    "maktabgacha-va-maktab-talimi-vazirligi",
    ["talim"],
    ["bog'cha", "maktabgacha ta'lim", "MTT"],
    "semiannual",
    "cc-by",
    lambda k: int(260 * _POP[k]),
    [
        ("tuman", DISTRICT),
        (
            "mtt_nomi",
            FMT(
                "{n}-son {0} maktabgacha ta'lim tashkiloti",
                ["davlat", "davlat", "xususiy", "DXSh asosidagi"],
            ),
        ),
        ("manzil", FMT("{d} tumani, {s} ko'chasi, {h}-uy")),
        ("tarbiyalanuvchilar_soni", I(40, 420)),
        ("guruhlar_soni", I(2, 16)),
        ("tarbiyachilar_soni", I(4, 38)),
        ("oqitish_tili", PICK("o'zbek", "o'zbek", "rus", "o'zbek, rus")),
    ],
    by=("region", [1, 7, 9]),
)

topic(
    "otm-talabalar-kontingenti",
    (
        "Oliy ta'lim muassasalari talabalar kontingenti, {y}",
        "Контингент студентов высших учебных заведений, {y}",
        "Student enrolment at higher education institutions, {y}",
    ),
    (
        "{y}/{y1} o'quv yilida oliy ta'lim muassasalari bo'yicha qabul va talabalar soni.",
        "Приём и численность студентов вузов в {y}/{y1} учебном году.",
        "Admission and student numbers at universities in the {y}/{y1} academic year.",
    ),
    "oliy-talim-fan-va-innovatsiyalar-vazirligi",
    ["talim"],
    ["oliy ta'lim", "talabalar", "universitet", "qabul"],
    "annual",
    "cc-by",
    len(UNIS) * 4,
    [
        ("otm_nomi", CYC(*[u[0] for u in UNIS], key="uni")),
        ("shahar", _ctx_pick("uni", UNIS, 1)),
        ("talim_shakli", CYC("kunduzgi", "sirtqi", "kechki", "masofaviy")),
        ("qabul_kvotasi", I(150, 3200)),
        ("talabalar_soni", I(600, 14000)),
        ("grant_ulushi_foiz", N(8, 35)),
    ],
    by=("year", [2022, 2023, 2024]),
)

topic(
    "tibbiyot-muassasalari",
    (
        "{r} tibbiyot muassasalari va o'rinlar soni",
        "Медицинские учреждения и койки ({r})",
        "Medical institutions and hospital beds ({r})",
    ),
    (
        "{r}dagi shifoxona va poliklinikalar, koyka o'rinlari hamda shifokorlar soni.",
        "Больницы и поликлиники ({r}): число коек и врачей.",
        "Hospitals and polyclinics of {r}: number of beds and doctors.",
    ),
    "sogliqni-saqlash-vazirligi",
    ["sogliqni-saqlash"],
    ["shifoxona", "poliklinika", "koyka", "tibbiyot"],
    "annual",
    "cc-by",
    lambda k: int(40 * _POP[k]),
    [
        ("tuman", DISTRICT),
        (
            "muassasa_nomi",
            FMT(
                "{0}",
                [
                    "{d} tuman tibbiyot birlashmasi",
                    "{n}-son oilaviy poliklinika",
                    "{n}-son shahar klinik shifoxonasi",
                    "{d} tuman ko'p tarmoqli markaziy poliklinikasi",
                    "{n}-son tug'ruq kompleksi",
                    "{n}-son bolalar shifoxonasi",
                ],
            ),
        ),
        ("manzil", FMT("{d} tumani, {s} ko'chasi, {h}-uy")),
        ("orinlar_soni", I(50, 900)),
        ("shifokorlar_soni", I(15, 420)),
        ("hamshiralar_soni", I(40, 1100)),
    ],
    by=("region", [0, 11, 10]),
)

topic(
    "toshkent-dorixonalari",
    (
        "Toshkent shahridagi dorixonalar reestri",
        "Реестр аптек города Ташкента",
        "Register of pharmacies in Tashkent",
    ),
    (
        "Litsenziyaga ega dorixonalar, ularning manzili va ish vaqti.",
        "Лицензированные аптеки, их адреса и часы работы.",
        "Licensed pharmacies with addresses and opening hours.",
    ),
    "sogliqni-saqlash-vazirligi",
    ["sogliqni-saqlash"],
    ["dorixona", "litsenziya", "dori"],
    "monthly",
    "cc-by",
    1460,
    [
        ("tuman", TSH_DISTRICT),
        (
            "dorixona_nomi",
            FMT(
                "{0} №{n}",
                [
                    "Grand Pharm",
                    "Dori-Darmon",
                    "Arzon Apteka",
                    "Shifo",
                    "Sog'lom avlod",
                    "Oxy Med",
                    "Med Farm",
                ],
            ),
        ),
        ("manzil", FMT("{d} tumani, {s} ko'chasi, {h}-uy")),
        ("litsenziya_raqami", FMT("FL-{k}")),
        ("litsenziya_sanasi", DATE()),
        ("ish_vaqti", PICK("08:00-22:00", "09:00-21:00", "24/7")),
        ("xodimlar_soni", I(2, 14)),
    ],
)

topic(
    "emlash-qamrovi",
    (
        "Bolalarni emlash qamrovi, {y}",
        "Охват детей вакцинацией, {y}",
        "Childhood vaccination coverage, {y}",
    ),
    (
        "{y} yilda hududlar va vaksinalar kesimida oylik emlash ko'rsatkichlari.",
        "Ежемесячные показатели вакцинации за {y} год по регионам и вакцинам.",
        "Monthly vaccination figures for {y} by region and vaccine.",
    ),
    "sogliqni-saqlash-vazirligi",
    ["sogliqni-saqlash", "demografiya"],
    ["emlash", "vaksina", "bolalar"],
    "monthly",
    "cc-by-sa",
    14 * 7 * 12,
    [
        ("viloyat", REGION),
        (
            "vaksina_turi",
            CYC(
                "BCG",
                "Gepatit B",
                "Poliomiyelit (OPV)",
                "QQP (qizamiq, qizilcha, parotit)",
                "Pnevmokokk (PCV)",
                "Rotavirus",
                "HPV",
            ),
        ),
        ("oy", SEQ_MONTH()),
        ("emlanganlar_soni", I(1200, 7800, pop=True)),
        ("qamrov_foizi", N(93, 99.8)),
    ],
    by=("year", [2023, 2024, 2025]),
)

topic(
    "toshkent-avtobus-yonalishlari",
    (
        "Toshkent shahri avtobus yo'nalishlari",
        "Автобусные маршруты города Ташкента",
        "Tashkent city bus routes",
    ),
    (
        "Shahar avtobus yo'nalishlari, oxirgi bekatlar, uzunligi va harakat oralig'i.",
        "Городские автобусные маршруты: конечные остановки, протяжённость и интервал.",
        "City bus routes: terminal stops, length and headway.",
    ),
    "toshkent-shahar-hokimligi",
    ["transport"],
    ["avtobus", "jamoat transporti", "Toshkent"],
    "quarterly",
    "cc-by",
    148,
    [
        ("yonalish_raqami", FMT("{n}")),
        ("boshlangich_bekat", PICK(*BUS_STOPS)),
        ("oxirgi_bekat", PICK(*BUS_STOPS)),
        ("uzunligi_km", N(8, 42)),
        ("avtobuslar_soni", I(6, 40)),
        ("interval_daqiqa", I(5, 25)),
        ("tashuvchi", PICK("Toshshahartransxizmat AJ", "Toshavtobus MChJ", "Avtobus parki 2")),
    ],
)


def _metro_month(r, i, c):
    c["mp"] = int((180000 + (c["st"] * 7919) % 1200000) * r.uniform(0.85, 1.15))
    return c["mp"]


topic(
    "metro-yolovchilar-oqimi",
    (
        "Toshkent metropoliteni bekatlari yo'lovchilar oqimi",
        "Пассажиропоток станций Ташкентского метрополитена",
        "Passenger flow at Tashkent Metro stations",
    ),
    (
        "Har bir bekat bo'yicha oylik yo'lovchilar soni (2023-2025).",
        "Ежемесячное число пассажиров по каждой станции (2023-2025).",
        "Monthly passenger numbers per station (2023-2025).",
    ),
    "toshkent-shahar-hokimligi",
    ["transport"],
    ["metro", "yo'lovchilar", "Toshkent"],
    "monthly",
    "cc-by",
    len(METRO) * 36,
    [
        ("bekat_nomi", CYC(*[m[0] for m in METRO], key="st")),
        ("liniya", _ctx_pick("st", METRO, 1)),
        ("oy", SEQ_MONTH(2023)),
        ("yolovchilar_soni", G("int", _metro_month)),
        ("ortacha_kunlik", G("int", lambda r, i, c: c["mp"] // 30)),
    ],
)

topic(
    "yol-transport-hodisalari",
    (
        "Yo'l-transport hodisalari, {y}",
        "Дорожно-транспортные происшествия, {y}",
        "Road traffic accidents, {y}",
    ),
    (
        "{y} yilda hududlar va oylar kesimida YTH, halok bo'lganlar va jarohatlanganlar soni.",
        "ДТП, погибшие и раненые по регионам и месяцам за {y} год.",
        "Road accidents, deaths and injuries by region and month in {y}.",
    ),
    "transport-vazirligi",
    ["transport"],
    ["YTH", "yo'l harakati", "xavfsizlik"],
    "monthly",
    "cc-by",
    14 * 12,
    [
        ("viloyat", REGION),
        ("oy", SEQ_MONTH()),
        ("yth_soni", I(35, 240, pop=True)),
        ("halok_bolganlar", I(4, 40, pop=True)),
        ("jarohatlanganlar", I(30, 260, pop=True)),
    ],
    by=("year", [2023, 2024, 2025]),
)

_VEH = [
    ("yengil avtomobil", 260000, 0.08),
    ("yuk avtomobili", 31000, 0.04),
    ("avtobus", 5200, 0.03),
    ("mototsikl", 7400, 0.02),
    ("elektromobil", 140, 0.9),
]
topic(
    "royxatdagi-transport-vositalari",
    (
        "Ro'yxatga olingan transport vositalari",
        "Зарегистрированные транспортные средства",
        "Registered motor vehicles",
    ),
    (
        "Hududlar va transport turlari bo'yicha yil oxiridagi transport vositalari soni.",
        "Число транспортных средств на конец года по регионам и видам.",
        "Vehicles on register at year end by region and type.",
    ),
    "transport-vazirligi",
    ["transport"],
    ["avtomobil", "ro'yxat", "transport vositalari"],
    "annual",
    "odc-by",
    14 * len(_VEH) * 7,
    [
        ("viloyat", REGION),
        ("transport_turi", CYC(*[v[0] for v in _VEH], key="vt")),
        ("yil", SEQ_YEAR(2019)),
        (
            "soni",
            G(
                "int",
                lambda r, i, c: int(
                    _VEH[c["vt"]][1]
                    * (1 + _VEH[c["vt"]][2]) ** c["p"]
                    * _pf(c)
                    * r.uniform(0.9, 1.1)
                ),
            ),
        ),
    ],
)

_CROPS = [("paxta", 26, 40), ("bug'doy", 45, 72), ("sholi", 38, 60), ("kartoshka", 180, 300)]


def _yield(r, i, c):
    c["yl"] = round(r.uniform(*_CROPS[c["crop"]][1:]), 2)
    return c["yl"]


def _area(r, i, c):
    c["area"] = round(r.uniform(2000, 120000) * _pf(c) * (1 if c["crop"] < 2 else 0.12), 2)
    return c["area"]


topic(
    "paxta-va-galla-hosili",
    (
        "Asosiy qishloq xo'jaligi ekinlari hosili, {y}",
        "Урожай основных сельхозкультур, {y}",
        "Harvest of main agricultural crops, {y}",
    ),
    (
        "{y} yilgi ekin maydoni, hosildorlik va yalpi hosil hududlar kesimida.",
        "Посевная площадь, урожайность и валовой сбор по регионам за {y} год.",
        "Sown area, yield and gross harvest by region in {y}.",
    ),
    "qishloq-xojaligi-vazirligi",
    ["qishloq-xojaligi"],
    ["paxta", "bug'doy", "hosil", "ekin"],
    "annual",
    "cc-by",
    13 * 4,
    [
        ("ekin_turi", CYC(*[x[0] for x in _CROPS], key="crop")),
        ("viloyat", REGION_RURAL),
        ("maydon_ga", G("numeric", _area)),
        ("hosildorlik_s_ga", G("numeric", _yield)),
        ("yalpi_hosil_tonna", G("numeric", lambda r, i, c: round(c["area"] * c["yl"] / 10, 2))),
    ],
    by=("year", [2023, 2024, 2025]),
)

topic(
    "chorva-mollari-soni",
    ("Chorva mollari va parrandalar soni", "Поголовье скота и птицы", "Livestock and poultry"),
    (
        "Barcha toifadagi xo'jaliklarda yil boshidagi chorva mollari soni (ming bosh).",
        "Поголовье скота во всех категориях хозяйств на начало года (тыс. голов).",
        "Livestock in all types of farms at the start of the year (thousand head).",
    ),
    "qishloq-xojaligi-vazirligi",
    ["qishloq-xojaligi"],
    ["chorva", "qoramol", "parranda"],
    "annual",
    "cc-by",
    13 * 7,
    [
        ("viloyat", REGION_RURAL),
        ("yil", SEQ_YEAR(2019)),
        ("qoramol", TREND("numeric", 960, 0.025, 0.03, pop=True)),
        ("qoy_va_echki", TREND("numeric", 1650, 0.02, 0.04, pop=True)),
        ("parranda", TREND("numeric", 6100, 0.06, 0.05, pop=True)),
        ("otlar", N(8, 45, pop=True)),
    ],
)

_COUNTRIES = [
    "Xitoy",
    "Rossiya",
    "Qozog'iston",
    "Turkiya",
    "Qirg'iziston",
    "Tojikiston",
    "Afg'oniston",
    "Janubiy Koreya",
    "Germaniya",
    "Turkmaniston",
    "Eron",
    "Hindiston",
    "BAA",
    "AQSH",
    "Belarus",
    "Ukraina",
    "Latviya",
    "Italiya",
    "Fransiya",
    "Polsha",
]
_W = [9, 9, 5, 4, 2.5, 1.6, 1.5, 3, 1.8, 1.2, 1, 0.9, 0.8, 0.8, 0.6, 0.5, 0.3, 0.4, 0.4, 0.3]
topic(
    "tashqi-savdo-davlatlar",
    (
        "Davlatlar bo'yicha tashqi savdo aylanmasi, {y}",
        "Внешнеторговый оборот по странам, {y}",
        "Foreign trade turnover by country, {y}",
    ),
    (
        "{y} yilda asosiy hamkor davlatlar bilan oylik eksport va import (mln AQSH dollari).",
        "Ежемесячный экспорт и импорт с основными странами-партнёрами за {y} (млн долл. США).",
        "Monthly exports and imports with main partner countries in {y} (USD million).",
    ),
    "iqtisodiyot-va-moliya-vazirligi",
    ["iqtisodiyot"],
    ["eksport", "import", "tashqi savdo"],
    "monthly",
    "cc-by",
    20 * 12,
    [
        ("davlat", CYC(*_COUNTRIES, key="cty")),
        ("oy", SEQ_MONTH()),
        (
            "eksport_mln_usd",
            G("numeric", lambda r, i, c: round(_W[c["cty"]] * r.uniform(14, 26), 2)),
        ),
        (
            "import_mln_usd",
            G("numeric", lambda r, i, c: round(_W[c["cty"]] * r.uniform(55, 95), 2)),
        ),
    ],
    by=("year", [2023, 2024]),
)

topic(
    "istemol-narxlari-indeksi",
    ("Iste'mol narxlari indeksi", "Индекс потребительских цен", "Consumer price index"),
    (
        "Tovar guruhlari bo'yicha oylik va yillik iste'mol narxlari indeksi (2019-2025).",
        "Месячный и годовой индекс потребительских цен по группам товаров (2019-2025).",
        "Monthly and year-on-year consumer price index by product group (2019-2025).",
    ),
    "milliy-statistika-qomitasi",
    ["iqtisodiyot", "moliya"],
    ["inflyatsiya", "narxlar", "INI"],
    "monthly",
    "cc-by",
    4 * 84,
    [
        (
            "tovar_guruhi",
            CYC("jami", "oziq-ovqat mahsulotlari", "nooziq-ovqat mahsulotlari", "xizmatlar"),
        ),
        ("oy", SEQ_MONTH(2019)),
        ("oylik_indeks", N(99.6, 101.9)),
        ("yillik_indeks", N(107.4, 114.8)),
    ],
)

topic(
    "kichik-biznes-royxatdan-otish",
    (
        "Yangi tashkil etilgan kichik biznes subyektlari, {y}",
        "Вновь созданные субъекты малого бизнеса, {y}",
        "New small business registrations, {y}",
    ),
    (
        "{y} yilda hududlar va oylar kesimida ro'yxatdan o'tgan va tugatilgan tadbirkorlik "
        "subyektlari.",
        "Зарегистрированные и ликвидированные субъекты предпринимательства за {y} год.",
        "Businesses registered and liquidated by region and month in {y}.",
    ),
    "iqtisodiyot-va-moliya-vazirligi",
    ["iqtisodiyot"],
    ["tadbirkorlik", "kichik biznes", "YaTT"],
    "monthly",
    "cc-by",
    14 * 12,
    [
        ("viloyat", REGION),
        ("oy", SEQ_MONTH()),
        ("yangi_korxonalar", I(300, 2600, pop=True)),
        ("yakka_tadbirkorlar", I(1500, 9000, pop=True)),
        ("tugatilganlar", I(50, 600, pop=True)),
    ],
    by=("year", [2024, 2025]),
)

topic(
    "mahalliy-byudjet-ijrosi",
    (
        "Mahalliy byudjetlar xarajatlari ijrosi, {y}",
        "Исполнение расходов местных бюджетов, {y}",
        "Execution of local budget expenditures, {y}",
    ),
    (
        "{y} yilda hududlar va xarajat moddalari bo'yicha choraklik reja va ijro (mlrd so'm).",
        "Квартальный план и исполнение по регионам и статьям расходов за {y} (млрд сумов).",
        "Quarterly plan and execution by region and expenditure item in {y} (billion soums).",
    ),
    "iqtisodiyot-va-moliya-vazirligi",
    ["moliya"],
    ["byudjet", "xarajatlar", "ochiq byudjet"],
    "quarterly",
    "cc-by",
    14 * 6 * 4,
    [
        ("viloyat", REGION),
        (
            "xarajat_moddasi",
            CYC(
                "ta'lim",
                "sog'liqni saqlash",
                "ijtimoiy himoya",
                "madaniyat va sport",
                "kommunal xo'jalik",
                "qishloq xo'jaligi",
            ),
        ),
        ("chorak", SEQ_MONTH(step=3)),
        ("reja_mlrd_som", N(40, 900, pop=True)),
        ("ijro_foizi", N(86, 101)),
    ],
    by=("year", [2023, 2024, 2025]),
)

_FX = [
    ("USD", "AQSH dollari", 12650),
    ("EUR", "Yevro", 13700),
    ("RUB", "Rossiya rubli", 140),
    ("GBP", "Angliya funt sterlingi", 16000),
    ("CNY", "Xitoy yuani", 1760),
    ("KZT", "Qozog'iston tengesi", 27),
    ("JPY", "Yaponiya iyenasi", 86),
    ("CHF", "Shveytsariya franki", 14600),
    ("TRY", "Turkiya lirasi", 390),
    ("KRW", "Janubiy Koreya voni", 9.4),
]
topic(
    "valyuta-kurslari",
    (
        "Xorijiy valyutalarning so'mga nisbatan rasmiy kurslari",
        "Официальные курсы иностранных валют к суму",
        "Official exchange rates of foreign currencies",
    ),
    (
        "Markaziy bank tomonidan har kuni belgilanadigan rasmiy kurslar (2024-2025).",
        "Официальные курсы, ежедневно устанавливаемые Центральным банком (2024-2025).",
        "Official rates set daily by the Central Bank (2024-2025).",
    ),
    "markaziy-bank",
    ["moliya"],
    ["valyuta", "kurs", "dollar"],
    "daily",
    "cc-zero",
    10 * 300,
    [
        ("valyuta_kodi", CYC(*[x[0] for x in _FX], key="fx")),
        ("valyuta_nomi", _ctx_pick("fx", _FX, 1)),
        ("sana", SEQ_DAY(_dt.date(2024, 3, 1))),
        (
            "kurs_som",
            G(
                "numeric",
                lambda r, i, c: round(
                    _FX[c["fx"]][2] * (1 + 0.00012 * c["p"]) * (1 + r.gauss(0, 0.004)), 2
                ),
            ),
        ),
        ("ozgarish_foiz", N(-0.6, 0.6)),
    ],
)

topic(
    "bank-kreditlari-hududlar",
    (
        "Hududlar bo'yicha kredit va depozit qoldiqlari",
        "Остатки кредитов и депозитов по регионам",
        "Loan and deposit balances by region",
    ),
    (
        "Tijorat banklarining oy oxiridagi kredit va depozit qoldiqlari (mlrd so'm).",
        "Остатки кредитов и депозитов коммерческих банков на конец месяца (млрд сумов).",
        "Commercial bank loan and deposit balances at month end (billion soums).",
    ),
    "markaziy-bank",
    ["moliya"],
    ["kredit", "depozit", "bank"],
    "monthly",
    "cc-by",
    14 * 36,
    [
        ("viloyat", REGION),
        ("oy", SEQ_MONTH(2022)),
        ("kredit_qoldigi_mlrd_som", TREND("numeric", 14500, 0.018, 0.03, pop=True)),
        ("depozit_qoldigi_mlrd_som", TREND("numeric", 6200, 0.022, 0.04, pop=True)),
        ("muammoli_kreditlar_foiz", N(2.1, 6.4)),
    ],
)

topic(
    "bankomat-va-terminallar",
    (
        "Bankomatlar va to'lov terminallari soni",
        "Количество банкоматов и платёжных терминалов",
        "ATMs and payment terminals",
    ),
    (
        "Chorak oxiridagi bankomatlar, infokiosklar va to'lov terminallari soni hududlar bo'yicha.",
        "Число банкоматов, инфокиосков и платёжных терминалов на конец квартала по регионам.",
        "ATMs, info kiosks and payment terminals at quarter end by region.",
    ),
    "markaziy-bank",
    ["moliya"],
    ["bankomat", "terminal", "to'lov"],
    "quarterly",
    "cc-by",
    14 * 20,
    [
        ("viloyat", REGION),
        ("chorak", SEQ_MONTH(2021, step=3)),
        ("bankomatlar", TREND("int", 950, 0.035, 0.04, pop=True)),
        ("infokiosklar", TREND("int", 260, 0.02, 0.05, pop=True)),
        ("tolov_terminallari", TREND("int", 21000, 0.045, 0.04, pop=True)),
    ],
)

# The one large table: daily means at every monitoring post since 2019.
topic(
    "atmosfera-havosi-sifati",
    (
        "Atmosfera havosining sifati (kundalik kuzatuvlar)",
        "Качество атмосферного воздуха (ежедневные наблюдения)",
        "Ambient air quality (daily observations)",
    ),
    (
        "Monitoring postlarida o'lchangan PM2.5, PM10, NO2, SO2 va havo haroratining kunlik "
        "o'rtacha qiymatlari.",
        "Среднесуточные PM2.5, PM10, NO2, SO2 и температура воздуха на постах мониторинга.",
        "Daily mean PM2.5, PM10, NO2, SO2 and air temperature at monitoring posts.",
    ),
    "ekologiya-vazirligi",
    ["ekologiya", "sogliqni-saqlash"],
    ["havo sifati", "chang zarralari", "monitoring"],
    "daily",
    "cc-by",
    120000,
    [
        ("stansiya", STATION),
        ("sana", SEQ_DAY()),
        ("pm25", SEASON(36, 0.55, 15, 6, 3)),
        ("pm10", SEASON(68, 0.3, 200, 12, 8)),
        ("no2", SEASON(31, 0.25, 15, 5, 2)),
        ("so2", SEASON(11, 0.3, 15, 2.5, 0.5)),
        ("harorat", TEMP),
    ],
)

_POSTS = [
    (f"{river}, {place}", river)
    for river, places in [
        ("Chirchiq", ["G'azalkent", "Chirchiq shahri", "Oqqo'rg'on"]),
        ("Amudaryo", ["Termiz", "Kerki", "Qipchoq"]),
        ("Sirdaryo", ["Bekobod", "Chinoz", "Guliston"]),
        ("Zarafshon", ["Ravatxo'ja", "Kattaqo'rg'on", "Navoiy"]),
        ("Qoradaryo", ["Andijon", "Xo'jaobod"]),
        ("Norin", ["Uchqo'rg'on"]),
        ("Surxondaryo", ["Denov", "Sho'rchi"]),
        ("Qashqadaryo", ["Chiroqchi", "Qarshi"]),
        ("Ohangaron", ["Angren"]),
        ("Bo'zsuv kanali", ["Toshkent"]),
    ]
    for place in places
]
topic(
    "yer-usti-suvlari-sifati",
    ("Yer usti suvlarining sifati", "Качество поверхностных вод", "Surface water quality"),
    (
        "Daryo va kanallardagi kuzatuv postlarida oylik gidrokimyoviy ko'rsatkichlar.",
        "Ежемесячные гидрохимические показатели на постах наблюдения рек и каналов.",
        "Monthly hydrochemical indicators at river and canal monitoring posts.",
    ),
    "ekologiya-vazirligi",
    ["ekologiya"],
    ["suv sifati", "daryo", "monitoring"],
    "monthly",
    "cc-by",
    len(_POSTS) * 84,
    [
        ("kuzatuv_posti", CYC(*[p[0] for p in _POSTS], key="wp")),
        ("daryo", _ctx_pick("wp", _POSTS, 1)),
        ("oy", SEQ_MONTH(2019)),
        ("ph", N(7.1, 8.4)),
        ("erigan_kislorod_mg_l", N(6, 11.5)),
        ("nitratlar_mg_l", N(0.4, 9.5)),
        ("minerallashuv_mg_l", N(280, 2400)),
    ],
)

_PA = [
    ("Zomin davlat qo'riqxonasi", "qo'riqxona", 5, 1926),
    ("Chotqol biosfera qo'riqxonasi", "qo'riqxona", 1, 1947),
    ("Hisor davlat qo'riqxonasi", "qo'riqxona", 9, 1983),
    ("Surxon davlat qo'riqxonasi", "qo'riqxona", 13, 1987),
    ("Zarafshon davlat qo'riqxonasi", "qo'riqxona", 11, 1975),
    ("Qizilqum davlat qo'riqxonasi", "qo'riqxona", 3, 1971),
    ("Nurota davlat qo'riqxonasi", "qo'riqxona", 5, 1975),
    ("Kitob davlat geologik qo'riqxonasi", "qo'riqxona", 9, 1979),
    ("Baday-To'qay davlat qo'riqxonasi", "qo'riqxona", 10, 1971),
    ("Zomin milliy bog'i", "milliy bog'", 5, 1976),
    ("Ugom-Chotqol davlat milliy tabiat bog'i", "milliy bog'", 1, 1990),
    ("Zarafshon milliy tabiat bog'i", "milliy bog'", 11, 2018),
    ("Durmen milliy bog'i", "milliy bog'", 0, 2018),
    ('"Jayron" ekomarkazi', "ekomarkaz", 3, 1977),
    ("Saygachiy kompleks buyurtmaxonasi", "buyurtmaxona", 10, 2016),
    ("Arnasoy ornitologik buyurtmaxonasi", "buyurtmaxona", 5, 1983),
    ("Qoraqir buyurtmaxonasi", "buyurtmaxona", 3, 1982),
    ("Sudochye ko'li buyurtmaxonasi", "buyurtmaxona", 10, 1991),
    ("Dengizko'l buyurtmaxonasi", "buyurtmaxona", 3, 1973),
    ("Oqtov tabiat yodgorligi", "tabiat yodgorligi", 8, 1998),
    ("Yangiqal'a tabiat yodgorligi", "tabiat yodgorligi", 6, 2005),
    ("Boysun tog'lari tabiat yodgorligi", "tabiat yodgorligi", 13, 2002),
]
topic(
    "muhofaza-etiladigan-tabiiy-hududlar",
    (
        "Muhofaza etiladigan tabiiy hududlar",
        "Охраняемые природные территории",
        "Protected natural areas",
    ),
    (
        "Qo'riqxonalar, milliy bog'lar, buyurtmaxonalar va tabiat yodgorliklari ro'yxati.",
        "Перечень заповедников, национальных парков, заказников и памятников природы.",
        "List of nature reserves, national parks, sanctuaries and natural monuments.",
    ),
    "ekologiya-vazirligi",
    ["ekologiya", "turizm"],
    ["qo'riqxona", "milliy bog'", "tabiat"],
    "irregular",
    "cc-by",
    len(_PA),
    [
        ("hudud_nomi", CYC(*[p[0] for p in _PA], key="pa")),
        ("toifasi", _ctx_pick("pa", _PA, 1)),
        ("viloyat", G("text", lambda r, i, c: REGION_NAMES[_PA[c["pa"]][2]])),
        ("tashkil_etilgan_yil", G("int", lambda r, i, c: _PA[c["pa"]][3])),
        ("maydoni_ga", N(900, 95000)),
    ],
)

topic(
    "maishiy-chiqindilar",
    (
        "Maishiy chiqindilarni yig'ish va qayta ishlash",
        "Сбор и переработка бытовых отходов",
        "Collection and recycling of household waste",
    ),
    (
        "Hududlar bo'yicha yig'ilgan maishiy chiqindilar hajmi va qayta ishlash darajasi.",
        "Объём собранных бытовых отходов и уровень переработки по регионам.",
        "Household waste collected and recycling rate by region.",
    ),
    "ekologiya-vazirligi",
    ["ekologiya", "qurilish"],
    ["chiqindi", "qayta ishlash", "ekologiya"],
    "annual",
    "odc-by",
    14 * 7,
    [
        ("viloyat", REGION),
        ("yil", SEQ_YEAR(2019)),
        ("yigilgan_ming_tonna", TREND("numeric", 520, 0.04, 0.05, pop=True)),
        ("qayta_ishlangan_foiz", TREND("numeric", 14, 0.14, 0.06)),
        ("poligonlar_soni", I(3, 14)),
    ],
)

topic(
    "doimiy-aholi-soni",
    ("Doimiy aholi soni", "Численность постоянного населения", "Resident population"),
    (
        "Hududlar bo'yicha yil boshidagi doimiy aholi soni va shahar aholisi ulushi.",
        "Численность постоянного населения на начало года и доля городского населения по регионам.",
        "Resident population at the start of the year and urban share by region.",
    ),
    "milliy-statistika-qomitasi",
    ["demografiya"],
    ["aholi", "demografiya", "statistika"],
    "annual",
    "cc-by",
    14 * 7,
    [
        ("viloyat", REGION_CYR),
        ("yil", SEQ_YEAR(2019)),
        (
            "aholi_soni",
            G(
                "int",
                lambda r, i, c: int(
                    _POP[c["reg"]] * 1e6 * 1.021 ** (c["p"] - 5) * r.uniform(0.998, 1.002)
                ),
            ),
        ),
        (
            "shahar_aholisi_foiz",
            G(
                "numeric",
                lambda r, i, c: (
                    100.0 if c["reg"] == 0 else round(30 + (c["reg"] * 7) % 25 + r.uniform(0, 2), 2)
                ),
            ),
        ),
        ("erkaklar_foiz", N(49.6, 50.6)),
    ],
)

topic(
    "fhdyo-qaydlari",
    (
        "FHDYo organlarida qayd etilgan hodisalar, {y}",
        "Акты гражданского состояния, {y}",
        "Civil registry records, {y}",
    ),
    (
        "{y} yilda tug'ilish, nikoh, ajrim va vafot qaydlari hududlar va oylar kesimida.",
        "Регистрация рождений, браков, разводов и смертей по регионам и месяцам за {y} год.",
        "Births, marriages, divorces and deaths registered by region and month in {y}.",
    ),
    "adliya-vazirligi",
    ["demografiya", "adliya"],
    ["tug'ilish", "nikoh", "FHDYo"],
    "monthly",
    "cc-by",
    14 * 12,
    [
        ("viloyat", REGION),
        ("oy", SEQ_MONTH()),
        ("tugilganlar", I(4200, 7000, pop=True)),
        ("nikohlar", I(1500, 4300, pop=True)),
        ("ajrimlar", I(250, 900, pop=True)),
        ("vafot_etganlar", I(900, 1900, pop=True)),
    ],
    by=("year", [2024, 2025]),
)

_SECT = [
    ("sanoat", 1.2),
    ("qishloq xo'jaligi", 0.6),
    ("qurilish", 1.1),
    ("savdo", 0.8),
    ("transport va saqlash", 1.15),
    ("axborot va aloqa", 1.7),
    ("moliya va sug'urta", 2.3),
    ("ta'lim", 0.85),
    ("sog'liqni saqlash", 0.8),
    ("davlat boshqaruvi", 1.25),
    ("turar joy va ovqatlanish", 0.7),
    ("tog'-kon sanoati", 2.0),
]
topic(
    "orta-oylik-ish-haqi",
    (
        "Iqtisodiyot tarmoqlari bo'yicha o'rtacha oylik ish haqi",
        "Среднемесячная заработная плата по отраслям экономики",
        "Average monthly wage by economic sector",
    ),
    (
        "Choraklar bo'yicha o'rtacha nominal ish haqi (ming so'm) va ishchilar soni.",
        "Средняя номинальная заработная плата (тыс. сумов) и численность работников по кварталам.",
        "Average nominal wage (thousand soums) and employees by quarter.",
    ),
    "milliy-statistika-qomitasi",
    ["iqtisodiyot", "ijtimoiy-himoya"],
    ["ish haqi", "mehnat", "daromad"],
    "quarterly",
    "cc-by",
    12 * 28,
    [
        ("tarmoq", CYC(*[s[0] for s in _SECT], key="sec")),
        ("chorak", SEQ_MONTH(2019, step=3)),
        (
            "orta_ish_haqi_ming_som",
            G(
                "numeric",
                lambda r, i, c: round(
                    2500 * _SECT[c["sec"]][1] * 1.045 ** c["p"] * r.uniform(0.97, 1.03), 2
                ),
            ),
        ),
        ("xodimlar_soni", I(60000, 1400000)),
    ],
)

topic(
    "turar-joy-qurilishi",
    (
        "Foydalanishga topshirilgan ko'p kvartirali uylar, {y}",
        "Введённые в эксплуатацию многоквартирные дома, {y}",
        "Apartment buildings commissioned, {y}",
    ),
    (
        "{y} yilda qurib bitkazilgan ko'p qavatli uylar, kvartiralar soni va pudratchilar.",
        "Многоэтажные дома, сданные в {y} году: число квартир и подрядчики.",
        "Multi-storey buildings completed in {y}: apartments and contractors.",
    ),
    "qurilish-vazirligi",
    ["qurilish"],
    ["uy-joy", "qurilish", "kvartira"],
    "quarterly",
    "cc-by",
    640,
    [
        ("viloyat", REGION_RND),
        ("tuman", DISTRICT),
        ("manzil", FMT("{d} tumani, {s} ko'chasi, {h}-uy")),
        (
            "loyiha",
            PICK(
                "ko'p qavatli turar-joy",
                "arzon uy-joy dasturi",
                "Yangi O'zbekiston massivi",
                "ijtimoiy uy-joy",
            ),
        ),
        ("qavatlar", I(4, 16)),
        ("kvartiralar_soni", I(16, 160)),
        ("topshirilgan_sana", DATE()),
        (
            "pudratchi",
            FMT(
                '"{0} {1}" MChJ',
                ["Golden", "Mega", "Sifat", "Orzu", "Buyuk", "Baraka"],
                ["Qurilish", "Invest", "Build", "Servis", "Stroy"],
            ),
        ),
    ],
    by=("year", [2024, 2025]),
)

topic(
    "ichimlik-suvi-taminoti",
    (
        "Aholini ichimlik suvi va kanalizatsiya bilan ta'minlanganlik",
        "Обеспеченность населения питьевой водой и канализацией",
        "Population access to drinking water and sewerage",
    ),
    (
        "Markazlashgan ichimlik suvi va kanalizatsiya tizimlari bilan qamrab olingan aholi ulushi.",
        "Доля населения, охваченного централизованным водоснабжением и канализацией.",
        "Share of population with centralised water supply and sewerage.",
    ),
    "qurilish-vazirligi",
    ["qurilish", "ijtimoiy-himoya"],
    ["ichimlik suvi", "kanalizatsiya", "kommunal"],
    "annual",
    "cc-by",
    14 * 7,
    [
        ("viloyat", REGION),
        ("yil", SEQ_YEAR(2019)),
        ("ichimlik_suvi_foiz", TREND("numeric", 64, 0.025, 0.04)),
        ("kanalizatsiya_foiz", TREND("numeric", 17, 0.05, 0.08)),
        ("suv_quvurlari_km", TREND("numeric", 5200, 0.03, 0.05, pop=True)),
    ],
)

_TOUR = [0, 0, 0, 11, 11, 11, 3, 3, 3, 6, 6, 4, 2, 7, 9, 13, 10, 1, 5, 8, 12]


def _tour_region(r, i, c):
    return _set_region(c, r.choice(_TOUR))


topic(
    "mehmonxonalar-reestri",
    (
        "Mehmonxonalar va joylashtirish vositalari reestri",
        "Реестр гостиниц и средств размещения",
        "Register of hotels and accommodation",
    ),
    (
        "Mehmonxonalar, xostellar va mehmon uylari: toifasi, xonalar va o'rinlar soni.",
        "Гостиницы, хостелы и гостевые дома: категория, число номеров и мест.",
        "Hotels, hostels and guest houses: category, rooms and beds.",
    ),
    "turizm-qomitasi",
    ["turizm"],
    ["mehmonxona", "turizm", "xostel"],
    "quarterly",
    "cc-by",
    960,
    [
        ("viloyat", G("text", _tour_region)),
        (
            "nomi",
            FMT(
                "{0} {1}",
                [
                    "Registon",
                    "Silk Road",
                    "Afrosiyob",
                    "Minor",
                    "Karvon",
                    "Old City",
                    "Grand",
                    "Orient",
                    "Navro'z",
                    "Bahor",
                    "Xiva",
                    "Sharq",
                ],
                ["Hotel", "Palace", "Inn", "Hostel", "Guest House", "Boutique"],
            ),
        ),
        ("manzil", FMT("{ctr}, {s} ko'chasi, {h}")),
        ("toifasi", PICK("3*", "3*", "4*", "5*", "2*", "toifasiz")),
        ("xonalar_soni", I(6, 240)),
        ("orinlar_soni", I(12, 480)),
        (
            "telefon",
            FMT(
                "+998 {0} {k}{1}",
                ["71", "66", "65", "62", "90", "91", "97"],
                ["01", "25", "47", "63", "88"],
            ),
        ),
    ],
)

topic(
    "xorijiy-sayyohlar-tashrifi",
    (
        "Xorijiy fuqarolarning O'zbekistonga tashriflari",
        "Въезд иностранных граждан в Узбекистан",
        "Foreign visitor arrivals in Uzbekistan",
    ),
    (
        "Davlatlar bo'yicha oylik xorijiy tashriflar soni (2022-2025).",
        "Ежемесячное число въездов иностранных граждан по странам (2022-2025).",
        "Monthly foreign arrivals by country (2022-2025).",
    ),
    "turizm-qomitasi",
    ["turizm"],
    ["sayyohlar", "turizm", "tashrif"],
    "monthly",
    "cc-by",
    20 * 48,
    [
        ("davlat", CYC(*_COUNTRIES, key="cty")),
        ("oy", SEQ_MONTH(2022)),
        (
            "tashriflar_soni",
            G(
                "int",
                lambda r, i, c: int(
                    _W[c["cty"]] ** 1.4 * 2600 * 1.012 ** c["p"] * r.uniform(0.7, 1.3)
                ),
            ),
        ),
        ("turizm_maqsadida_foiz", N(35, 82)),
        ("ortacha_qolish_kun", N(3, 11)),
    ],
)

topic(
    "gidlar-reestri",
    ("Gid-tarjimonlar reestri", "Реестр гидов-переводчиков", "Register of tour guides"),
    (
        "Malaka sertifikatiga ega gid-tarjimonlar, ular biladigan tillar va hudud.",
        "Гиды-переводчики с квалификационным сертификатом: языки и регион.",
        "Certified tour guides with languages and region.",
    ),
    "turizm-qomitasi",
    ["turizm"],
    ["gid", "tarjimon", "turizm"],
    "monthly",
    "cc-by",
    640,
    [
        ("fio", FIO),
        ("viloyat", G("text", _tour_region)),
        (
            "tillar",
            PICK(
                "ingliz",
                "rus, ingliz",
                "fransuz",
                "nemis, ingliz",
                "yapon",
                "koreys",
                "xitoy",
                "italyan",
                "ispan, ingliz",
                "turk",
            ),
        ),
        ("sertifikat_raqami", FMT("GID-{k}")),
        ("berilgan_sana", DATE()),
        ("tajriba_yil", I(1, 28)),
    ],
)

_HER = [
    ("Registon ansambli", "Samarqand", "XV-XVII asrlar", "ha"),
    ("Shohi Zinda majmuasi", "Samarqand", "XI-XIX asrlar", "ha"),
    ("Go'ri Amir maqbarasi", "Samarqand", "XV asr", "ha"),
    ("Bibixonim masjidi", "Samarqand", "XV asr", "ha"),
    ("Ulug'bek rasadxonasi", "Samarqand", "XV asr", "ha"),
    ("Ark qal'asi", "Buxoro", "V-XX asrlar", "ha"),
    ("Poi Kalon majmuasi", "Buxoro", "XII-XVI asrlar", "ha"),
    ("Ismoil Somoniy maqbarasi", "Buxoro", "X asr", "ha"),
    ("Labi hovuz ansambli", "Buxoro", "XVI-XVII asrlar", "ha"),
    ("Chor Minor", "Buxoro", "XIX asr", "ha"),
    ("Ichan qal'a", "Xiva", "XVII-XIX asrlar", "ha"),
    ("Kalta Minor minorasi", "Xiva", "XIX asr", "ha"),
    ("Juma masjidi", "Xiva", "X-XVIII asrlar", "ha"),
    ("Oqsaroy saroyi", "Shahrisabz", "XIV asr", "ha"),
    ("Dorut tilovat majmuasi", "Shahrisabz", "XIV-XV asrlar", "ha"),
    ("Hazrati Imom majmuasi", "Toshkent", "XVI-XXI asrlar", "yo'q"),
    ("Ko'kaldosh madrasasi", "Toshkent", "XVI asr", "yo'q"),
    ("Fayoztepa", "Termiz", "I-III asrlar", "yo'q"),
    ("Qirqqiz qal'asi", "Termiz", "IX-X asrlar", "yo'q"),
    ("Sulton Saodat majmuasi", "Termiz", "X-XVII asrlar", "yo'q"),
    ("Ayozqal'a", "Ellikqal'a", "IV-VII asrlar", "yo'q"),
    ("Tuproqqal'a", "Ellikqal'a", "I-VI asrlar", "yo'q"),
    ("Xudoyorxon o'rdasi", "Qo'qon", "XIX asr", "yo'q"),
    ("Jome masjidi", "Qo'qon", "XIX asr", "yo'q"),
]
topic(
    "madaniy-meros-obyektlari",
    (
        "Moddiy madaniy meros obyektlari",
        "Объекты материального культурного наследия",
        "Tangible cultural heritage sites",
    ),
    (
        "Davlat muhofazasidagi me'moriy va arxeologik yodgorliklar hamda ularga tashriflar.",
        "Архитектурные и археологические памятники под охраной государства и их посещаемость.",
        "State-protected architectural and archaeological monuments and their visitors.",
    ),
    "madaniyat-vazirligi",
    ["madaniyat-va-sport", "turizm"],
    ["madaniy meros", "yodgorlik", "YuNESKO"],
    "annual",
    "cc-by-sa",
    len(_HER),
    [
        ("obyekt_nomi", CYC(*[h[0] for h in _HER], key="h")),
        ("joylashuvi", _ctx_pick("h", _HER, 1)),
        ("davri", _ctx_pick("h", _HER, 2)),
        ("yunesko_royxatida", _ctx_pick("h", _HER, 3)),
        ("royxat_raqami", FMT("MM-{k}")),
        ("tashriflar_2025", I(15000, 900000)),
    ],
)

_VEN = [
    ("Alisher Navoiy nomidagi Davlat akademik katta teatri", "teatr"),
    ("O'zbek milliy akademik drama teatri", "teatr"),
    ("Muqimiy nomidagi musiqali teatr", "teatr"),
    ("Abror Hidoyatov nomidagi teatr", "teatr"),
    ("O'zbekiston davlat yosh tomoshabinlar teatri", "teatr"),
    ("Ilxom teatri", "teatr"),
    ("Samarqand viloyat musiqali drama teatri", "teatr"),
    ("Buxoro viloyat musiqali drama teatri", "teatr"),
    ("Farg'ona viloyat musiqali drama teatri", "teatr"),
    ("O'zbekiston tarixi davlat muzeyi", "muzey"),
    ("O'zbekiston davlat san'at muzeyi", "muzey"),
    ("Temuriylar tarixi davlat muzeyi", "muzey"),
    ("Amaliy san'at muzeyi", "muzey"),
    ("I.V. Savitskiy nomidagi Qoraqalpog'iston davlat san'at muzeyi", "muzey"),
    ("Samarqand davlat muzey-qo'riqxonasi", "muzey"),
    ("Buxoro davlat muzey-qo'riqxonasi", "muzey"),
    ("Ichan qal'a davlat muzey-qo'riqxonasi", "muzey"),
    ("Termiz arxeologiya muzeyi", "muzey"),
    ("Shahrisabz davlat muzey-qo'riqxonasi", "muzey"),
    ("Qo'qon o'lkashunoslik muzeyi", "muzey"),
]
topic(
    "teatr-va-muzeylar-tashriflari",
    (
        "Teatr va muzeylarga tashriflar",
        "Посещаемость театров и музеев",
        "Theatre and museum attendance",
    ),
    (
        "Davlat teatrlari va muzeylari bo'yicha yillik tashrif buyuruvchilar va tadbirlar soni.",
        "Годовое число посетителей и мероприятий государственных театров и музеев.",
        "Annual visitors and events at state theatres and museums.",
    ),
    "madaniyat-vazirligi",
    ["madaniyat-va-sport"],
    ["teatr", "muzey", "madaniyat"],
    "annual",
    "cc-by",
    len(_VEN) * 7,
    [
        ("muassasa_nomi", CYC(*[v[0] for v in _VEN], key="v")),
        ("turi", _ctx_pick("v", _VEN, 1)),
        ("yil", SEQ_YEAR(2019)),
        ("tashrif_buyuruvchilar", I(9000, 420000)),
        ("tadbirlar_soni", I(40, 420)),
    ],
)

topic(
    "axborot-kutubxona-markazlari",
    (
        "Axborot-kutubxona markazlari faoliyati",
        "Деятельность информационно-библиотечных центров",
        "Information and library centres",
    ),
    (
        "Hududlar bo'yicha kutubxonalar soni, kitob fondi va kitobxonlar soni.",
        "Число библиотек, книжный фонд и число читателей по регионам.",
        "Libraries, book stock and readers by region.",
    ),
    "madaniyat-vazirligi",
    ["madaniyat-va-sport", "talim"],
    ["kutubxona", "kitob", "kitobxonlar"],
    "annual",
    "cc-by",
    14 * 7,
    [
        ("viloyat", REGION),
        ("yil", SEQ_YEAR(2019)),
        ("kutubxonalar_soni", I(14, 60, pop=True)),
        ("kitob_fondi_ming_nusxa", N(600, 2400, pop=True)),
        ("kitobxonlar_soni", I(40000, 260000, pop=True)),
    ],
)

topic(
    "sport-inshootlari",
    ("Sport inshootlari reestri", "Реестр спортивных сооружений", "Register of sports facilities"),
    (
        "Stadionlar, sport majmualari, suzish havzalari va maydonchalar: sig'imi va holati.",
        "Стадионы, спорткомплексы, бассейны и площадки: вместимость и состояние.",
        "Stadiums, sports complexes, pools and grounds: capacity and condition.",
    ),
    "sport-vazirligi",
    ["madaniyat-va-sport"],
    ["sport", "stadion", "inshoot"],
    "semiannual",
    "cc-by",
    1200,
    [
        ("viloyat", REGION_RND),
        ("tuman", DISTRICT),
        (
            "obyekt_nomi",
            FMT(
                "{d} {0}",
                [
                    "sport majmuasi",
                    "stadioni",
                    "suzish havzasi",
                    "kurash zali",
                    "mini-futbol maydoni",
                    "tennis korti",
                    "bolalar sport maktabi",
                ],
            ),
        ),
        ("sigimi", I(30, 12000)),
        ("qurilgan_yili", I(1968, 2025)),
        ("holati", PICK("yaxshi", "yaxshi", "qoniqarli", "ta'mir talab")),
    ],
)

_SPORTS = [
    "kurash",
    "boks",
    "dzyudo",
    "erkin kurash",
    "taekvondo",
    "og'ir atletika",
    "futbol",
    "gimnastika",
    "suzish",
    "shaxmat",
    "yengil atletika",
    "kanoeda eshkak eshish",
]
topic(
    "bolalar-sport-maktablari",
    (
        "Bolalar-o'smirlar sport maktablari",
        "Детско-юношеские спортивные школы",
        "Children's and youth sports schools",
    ),
    (
        "Sport turlari va hududlar bo'yicha shug'ullanuvchilar va murabbiylar soni.",
        "Число занимающихся и тренеров по видам спорта и регионам.",
        "Number of trainees and coaches by sport and region.",
    ),
    "sport-vazirligi",
    ["madaniyat-va-sport", "talim"],
    ["sport maktabi", "bolalar sporti", "murabbiy"],
    "annual",
    "cc-by",
    14 * 12,
    [
        ("viloyat", REGION),
        ("sport_turi", CYC(*_SPORTS)),
        ("shugullanuvchilar", I(150, 2400, pop=True)),
        ("murabbiylar", I(6, 80, pop=True)),
    ],
)

topic(
    "xalqaro-musobaqalar-medallari",
    (
        "Xalqaro musobaqalarda qo'lga kiritilgan medallar",
        "Медали на международных соревнованиях",
        "Medals won at international competitions",
    ),
    (
        "O'zbekiston sportchilari tomonidan sport turlari bo'yicha yillik medallar soni.",
        "Годовое число медалей спортсменов Узбекистана по видам спорта.",
        "Annual medals won by Uzbek athletes by sport.",
    ),
    "sport-vazirligi",
    ["madaniyat-va-sport"],
    ["medal", "olimpiya", "sportchilar"],
    "annual",
    "cc-by",
    12 * 7,
    [
        ("sport_turi", CYC(*_SPORTS)),
        ("yil", SEQ_YEAR(2019)),
        ("musobaqalar", I(3, 24)),
        ("oltin", I(0, 18)),
        ("kumush", I(0, 16)),
        ("bronza", I(0, 22)),
    ],
)

_PLANTS = [
    ("Sirdaryo IES", "tabiiy gaz", 3275),
    ("Toshkent IES", "tabiiy gaz", 2370),
    ("Navoiy IES", "tabiiy gaz", 1700),
    ("Talimarjon IES", "tabiiy gaz", 1700),
    ("Yangi Angren IES", "ko'mir", 2400),
    ("Angren IES", "ko'mir", 480),
    ("Taxiatosh IES", "tabiiy gaz", 1100),
    ("Muborak IEM", "tabiiy gaz", 120),
    ("Farg'ona IEM", "tabiiy gaz", 305),
    ("Chorvoq GES", "gidro", 666),
    ("Xo'jakent GES", "gidro", 165),
    ("Tuyamo'yin GES", "gidro", 150),
    ("Nur Navoi quyosh FES", "quyosh", 100),
]
_CF = {
    "tabiiy gaz": (0.45, 0.75),
    "ko'mir": (0.4, 0.7),
    "gidro": (0.25, 0.6),
    "quyosh": (0.16, 0.28),
}
topic(
    "elektr-stansiyalari-ishlab-chiqarish",
    (
        "Elektr stansiyalarida elektr energiyasi ishlab chiqarish",
        "Производство электроэнергии на электростанциях",
        "Electricity generation by power plant",
    ),
    (
        "Yirik elektr stansiyalari bo'yicha oylik ishlab chiqarish (mln kVt·soat) va o'rnatilgan "
        "quvvat.",
        "Ежемесячная выработка (млн кВт·ч) и установленная мощность крупных электростанций.",
        "Monthly output (GWh) and installed capacity of major power plants.",
    ),
    "energetika-vazirligi",
    ["energetika"],
    ["elektr energiyasi", "IES", "GES"],
    "monthly",
    "cc-by",
    len(_PLANTS) * 48,
    [
        ("stansiya", CYC(*[p[0] for p in _PLANTS], key="pl")),
        ("yoqilgi_turi", _ctx_pick("pl", _PLANTS, 1)),
        ("oy", SEQ_MONTH(2022)),
        ("quvvat_mvt", G("int", lambda r, i, c: _PLANTS[c["pl"]][2])),
        (
            "ishlab_chiqarish_mln_kvt_soat",
            G(
                "numeric",
                lambda r, i, c: round(
                    _PLANTS[c["pl"]][2] * 0.73 * r.uniform(*_CF[_PLANTS[c["pl"]][1]]), 2
                ),
            ),
        ),
    ],
)

topic(
    "energiya-istemoli-hududlar",
    (
        "Hududlar bo'yicha elektr energiyasi va tabiiy gaz iste'moli",
        "Потребление электроэнергии и природного газа по регионам",
        "Electricity and natural gas consumption by region",
    ),
    (
        "Oylik elektr energiyasi (mln kVt·soat) va tabiiy gaz (mln m3) iste'moli hamda abonentlar "
        "soni.",
        "Ежемесячное потребление электроэнергии (млн кВт·ч) и газа (млн м3), число абонентов.",
        "Monthly electricity (GWh) and gas (million m3) consumption and number of subscribers.",
    ),
    "energetika-vazirligi",
    ["energetika"],
    ["elektr", "gaz", "iste'mol"],
    "monthly",
    "cc-by",
    14 * 36,
    [
        ("viloyat", REGION),
        ("oy", SEQ_MONTH(2023)),
        ("elektr_mln_kvt_soat", N(280, 620, pop=True)),
        ("tabiiy_gaz_mln_m3", N(90, 420, pop=True)),
        ("abonentlar_soni", I(520000, 610000, pop=True)),
    ],
)

topic(
    "qayta-tiklanuvchi-energiya-loyihalari",
    (
        "Qayta tiklanuvchi energiya manbalari loyihalari",
        "Проекты возобновляемых источников энергии",
        "Renewable energy projects",
    ),
    (
        "Quyosh, shamol va kichik GES loyihalari: quvvati, investori va ishga tushirish muddati.",
        "Проекты солнечных, ветровых и малых ГЭС: мощность, инвестор и срок ввода.",
        "Solar, wind and small hydro projects: capacity, investor and commissioning date.",
    ),
    "energetika-vazirligi",
    ["energetika", "ekologiya"],
    ["quyosh", "shamol", "yashil energiya"],
    "irregular",
    "cc-by",
    72,
    [
        ("viloyat", REGION_RND),
        ("loyiha_nomi", FMT("{ctr} {0} {n}", ["quyosh FES", "shamol ES", "kichik GES"])),
        ("quvvati_mvt", N(2, 1000)),
        (
            "investor",
            PICK(
                "ACWA Power",
                "Masdar",
                "TotalEnergies",
                "China Energy",
                "Voltalia",
                "O'zbekgidroenergo",
                "Data Volt",
            ),
        ),
        ("ishga_tushirish_sanasi", DATE(2021, 2026)),
        ("holati", PICK("ishlamoqda", "qurilmoqda", "loyihalash")),
    ],
)

topic(
    "pensiya-va-nafaqalar",
    (
        "Pensiya va nafaqa oluvchilar, {y}",
        "Получатели пенсий и пособий, {y}",
        "Pension and benefit recipients, {y}",
    ),
    (
        "{y} yilda hududlar bo'yicha pensionerlar soni, o'rtacha pensiya va nafaqa oluvchilar.",
        "Число пенсионеров, средняя пенсия и получатели пособий по регионам за {y} год.",
        "Pensioners, average pension and benefit recipients by region in {y}.",
    ),
    "ijtimoiy-himoya-milliy-agentligi",
    ["ijtimoiy-himoya"],
    ["pensiya", "nafaqa", "ijtimoiy himoya"],
    "monthly",
    "cc-by",
    14 * 12,
    [
        ("viloyat", REGION),
        ("oy", SEQ_MONTH()),
        ("pensionerlar_soni", I(240000, 270000, pop=True)),
        ("orta_pensiya_ming_som", N(1750, 2350)),
        ("nafaqa_oluvchilar", I(60000, 110000, pop=True)),
    ],
    by=("year", [2024, 2025]),
)

topic(
    "ijtimoiy-himoya-yagona-reestri",
    (
        "Ijtimoiy himoya yagona reestriga kiritilgan oilalar",
        "Семьи, включённые в единый реестр социальной защиты",
        "Families in the unified social protection register",
    ),
    (
        "Kam ta'minlangan oilalar, bolalar nafaqasi oluvchilar va ajratilgan moddiy yordam (mlrd "
        "so'm).",
        "Малообеспеченные семьи, получатели детских пособий и материальная помощь (млрд сумов).",
        "Low-income families, child allowance recipients and material aid (billion soums).",
    ),
    "ijtimoiy-himoya-milliy-agentligi",
    ["ijtimoiy-himoya"],
    ["kam ta'minlangan", "nafaqa", "oila"],
    "monthly",
    "cc-by",
    14 * 24,
    [
        ("viloyat", REGION),
        ("oy", SEQ_MONTH(2024)),
        ("oilalar_soni", I(38000, 92000, pop=True)),
        ("bolalar_nafaqasi_oluvchilar", I(25000, 70000, pop=True)),
        ("moddiy_yordam_mlrd_som", N(18, 64, pop=True)),
    ],
)

_PHONE = FMT(
    "+998 {0} {k}{1}", ["71", "90", "91", "93", "94", "97", "99"], ["02", "14", "35", "57", "76"]
)
topic(
    "notariuslar-reestri",
    ("Notariuslar reestri", "Реестр нотариусов", "Register of notaries"),
    (
        "Davlat va xususiy notariuslar, idora manzili, litsenziya ma'lumotlari va telefon raqami.",
        "Государственные и частные нотариусы: адрес конторы, лицензия и телефон.",
        "State and private notaries: office address, licence and phone.",
    ),
    "adliya-vazirligi",
    ["adliya"],
    ["notarius", "notarial idora", "litsenziya"],
    "monthly",
    "cc-by",
    1380,
    [
        ("fio", FIO),
        ("viloyat", REGION_RND),
        ("tuman", DISTRICT),
        ("idora_manzili", FMT("{d} tumani, {s} ko'chasi, {h}-uy")),
        ("notarius_turi", PICK("davlat", "xususiy", "xususiy")),
        ("litsenziya_raqami", FMT("N-{k}")),
        ("litsenziya_sanasi", DATE()),
        ("ish_staji_yil", I(2, 35)),
        ("telefon", _PHONE),
    ],
)

topic(
    "nnt-reestri",
    (
        "Nodavlat notijorat tashkilotlari reestri",
        "Реестр негосударственных некоммерческих организаций",
        "Register of non-governmental non-profit organizations",
    ),
    (
        "Adliya organlarida ro'yxatdan o'tgan NNTlar, faoliyat yo'nalishi va a'zolar soni.",
        "ННО, зарегистрированные органами юстиции: направление деятельности и число членов.",
        "NGOs registered with the justice authorities: field of activity and membership.",
    ),
    "adliya-vazirligi",
    ["adliya"],
    ["NNT", "fuqarolik jamiyati", "jamoat birlashmasi"],
    "monthly",
    "cc-by",
    2200,
    [
        (
            "nnt_nomi",
            FMT(
                '"{0}" {1}',
                [
                    "Mehr",
                    "Ezgulik",
                    "Yoshlar kelajagi",
                    "Sog'lom turmush",
                    "Nuroniy",
                    "Oila",
                    "Ekoforum",
                    "Kamalak",
                    "Ziyo",
                    "Barqaror rivojlanish",
                    "Inson huquqlari",
                    "Mahalla",
                ],
                ["jamoat birlashmasi", "NNT", "jamoat fondi", "assotsiatsiyasi", "markazi"],
            ),
        ),
        ("stir", FMT("{0}{k}", [str(x) for x in range(3010, 3099)])),
        ("viloyat", REGION_RND),
        (
            "faoliyat_yonalishi",
            PICK(
                "ta'lim",
                "ekologiya",
                "yoshlar",
                "nogironligi bo'lgan shaxslar",
                "xotin-qizlar",
                "sport",
                "madaniyat",
                "sog'liqni saqlash",
            ),
        ),
        ("royxatdan_otgan_sana", DATE()),
        ("azolar_soni", I(5, 1500)),
    ],
)

_CYR_DIST = [
    "Бектемир",
    "Чилонзор",
    "Миробод",
    "Мирзо Улуғбек",
    "Олмазор",
    "Сергели",
    "Шайхонтоҳур",
    "Учтепа",
    "Яккасарой",
    "Яшнобод",
    "Юнусобод",
    "Янгиҳаёт",
]
topic(
    "toshkent-mahallalari",
    ("Toshkent shahri mahallalari", "Махалли города Ташкента", "Mahallas of Tashkent city"),
    (
        "Mahalla fuqarolar yig'inlari, aholi va xonadonlar soni (eski tizimdan olingan, kirill "
        "yozuvida).",
        "Сходы граждан махаллей, численность населения и домохозяйств (из прежней системы, "
        "кириллица).",
        "Mahalla citizens' assemblies with population and households (legacy system, Cyrillic).",
    ),
    "toshkent-shahar-hokimligi",
    ["demografiya"],
    ["mahalla", "Toshkent", "aholi"],
    "annual",
    "cc-by",
    585,
    [
        ("tuman", PICK(*_CYR_DIST)),
        (
            "mahalla_nomi",
            FMT(
                "{0} МФЙ",
                [
                    "Навбаҳор",
                    "Бодомзор",
                    "Гулистон",
                    "Истиқлол",
                    "Дўстлик",
                    "Чинор",
                    "Бунёдкор",
                    "Нурафшон",
                    "Ёшлик",
                    "Ғалаба",
                    "Боғишамол",
                    "Қорасув",
                    "Оқтепа",
                    "Тинчлик",
                    "Миробод",
                    "Кўкча",
                ],
            ),
        ),
        ("aholi_soni", I(1500, 12000)),
        ("xonadonlar_soni", I(300, 2600)),
        (
            "rais",
            PICK(
                "Каримов Анвар Рустамович",
                "Юсупова Дилноза Бахтиёровна",
                "Тошматов Шерзод",
                "Раҳимов Бобур Акмалович",
                "Эргашева Гулнора",
                "Назаров Жамшид Илҳомович",
            ),
        ),
    ],
)

# --- Expansion into datasets ----------------------------------------------------------------
_SPECS: dict[str, tuple[list, dict]] = {}


def _expand():
    out = []
    for t in _TOPICS:
        kind, values = t["by"] or (None, [None])
        for v in values:
            if kind == "region":
                reg = REGIONS[v]
                name, scope = f"{t['slug']}-{reg[0]}", {"region": v}
                fills = [{"r": reg[1]}, {"r": reg[2]}, {"r": reg[3]}]
            elif kind == "year":
                name, scope = f"{t['slug']}-{v}", {"year": v}
                fills = [{"y": v, "y1": v + 1}] * 3
            else:
                name, scope, fills = t["slug"], {}, [{}] * 3
            rows = t["rows"](v) if callable(t["rows"]) else t["rows"]
            ds = {"name": name}
            for key, text, fill in zip(("title", "title_ru", "title_en"), t["titles"], fills):
                ds[key] = text.format(**fill)
            for key, text, fill in zip(("notes", "notes_ru", "notes_en"), t["notes"], fills):
                ds[key] = text.format(**fill)
            ds.update(
                org=t["org"],
                spheres=list(t["spheres"]),
                tags=list(t["tags"]),
                update_frequency=t["freq"],
                license_id=t["lic"],
                columns=[(col, g.kind) for col, g in t["cols"]],
                rows=rows,
                seed=1000 + 37 * len(out),
            )
            _SPECS[name] = ([g for _, g in t["cols"]], scope)
            out.append(ds)
    return out


DATASETS: list[dict] = _expand()

_FALLBACK = {"int": I(1, 1000), "numeric": N(0, 1000), "date": DATE(), "text": REGION_RND}


def generate_rows(dataset: dict) -> Iterator[list]:
    """Yield dataset['rows'] rows (one value per column), deterministic for the dataset's seed:
    int -> int, numeric -> float with 2 decimals, date -> 'YYYY-MM-DD', text -> str."""
    rng = random.Random(dataset["seed"])
    gens, scope = _SPECS.get(dataset["name"], (None, {}))
    if gens is None or [g.kind for g in gens] != [k for _, k in dataset["columns"]]:
        gens, scope = [_FALLBACK[k] for _, k in dataset["columns"]], {}
    fixed = scope.get("region")
    ctx = {"year": scope.get("year"), "reg": fixed, "dist": None, "p": 0}
    plan, div = [], 1
    for g in gens:
        if g.cyc:
            plan.append((g.fn, 1, div, g.cyc))
            div *= g.cyc
        else:
            plan.append((g.fn, 2 if g.seq else 0, 1, 0))
    for i in range(dataset["rows"]):
        p = i // div
        ctx["reg"], ctx["dist"], ctx["p"] = fixed, None, p
        row = []
        for fn, mode, d, n in plan:
            row.append(fn(rng, (i // d) % n if mode == 1 else (p if mode == 2 else i), ctx))
        yield row
