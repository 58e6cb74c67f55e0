"""The Latin -> Cyrillic transliteration behind the uz_Cyrl catalog and metadata."""

import subprocess
import sys

from ckanext.egovuz.translit import to_cyrillic


WORDS = [
    ("Ma'lumotlar to‘plami", "Маълумотлар тўплами"),
    ("Maʼlumotlar toʻplami", "Маълумотлар тўплами"),
    ("O`zbekiston Respublikasi", "Ўзбекистон Республикаси"),
    ("g‘oya", "ғоя"),
    ("Izlash", "Излаш"),
    ("Sohalar", "Соҳалар"),
    ("Tashkilotlar", "Ташкилотлар"),
    ("shahar choy", "шаҳар чой"),
    ("Is'hoq", "Исҳоқ"),
    # yo, yu, ya, ye; yo‘ is й + ў
    ("yomon yuz yaxshi yer", "ёмон юз яхши ер"),
    ("yo‘l", "йўл"),
    ("proyekt", "проект"),
    # e: э at the start of a word and after a vowel
    ("ekologiya eng poeziya", "экология энг поэзия"),
    ("telefon", "телефон"),
    # tutuq belgisi -> ъ
    ("e'lon san'at ta'lim", "эълон санъат таълим"),
    # ts: ц in loanwords, тс in Uzbek verb forms
    ("militsiya informatsion protsent", "милиция информацион процент"),
    ("ketsa aytsa", "кетса айтса"),
    ("aksiya stansiya versiya pensiya", "акция станция версия пенсия"),
    # loanword exceptions
    ("oktabr litsey sentr", "октябрь лицей центр"),
    ("Sentrlashgan", "Центрлашган"),
    # case
    ("SHAHAR", "ШАҲАР"),
    ("Shahar", "Шаҳар"),
    ("Yangiliklar", "Янгиликлар"),
]
PROTECTED = [
    ("{num} ta ma'lumot", "{num} та маълумот"),
    ("%(name)s ga", "%(name)s га"),
    ('<a href="/dataset?q=x">havola</a>', '<a href="/dataset?q=x">ҳавола</a>'),
    ("https://data.egov.uz sayti", "https://data.egov.uz сайти"),
    ("info@data.egov.uz manzili", "info@data.egov.uz манзили"),
    ("API kaliti, CSV va JSON", "API калити, CSV ва JSON"),
    ("CKANga, DataStore'ni", "CKANга, DataStore'ни"),
    ("2024-yil", "2024-йил"),
    ("", ""),
    ("Тошкент", "Тошкент"),
]


# One test per table: every test pays for loading the plugins (conftest's autouse fixture).
def test_words():
    wrong = [(latin, to_cyrillic(latin), cyr) for latin, cyr in WORDS if to_cyrillic(latin) != cyr]
    assert wrong == []


def test_protected_pieces():
    wrong = [(text, to_cyrillic(text), exp) for text, exp in PROTECTED if to_cyrillic(text) != exp]
    assert wrong == []


def test_deterministic_and_idempotent_on_cyrillic():
    text = "O‘zbekiston Respublikasining ochiq ma'lumotlar portali"
    once = to_cyrillic(text)
    assert once == to_cyrillic(text) == "Ўзбекистон Республикасининг очиқ маълумотлар портали"
    assert to_cyrillic(once) == once


def test_script_cli():
    out = subprocess.run(
        [sys.executable, "scripts/translit_uz.py", "Ochiq ma'lumotlar"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "Очиқ маълумотлар"
