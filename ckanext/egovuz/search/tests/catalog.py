"""A catalog of ~45 datasets with realistic Uzbek (Latin with every apostrophe form,
Cyrillic, the new Latin alphabet), Russian and English titles, keywords, organizations
and spheres: the ground for the relevance set (relevance.yaml) and the benchmark."""
from __future__ import annotations

from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers

from ckanext.egovuz.testing import passport

SPHERES = [
    ("talim", "Ta'lim", "Образование", "Education"),
    ("sogliqni-saqlash", "Sog'liqni saqlash", "Здравоохранение", "Health"),
    ("transport", "Transport", "Транспорт", "Transport"),
    ("qishloq-xojaligi", "Qishloq xo'jaligi", "Сельское хозяйство", "Agriculture"),
    ("iqtisodiyot", "Iqtisodiyot", "Экономика", "Economy"),
    ("ekologiya", "Ekologiya", "Экология", "Ecology"),
    ("demografiya", "Demografiya", "Демография", "Demography"),
    ("moliya", "Moliya", "Финансы", "Finance"),
    ("madaniyat", "Madaniyat va sport", "Культура и спорт", "Culture and sport"),
    ("adliya", "Adliya", "Юстиция", "Justice"),
]

ORGS = [
    ("maktab-talimi", "Maktabgacha va maktab ta'limi vazirligi",
     "Министерство дошкольного и школьного образования", "Ministry of Preschool and School Education"),
    ("oliy-talim", "Oliy ta'lim, fan va innovatsiyalar vazirligi",
     "Министерство высшего образования, науки и инноваций", "Ministry of Higher Education"),
    ("sogliq", "Sog'liqni saqlash vazirligi", "Министерство здравоохранения", "Ministry of Health"),
    ("transport-vazirligi", "Transport vazirligi", "Министерство транспорта", "Ministry of Transport"),
    ("qishloq", "Qishloq xo'jaligi vazirligi", "Министерство сельского хозяйства", "Ministry of Agriculture"),
    ("statistika", "Milliy statistika qo'mitasi", "Национальный комитет по статистике",
     "National Statistics Committee"),
    ("ekologiya-vazirligi", "Ekologiya vazirligi", "Министерство экологии", "Ministry of Ecology"),
    ("markaziy-bank", "O'zbekiston Respublikasi Markaziy banki",
     "Центральный банк Республики Узбекистан", "Central Bank of Uzbekistan"),
    ("toshkent-hokimligi", "Toshkent shahar hokimligi", "Хокимият города Ташкента",
     "Tashkent City Administration"),
    ("fargona-hokimligi", "Фарғона вилояти ҳокимлиги", "Хокимият Ферганской области",
     "Fergana Regional Administration"),
    ("madaniyat-vazirligi", "Madaniyat vazirligi", "Министерство культуры", "Ministry of Culture"),
    ("adliya-vazirligi", "Adliya vazirligi", "Министерство юстиции", "Ministry of Justice"),
]

# name, org, spheres, title, title_ru, title_en, tags, notes
DATASETS = [
    ("fargona-maktablari", "maktab-talimi", ["talim"],
     "Farg‘ona viloyatidagi umumta’lim maktablari", "Общеобразовательные школы Ферганской области",
     "General education schools of Fergana region", "maktab, ta'lim, Farg'ona",
     "Farg'ona viloyati tumanlari bo'yicha maktablar ro'yxati, o'quvchilar soni va manzillari."),
    ("toshkent-maktablari", "maktab-talimi", ["talim"],
     "Toshkent shahridagi maktablar ro'yxati", "Список школ города Ташкента",
     "List of schools in Tashkent city", "maktab, Toshkent",
     "Poytaxtdagi davlat va xususiy maktablar, ularning manzillari va telefonlari."),
    ("samarqand-maktablari", "maktab-talimi", ["talim"],
     "Samarqand viloyati maktablarining moddiy-texnik bazasi",
     "Материально-техническая база школ Самаркандской области",
     "Facilities of schools in Samarkand region", "maktab, Samarqand",
     "Sport zallari, kompyuter sinflari va oshxonalar bilan ta'minlanganlik."),
    ("bogchalar", "maktab-talimi", ["talim"],
     "Maktabgacha ta'lim tashkilotlari (bog'chalar) ro'yxati",
     "Список дошкольных образовательных организаций (детских садов)",
     "Preschool organizations (kindergartens)", "bog'cha, maktabgacha ta'lim",
     "Davlat va nodavlat bog'chalar, ulardagi guruhlar va tarbiyalanuvchilar soni."),
    ("oquvchilar-soni", "maktab-talimi", ["talim"],
     "Umumta'lim maktablaridagi o'quvchilar soni", "Численность учащихся общеобразовательных школ",
     "Number of pupils in general education schools", "o'quvchi, statistika",
     "Sinflar va viloyatlar kesimida o'quvchilar soni."),
    ("oqituvchilar", "maktab-talimi", ["talim"],
     "O'qituvchilar soni va malakasi", "Численность и квалификация учителей",
     "Teachers and their qualification", "o'qituvchi, ta'lim",
     "Pedagog kadrlar toifalari bo'yicha."),
    ("oliy-talim-muassasalari", "oliy-talim", ["talim"],
     "Oliy ta'lim muassasalari ro'yxati", "Список высших учебных заведений",
     "Higher education institutions", "universitet, oliy ta'lim",
     "Universitetlar, institutlar va ularning filiallari."),
    ("talabalar", "oliy-talim", ["talim"],
     "Talabalar soni, ta'lim yo'nalishlari bo'yicha", "Численность студентов по направлениям обучения",
     "Students by field of study", "talaba, universitet",
     "Bakalavriat va magistratura talabalari."),
    ("kasalxonalar", "sogliq", ["sogliqni-saqlash"],
     "Shifoxonalar va poliklinikalar manzillari", "Адреса больниц и поликлиник",
     "Addresses of hospitals and polyclinics", "shifoxona, poliklinika, tibbiyot",
     "Davlat tibbiyot muassasalari manzillari va ish vaqti."),
    ("dorixonalar", "sogliq", ["sogliqni-saqlash"],
     "Dorixonalar ro'yxati", "Список аптек", "List of pharmacies", "dorixona, dori vositalari",
     "Litsenziyaga ega dorixonalar."),
    ("emlash", "sogliq", ["sogliqni-saqlash"],
     "Bolalarni emlash ko'rsatkichlari", "Показатели вакцинации детей", "Child vaccination indicators",
     "emlash, vaksina, bolalar", "Milliy emlash taqvimi bo'yicha qamrov."),
    ("shifokorlar", "sogliq", ["sogliqni-saqlash"],
     "Shifokorlar soni viloyatlar kesimida", "Численность врачей в разрезе регионов",
     "Doctors by region", "shifokor, tibbiyot", "Mutaxassisliklar bo'yicha shifokorlar."),
    ("qoraqalpogiston-shifoxonalari", "sogliq", ["sogliqni-saqlash"],
     "Qoraqalpoğiston Respublikasi şifoxonalari", "Больницы Республики Каракалпакстан",
     "Hospitals of Karakalpakstan", "şifoxona, Nukus", "Yangi lotin yozuvidagi ma'lumot."),
    ("avtobus-yonalishlari", "toshkent-hokimligi", ["transport"],
     "Toshkent shahri avtobus yo'nalishlari", "Автобусные маршруты города Ташкента",
     "Tashkent city bus routes", "avtobus, jamoat transporti",
     "Yo'nalishlar raqamlari, bekatlar va harakat oralig'i."),
    ("metro-bekatlari", "toshkent-hokimligi", ["transport"],
     "Toshkent metropoliteni bekatlari", "Станции Ташкентского метрополитена",
     "Tashkent metro stations", "metro, bekat", "Liniyalar va bekatlar ro'yxati."),
    ("yol-harakati", "transport-vazirligi", ["transport"],
     "Yoʻl-transport hodisalari statistikasi", "Статистика дорожно-транспортных происшествий",
     "Road traffic accidents statistics", "YTH, yo'l harakati xavfsizligi",
     "Viloyatlar bo'yicha hodisalar, jarohatlanganlar va halok bo'lganlar."),
    ("temir-yol", "transport-vazirligi", ["transport"],
     "Temir yo'l yo'lovchi tashish hajmi",
     "Объем пассажирских перевозок железнодорожным транспортом",
     "Railway passenger traffic", "temir yo'l, poyezd, yo'lovchi", "Oylik yo'lovchilar soni."),
    ("aviareyslar", "transport-vazirligi", ["transport"],
     "Xalqaro aviareyslar jadvali", "Расписание международных авиарейсов",
     "International flights schedule", "aviareys, aeroport", "Toshkent aeroportidan reyslar."),
    ("paxta-hosili", "qishloq", ["qishloq-xojaligi"],
     "Paxta hosildorligi viloyatlar bo'yicha", "Урожайность хлопка по регионам",
     "Cotton yield by region", "paxta, hosil", "Gektaridan olingan hosil, sentner."),
    ("chorva", "qishloq", ["qishloq-xojaligi"],
     "Chorva mollari soni", "Поголовье скота", "Livestock numbers", "chorvachilik, qoramol",
     "Qoramol, qo'y va echkilar soni."),
    ("ekin-maydonlari", "qishloq", ["qishloq-xojaligi"],
     "Qishloq xo'jaligi ekin maydonlari", "Посевные площади сельскохозяйственных культур",
     "Crop areas", "ekin, dehqonchilik", "Bug'doy, paxta va sabzavot ekin maydonlari."),
    ("aholi-soni", "statistika", ["demografiya"],
     "Doimiy aholi soni", "Численность постоянного населения", "Resident population",
     "aholi, demografiya", "Yil boshiga doimiy aholi soni."),
    ("tugilish", "statistika", ["demografiya"],
     "Tug'ilish va o'lim ko'rsatkichlari", "Показатели рождаемости и смертности",
     "Birth and death rates", "tug'ilish, o'lim", "Har 1000 kishiga."),
    ("nikoh", "adliya-vazirligi", ["adliya", "demografiya"],
     "Nikoh va ajralishlar soni", "Число браков и разводов", "Marriages and divorces",
     "nikoh, FHDYo", "FHDYo organlarida qayd etilgan."),
    ("migratsiya", "statistika", ["demografiya"],
     "Aholi migratsiyasi", "Миграция населения", "Population migration", "migratsiya",
     "Kelganlar va ketganlar soni."),
    ("inflyatsiya", "statistika", ["iqtisodiyot"],
     "Iste'mol narxlari indeksi (inflyatsiya)", "Индекс потребительских цен (инфляция)",
     "Consumer price index (inflation)", "inflyatsiya, narxlar", "Oylik o'zgarish foizda."),
    ("valyuta-kurslari", "markaziy-bank", ["moliya"],
     "Valyuta kurslari", "Курсы валют", "Exchange rates", "valyuta, kurs, dollar",
     "Markaziy bank belgilagan rasmiy kurslar."),
    ("bank-kreditlari", "markaziy-bank", ["moliya"],
     "Tijorat banklari kreditlari", "Кредиты коммерческих банков", "Commercial bank loans",
     "kredit, bank", "Tarmoqlar bo'yicha kredit qoldiqlari."),
    ("davlat-byudjeti", "statistika", ["moliya"],
     "Davlat byudjeti ijrosi", "Исполнение государственного бюджета", "State budget execution",
     "byudjet, xarajatlar", "Daromadlar va xarajatlar."),
    ("tashqi-savdo", "statistika", ["iqtisodiyot"],
     "Tashqi savdo aylanmasi", "Внешнеторговый оборот", "Foreign trade turnover",
     "eksport, import", "Mamlakatlar bo'yicha eksport va import."),
    ("kichik-biznes", "statistika", ["iqtisodiyot"],
     "Kichik biznes va tadbirkorlik subyektlari", "Субъекты малого бизнеса и предпринимательства",
     "Small business entities", "tadbirkorlik, biznes", "Faoliyat turlari bo'yicha."),
    ("havo-sifati", "ekologiya-vazirligi", ["ekologiya"],
     "Atmosfera havosining ifloslanishi", "Загрязнение атмосферного воздуха", "Air pollution",
     "havo, ekologiya", "Kuzatuv postlari ma'lumotlari."),
    ("suv-sifati", "ekologiya-vazirligi", ["ekologiya"],
     "Ichimlik suvi sifati monitoringi", "Мониторинг качества питьевой воды",
     "Drinking water quality", "suv, monitoring", "Laboratoriya tahlillari."),
    ("qoriqxonalar", "ekologiya-vazirligi", ["ekologiya"],
     "Muhofaza etiladigan tabiiy hududlar", "Особо охраняемые природные территории",
     "Protected natural areas", "qo'riqxona, tabiat", "Qo'riqxonalar va milliy bog'lar."),
    ("muzeylar", "madaniyat-vazirligi", ["madaniyat"],
     "Muzeylar ro'yxati", "Список музеев", "List of museums", "muzey, madaniyat",
     "Davlat muzeylari va ularning filiallari."),
    ("teatrlar", "madaniyat-vazirligi", ["madaniyat"],
     "Teatrlar va konsert zallari", "Театры и концертные залы", "Theatres and concert halls",
     "teatr, konsert", "Repertuar va o'rinlar soni."),
    ("kutubxonalar", "madaniyat-vazirligi", ["madaniyat"],
     "Ахборот-кутубхона марказлари рўйхати", "Список информационно-библиотечных центров",
     "Information and library centres", "kutubxona", "Вилоятлар бўйича кутубхоналар."),
    ("notariuslar", "adliya-vazirligi", ["adliya"],
     "Notariuslar ro'yxati", "Список нотариусов", "List of notaries", "notarius",
     "Davlat va xususiy notariuslar."),
    ("nnt", "adliya-vazirligi", ["adliya"],
     "Nodavlat notijorat tashkilotlari reyestri",
     "Реестр негосударственных некоммерческих организаций", "Registry of NGOs", "NNT",
     "Ro'yxatga olingan tashkilotlar."),
    ("fargona-aholisi", "fargona-hokimligi", ["demografiya"],
     "Фарғона вилояти аҳолиси", "Население Ферганской области", "Population of Fergana region",
     "aholi", "Туманлар кесимида аҳоли сони."),
    ("fargona-yollari", "fargona-hokimligi", ["transport"],
     "Farg'ona vodiysi avtomobil yo'llari", "Автомобильные дороги Ферганской долины",
     "Roads of the Fergana valley", "yo'l", "Yo'llarning uzunligi va holati."),
    ("qishloq-maktablari", "maktab-talimi", ["talim"],
     "Qishloq joylardagi maktablarni ta'mirlash dasturi", "Программа ремонта сельских школ",
     "Rural school renovation programme", "maktab, ta'mirlash", "Ta'mirlangan binolar."),
    ("ish-haqi", "statistika", ["iqtisodiyot"],
     "Oʻrtacha oylik ish haqi", "Средняя месячная заработная плата", "Average monthly wage",
     "ish haqi, daromad", "Tarmoqlar bo'yicha."),
    ("ishsizlik", "statistika", ["iqtisodiyot"],
     "Ishsizlik darajasi", "Уровень безработицы", "Unemployment rate", "bandlik, ishsizlik",
     "Mehnat bozori ko'rsatkichlari."),
    ("mehmonxonalar", "toshkent-hokimligi", ["iqtisodiyot"],
     "Mehmonxonalar ro'yxati", "Список гостиниц", "List of hotels", "turizm, mehmonxona",
     "Toifalar va o'rinlar soni."),
    ("elektr-energiya", "statistika", ["iqtisodiyot"],
     "Elektr energiyasi iste'moli", "Потребление электроэнергии", "Electricity consumption",
     "energetika, elektr", "Aholi va sanoat iste'moli."),
]


def build(context: dict | None = None) -> dict[str, dict]:
    """Create the catalog (what is missing of it) in the current site; returns datasets
    by name. Without a context it acts as a new sysadmin (tests)."""
    if context is None:
        context = {"user": factories.Sysadmin()["name"], "ignore_auth": True}

    def call(action, **kw):
        return helpers.call_action(action, context=dict(context), **kw)

    def existing(action, name):
        try:
            return call(action, id=name)
        except tk.ObjectNotFound:
            return None

    for name, uz, ru, en in SPHERES:
        if not existing("group_show", name):
            call("group_create", name=name, title=uz,
                 extras=[{"key": "title_ru", "value": ru}, {"key": "title_en", "value": en}])
    orgs = {}
    for name, uz, ru, en in ORGS:
        orgs[name] = existing("organization_show", name) or call(
            "organization_create", name=name, title=uz,
            extras=[{"key": "title_ru", "value": ru}, {"key": "title_en", "value": en}])
    out = {}
    for name, org, spheres, title, ru, en, tags, notes in DATASETS:
        out[name] = existing("package_show", name) or call(
            "package_create", name=name, owner_org=orgs[org]["id"],
            **passport(title=title, title_ru=ru, title_en=en, tag_string=tags, notes=notes,
                       spheres=spheres))
    return out
