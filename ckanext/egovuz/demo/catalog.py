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
    ("toshkent-shahri", "Toshkent shahri", "город Ташкент", "Tashkent city", "Тошкент шаҳри", 3.04,
     "Toshkent", ["Bektemir", "Chilonzor", "Mirobod", "Mirzo Ulug'bek", "Olmazor", "Sergeli",
                  "Shayxontohur", "Uchtepa", "Yakkasaroy", "Yashnobod", "Yunusobod", "Yangihayot"]),
    ("toshkent-viloyati", "Toshkent viloyati", "Ташкентская область", "Tashkent region",
     "Тошкент вилояти", 3.0, "Nurafshon",
     ["Bekobod", "Bo'stonliq", "Chinoz", "Qibray", "Ohangaron", "Oqqo'rg'on", "Parkent", "Piskent",
      "Quyichirchiq", "Yangiyo'l", "Zangiota", "Yuqorichirchiq", "O'rtachirchiq", "Bo'ka"]),
    ("andijon", "Andijon viloyati", "Андижанская область", "Andijan region", "Андижон вилояти",
     3.36, "Andijon", ["Andijon", "Asaka", "Baliqchi", "Bo'z", "Buloqboshi", "Izboskan",
                       "Jalaquduq", "Marhamat", "Oltinko'l", "Paxtaobod", "Qo'rg'ontepa",
                       "Shahrixon", "Ulug'nor", "Xo'jaobod"]),
    ("buxoro", "Buxoro viloyati", "Бухарская область", "Bukhara region", "Бухоро вилояти", 2.0,
     "Buxoro", ["Buxoro", "G'ijduvon", "Jondor", "Kogon", "Olot", "Peshku", "Qorako'l",
                "Qorovulbozor", "Romitan", "Shofirkon", "Vobkent"]),
    ("fargona", "Farg'ona viloyati", "Ферганская область", "Fergana region", "Фарғона вилояти",
     4.0, "Farg'ona", ["Bag'dod", "Beshariq", "Buvayda", "Dang'ara", "Farg'ona", "Furqat",
                       "Oltiariq", "Qo'shtepa", "Quva", "Rishton", "So'x", "Toshloq",
                       "Uchko'prik", "O'zbekiston", "Yozyovon"]),
    ("jizzax", "Jizzax viloyati", "Джизакская область", "Jizzakh region", "Жиззах вилояти", 1.5,
     "Jizzax", ["Arnasoy", "Baxmal", "Do'stlik", "Forish", "G'allaorol", "Mirzacho'l",
                "Paxtakor", "Sharof Rashidov", "Yangiobod", "Zafarobod", "Zarbdor", "Zomin"]),
    ("xorazm", "Xorazm viloyati", "Хорезмская область", "Khorezm region", "Хоразм вилояти", 1.95,
     "Urganch", ["Bog'ot", "Gurlan", "Hazorasp", "Xiva", "Xonqa", "Qo'shko'pir", "Shovot",
                 "Urganch", "Yangiariq", "Yangibozor", "Tuproqqal'a"]),
    ("namangan", "Namangan viloyati", "Наманганская область", "Namangan region",
     "Наманган вилояти", 3.0, "Namangan",
     ["Chortoq", "Chust", "Kosonsoy", "Mingbuloq", "Namangan", "Norin", "Pop", "To'raqo'rg'on",
      "Uchqo'rg'on", "Uychi", "Yangiqo'rg'on", "Davlatobod"]),
    ("navoiy", "Navoiy viloyati", "Навоийская область", "Navoi region", "Навоий вилояти", 1.05,
     "Navoiy", ["Karmana", "Konimex", "Navbahor", "Nurota", "Qiziltepa", "Tomdi", "Uchquduq",
                "Xatirchi"]),
    ("qashqadaryo", "Qashqadaryo viloyati", "Кашкадарьинская область", "Kashkadarya region",
     "Қашқадарё вилояти", 3.5, "Qarshi",
     ["Chiroqchi", "Dehqonobod", "G'uzor", "Qamashi", "Qarshi", "Kasbi", "Kitob", "Koson",
      "Mirishkor", "Muborak", "Nishon", "Shahrisabz", "Yakkabog'", "Ko'kdala"]),
    ("qoraqalpogiston", "Qoraqalpog'iston Respublikasi", "Республика Каракалпакстан",
     "Republic of Karakalpakstan", "Қорақалпоғистон Республикаси", 2.0, "Nukus",
     ["Amudaryo", "Beruniy", "Chimboy", "Ellikqal'a", "Kegeyli", "Mo'ynoq", "Nukus",
      "Qanliko'l", "Qo'ng'irot", "Qorao'zak", "Shumanay", "Taxtako'pir", "To'rtko'l",
      "Xo'jayli", "Taxiatosh", "Bo'zatov"]),
    ("samarqand", "Samarqand viloyati", "Самаркандская область", "Samarkand region",
     "Самарқанд вилояти", 4.2, "Samarqand",
     ["Bulung'ur", "Ishtixon", "Jomboy", "Kattaqo'rg'on", "Narpay", "Nurobod", "Oqdaryo",
      "Paxtachi", "Payariq", "Pastdarg'om", "Qo'shrabot", "Samarqand", "Toyloq", "Urgut"]),
    ("sirdaryo", "Sirdaryo viloyati", "Сырдарьинская область", "Syrdarya region",
     "Сирдарё вилояти", 0.9, "Guliston",
     ["Boyovut", "Guliston", "Mirzaobod", "Oqoltin", "Sardoba", "Sayxunobod", "Sirdaryo", "Xovos"]),
    ("surxondaryo", "Surxondaryo viloyati", "Сурхандарьинская область", "Surkhandarya region",
     "Сурхондарё вилояти", 2.8, "Termiz",
     ["Angor", "Bandixon", "Boysun", "Denov", "Jarqo'rg'on", "Qiziriq", "Qumqo'rg'on",
      "Muzrabot", "Oltinsoy", "Sariosiyo", "Sherobod", "Sho'rchi", "Termiz", "Uzun"]),
]
REGION_NAMES = [r[1] for r in REGIONS]
_POP = [r[5] for r in REGIONS]
_AVG_POP = sum(_POP) / len(_POP)

SURNAMES = ["Karimov", "Rahimov", "Toshmatov", "Yusupov", "Abdullayev", "Xolmatov", "Ergashev",
            "Nazarov", "Mirzayev", "Qodirov", "Saidov", "Umarov", "Jo'rayev", "Haydarov",
            "Olimov", "Rustamov", "Sharipov", "Tursunov", "Ismoilov", "G'aniyev", "Normatov",
            "Xudoyberdiyev", "Aliyev", "Sobirov", "Mahmudov", "Valiyev", "Ro'ziyev", "Po'latov"]
MALE = ["Anvar", "Bobur", "Doniyor", "Farrux", "Jamshid", "Javlon", "Otabek", "Sardor", "Sherzod",
        "Ulug'bek", "Rustam", "Akmal", "Baxtiyor", "Dilshod", "Shuhrat", "Bahodir", "Ilhom",
        "Nodir", "Zafar", "O'tkir", "Abdulla", "Sanjar", "Temur", "Ravshan"]
FEMALE = ["Dilnoza", "Gulnora", "Malika", "Nigora", "Shahnoza", "Zulfiya", "Madina", "Nodira",
          "Feruza", "Mohira", "Sevara", "Dilfuza", "Gulchehra", "Munisa", "Barno", "Yulduz",
          "Nilufar", "Umida", "O'g'iloy", "Kamola"]
STREETS = ["Amir Temur", "Navoiy", "Mustaqillik", "Bobur", "Mirzo Ulug'bek", "Buyuk Ipak Yo'li",
           "Islom Karimov", "Abdulla Qodiriy", "Bunyodkor", "Furqat", "Cho'lpon", "Istiqlol",
           "Do'stlik", "Nukus", "Shota Rustaveli", "Bog'ishamol", "Mashinasozlar", "Alisher Navoiy",
           "Zarqaynar", "Farobiy", "Beruniy", "Ibn Sino", "Yangi hayot", "Guliston", "Navro'z"]

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
REGION_RND = G("text", lambda r, i, c: _set_region(c, r.randrange(len(REGIONS))))


def _district(r, i, c):
    if c["reg"] is None:
        c["reg"] = r.randrange(len(REGIONS))
    c["dist"] = r.choice(REGIONS[c["reg"]][7])
    return c["dist"]


DISTRICT = G("text", _district)


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
        return fmt.format(*[r.choice(p) for p in pools], n=i + 1, d=c.get("dist") or "",
                          s=r.choice(STREETS), h=r.randint(1, 140), k=r.randint(10000, 99999),
                          ctr=REGIONS[reg][6])
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
        return round(max(lo, v), 2)
    return G("numeric", fn)


def _station(r, i, c):
    c["sf"] = 0.75 + 0.05 * ((i * 7) % 11)
    return STATIONS[i]


STATIONS = ([f"Toshkent, {d} ({n}-post)" for n, d in enumerate(REGIONS[0][7], 1)]
            + [f"{reg[6]}, {k}-post" for reg in REGIONS[1:] for k in (1, 2, 3)])
STATION = G("text", _station, cyc=len(STATIONS))


def TEMP(r, i, c):
    """Daily mean air temperature, °C: about +1 in January, +29 in July."""
    return round(15 - 14 * math.cos(2 * math.pi * (c["doy"] - 15) / 365.25) + r.gauss(0, 3), 1)


TEMP = G("numeric", TEMP)

# --- Spheres (CKAN groups) --------------------------------------------------------------


def _sphere(name, title, ru, en, desc):
    return {"name": name, "title": title, "title_ru": ru, "title_en": en, "description": desc}


SPHERES = [
    _sphere("talim", "Ta'lim", "Образование", "Education",
            "Maktabgacha, umumiy o'rta va oliy ta'lim muassasalari haqidagi ochiq ma'lumotlar."),
    _sphere("sogliqni-saqlash", "Sog'liqni saqlash", "Здравоохранение", "Health",
            "Tibbiyot muassasalari, dorixonalar va emlash bo'yicha ochiq ma'lumotlar."),
    _sphere("transport", "Transport", "Транспорт", "Transport",
            "Jamoat transporti, yo'l harakati va transport vositalari haqidagi ma'lumotlar."),
    _sphere("qishloq-xojaligi", "Qishloq xo'jaligi", "Сельское хозяйство", "Agriculture",
            "Ekin maydonlari, hosil va chorvachilik bo'yicha statistik ma'lumotlar."),
    _sphere("iqtisodiyot", "Iqtisodiyot", "Экономика", "Economy",
            "Tashqi savdo, tadbirkorlik va narxlar dinamikasi bo'yicha ma'lumotlar."),
    _sphere("ekologiya", "Ekologiya", "Экология", "Ecology",
            "Atmosfera havosi, suv sifati va muhofaza etiladigan tabiiy hududlar haqida ma'lumotlar."),
    _sphere("demografiya", "Demografiya", "Демография", "Demography",
            "Aholi soni, tug'ilish, nikoh va migratsiya bo'yicha statistik ma'lumotlar."),
    _sphere("moliya", "Moliya", "Финансы", "Finance",
            "Davlat byudjeti ijrosi, bank tizimi va valyuta kurslari bo'yicha ma'lumotlar."),
    _sphere("qurilish", "Qurilish", "Строительство", "Construction",
            "Uy-joy qurilishi va kommunal infratuzilma bo'yicha ochiq ma'lumotlar."),
    _sphere("turizm", "Turizm", "Туризм", "Tourism",
            "Mehmonxonalar, xorijiy sayyohlar oqimi va gidlar haqidagi ma'lumotlar."),
    _sphere("energetika", "Energetika", "Энергетика", "Energy",
            "Elektr energiyasi ishlab chiqarish va iste'moli bo'yicha ma'lumotlar."),
    _sphere("ijtimoiy-himoya", "Ijtimoiy himoya", "Социальная защита", "Social protection",
            "Pensiyalar, nafaqalar va kam ta'minlangan oilalarga yordam bo'yicha ma'lumotlar."),
    _sphere("madaniyat-va-sport", "Madaniyat va sport", "Культура и спорт", "Culture and sport",
            "Teatrlar, muzeylar, madaniy meros obyektlari va sport inshootlari haqida ma'lumotlar."),
    _sphere("adliya", "Adliya", "Юстиция", "Justice",
            "Notariuslar, nodavlat notijorat tashkilotlari va FHDYo qaydlari bo'yicha ma'lumotlar."),
]

# --- Organizations ------------------------------------------------------------------------


def _org(name, title, ru, en, desc, contact, phone, email):
    return {"name": name, "title": title, "title_ru": ru, "title_en": en, "description": desc,
            "contact_name": contact, "contact_phone": phone, "contact_email": email}


ORGANIZATIONS = [
    _org("maktabgacha-va-maktab-talimi-vazirligi", "Maktabgacha va maktab ta'limi vazirligi",
         "Министерство дошкольного и школьного образования",
         "Ministry of Preschool and School Education",
         "Maktabgacha va umumiy o'rta ta'lim sohasidagi davlat siyosatini amalga oshiradi.",
         "Nurmatov Sherzod Baxtiyorovich", "+998712390015", "opendata@uzedu.uz"),
    _org("oliy-talim-fan-va-innovatsiyalar-vazirligi", "Oliy ta'lim, fan va innovatsiyalar vazirligi",
         "Министерство высшего образования, науки и инноваций",
         "Ministry of Higher Education, Science and Innovation",
         "Oliy ta'lim, ilmiy va innovatsion faoliyatni muvofiqlashtiradi.",
         "Qodirova Nodira Rustamovna", "+998712462342", "info@edu.uz"),
    _org("sogliqni-saqlash-vazirligi", "Sog'liqni saqlash vazirligi",
         "Министерство здравоохранения", "Ministry of Health",
         "Aholiga tibbiy yordam ko'rsatish tizimini boshqaradi.",
         "Yusupov Farrux Abdullayevich", "+998712394874", "opendata@ssv.uz"),
    _org("transport-vazirligi", "Transport vazirligi", "Министерство транспорта",
         "Ministry of Transport",
         "Avtomobil, temir yo'l, havo transporti va yo'l xo'jaligi sohasida siyosat yuritadi.",
         "Ergashev Otabek Ilhomovich", "+998712331105", "info@mintrans.uz"),
    _org("qishloq-xojaligi-vazirligi", "Qishloq xo'jaligi vazirligi",
         "Министерство сельского хозяйства", "Ministry of Agriculture",
         "Dehqonchilik, chorvachilik va agrar islohotlarni muvofiqlashtiradi.",
         "Xolmatov Bahodir Normatovich", "+998712410026", "info@agro.uz"),
    _org("iqtisodiyot-va-moliya-vazirligi", "Iqtisodiyot va moliya vazirligi",
         "Министерство экономики и финансов", "Ministry of Economy and Finance",
         "Iqtisodiy siyosat, davlat byudjeti va tashqi savdoni boshqaradi.",
         "Saidov Jamshid Akmalovich", "+998712391232", "opendata@imv.uz"),
    _org("ekologiya-vazirligi",
         "Ekologiya, atrof-muhitni muhofaza qilish va iqlim o'zgarishi vazirligi",
         "Министерство экологии, охраны окружающей среды и изменения климата",
         "Ministry of Ecology, Environmental Protection and Climate Change",
         "Atrof-muhit holatini kuzatadi va tabiiy resurslardan foydalanishni nazorat qiladi.",
         "Rahimova Gulnora Ulug'bekovna", "+998712073014", "info@eco.gov.uz"),
    _org("milliy-statistika-qomitasi", "Milliy statistika qo'mitasi",
         "Национальный комитет по статистике", "National Statistics Committee",
         "Rasmiy statistik ma'lumotlarni yig'adi, qayta ishlaydi va e'lon qiladi.",
         "Toshmatov Dilshod Rustamovich", "+998712027770", "info@stat.uz"),
    _org("adliya-vazirligi", "Adliya vazirligi", "Министерство юстиции", "Ministry of Justice",
         "Notariat, FHDYo organlari va nodavlat notijorat tashkilotlarini ro'yxatga olishni boshqaradi.",
         "Mirzayev Sanjar Zafarovich", "+998712337111", "info@adliya.uz"),
    _org("markaziy-bank", "O'zbekiston Respublikasi Markaziy banki",
         "Центральный банк Республики Узбекистан", "Central Bank of the Republic of Uzbekistan",
         "Pul-kredit siyosatini yuritadi va bank tizimini tartibga soladi.",
         "Haydarov Ravshan Temurovich", "+998712126302", "info@cbu.uz"),
    _org("energetika-vazirligi", "Energetika vazirligi", "Министерство энергетики",
         "Ministry of Energy",
         "Elektr energetikasi, neft-gaz va qayta tiklanuvchi energiya sohalarini boshqaradi.",
         "Umarov Akmal Sobirovich", "+998712382302", "info@minenergy.uz"),
    _org("turizm-qomitasi", "Turizm qo'mitasi", "Комитет по туризму", "Tourism Committee",
         "Ichki va xalqaro turizmni rivojlantirish siyosatini amalga oshiradi.",
         "Sharipova Malika Anvarovna", "+998712330727", "info@uzbektourism.uz"),
    _org("qurilish-vazirligi", "Qurilish va uy-joy kommunal xo'jaligi vazirligi",
         "Министерство строительства и жилищно-коммунального хозяйства",
         "Ministry of Construction and Housing and Communal Services",
         "Qurilish, uy-joy fondi va kommunal xizmatlar sohasidagi siyosatni yuritadi.",
         "Olimov Shuhrat Nodirovich", "+998712441707", "info@mc.uz"),
    _org("toshkent-shahar-hokimligi", "Toshkent shahar hokimligi", "Хокимият города Ташкента",
         "Tashkent City Administration",
         "Poytaxtning shahar xo'jaligi, transporti va mahallalarini boshqaradi.",
         "Abdullayev Javlon Shuhratovich", "+998712413080", "devonxona@tashkent.uz"),
    _org("madaniyat-vazirligi", "Madaniyat vazirligi", "Министерство культуры",
         "Ministry of Culture",
         "Teatrlar, muzeylar, kutubxonalar va madaniy meros obyektlarini boshqaradi.",
         "Tursunova Zulfiya Dilshodovna", "+998712390974", "info@madaniyat.uz"),
    _org("sport-vazirligi", "Sport vazirligi", "Министерство спорта", "Ministry of Sport",
         "Jismoniy tarbiya va sportni rivojlantirish siyosatini amalga oshiradi.",
         "Ismoilov Bobur Ravshanovich", "+998712383939", "info@minsport.uz"),
    _org("ijtimoiy-himoya-milliy-agentligi", "Ijtimoiy himoya milliy agentligi",
         "Национальное агентство социальной защиты", "National Agency for Social Protection",
         "Pensiya, nafaqa va ijtimoiy xizmatlarni tayinlash va to'lashni tashkil etadi.",
         "Normatova Feruza Baxtiyorovna", "+998712024545", "info@ijtimoiyhimoya.uz"),
]
