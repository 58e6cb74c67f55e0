"""How fast is the on-the-fly Uzbek Cyrillic of metadata (h.egovuz_localized in uz_Cyrl)?
A search page shows 20 titles and 20 descriptions; prints microseconds per text.

  .venv/bin/python bench/translit.py
"""

import importlib.util
import pathlib
import statistics
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "translit", ROOT / "ckanext" / "egovuz" / "translit.py"
)
translit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(translit)

TITLE = "Toshkent shahridagi umumta'lim maktablari ro'yxati va o‘quvchilar soni"
NOTES = (
    "Ma'lumotlar to'plami Xalq ta'limi vazirligi tomonidan har chorakda yangilanadi. "
    "Unda maktab nomi, manzili, telefon raqami, o‘quvchilar va o‘qituvchilar soni, "
    "shuningdek https://uzedu.uz saytidagi sahifasiga havola keltirilgan. "
) * 3


def measure(text, n):
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            translit.to_cyrillic(text)
        runs.append((time.perf_counter() - t) / n * 1e6)
    return statistics.median(runs)


if __name__ == "__main__":
    t_title = measure(TITLE, 2000)
    t_notes = measure(NOTES, 300)
    print(
        f"title ({len(TITLE)} chars): {t_title:.0f} us; description ({len(NOTES)} chars): "
        f"{t_notes:.0f} us"
    )
    print(
        f"a search page (20 titles + 20 descriptions cut to 180 chars): "
        f"{(20 * t_title + 20 * t_notes * 180 / len(NOTES)) / 1000:.1f} ms"
    )
