"""The benchmark table: N rows x 10 columns like ../shared/ANCHORS.md (3 integer,
2 numeric, 1 timestamp, 4 text of 10-40 characters with Uzbek Latin and Cyrillic),
written as CSV. Deterministic (seeded). Usage: python bench/gendata.py OUT.csv [ROWS]"""

from __future__ import annotations

import csv
import datetime
import random
import sys

WORDS = [
    "Toshkent",
    "Samarqand",
    "Buxoro",
    "Farg'ona",
    "Qo'qon",
    "Xiva",
    "Namangan",
    "Andijon",
    "o'quvchi",
    "maktab",
    "shifoxona",
    "ko'cha",
    "tuman",
    "viloyat",
    "Тошкент",
    "Самарқанд",
    "мактаб",
    "шифохона",
    "кўча",
    "туман",
    "вилоят",
    "ma'lumot",
    "hisobot",
    "g'alla",
    "paxta",
    "suv",
    "yo'l",
    "bino",
    "bog'cha",
]
HEADER = [
    "id",
    "region_code",
    "population",
    "amount",
    "ratio",
    "updated_at",
    "name",
    "district",
    "address",
    "note",
]


def text(rng, lo=10, hi=40):
    n = rng.randint(lo, hi)
    s = ""
    while len(s) < n:
        s += rng.choice(WORDS) + " "
    return s[:n].strip()


def rows(n, seed=1):
    rng = random.Random(seed)
    base = datetime.datetime(2020, 1, 1)
    for i in range(1, n + 1):
        yield [
            i,
            rng.randint(1, 14),
            rng.randint(0, 5_000_000),
            f"{rng.randint(0, 99_999_999) / 100:.2f}",
            f"{rng.random():.6f}",
            (base + datetime.timedelta(seconds=rng.randint(0, 150_000_000))).isoformat(sep=" "),
            text(rng),
            text(rng),
            text(rng),
            text(rng),
        ]


def write(path, n, seed=1, encoding="utf-8", delimiter=","):
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(HEADER)
        w.writerows(rows(n, seed))


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
