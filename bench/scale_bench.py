"""The 100,000-dataset catalogue (issue 17): load it, then time what grows with it.

    .venv/bin/python bench/scale_bench.py load [--n 100000] [--procs 2]
    .venv/bin/python bench/scale_bench.py measure [--base http://127.0.0.1:5000]
    .venv/bin/python bench/scale_bench.py all ...

Against the site of .state/ckan.ini (or CKAN_INI): its databases, Solr core, web server.

How it loads (the fast path): one template dataset is created through the Action API
(`package_create` with a full passport and three resources, so every row a real dataset
has is there); its rows in `package`, `package_extra`, `resource`, `package_tag` and
`member` are then cloned N times with generated passports (titles, descriptions in Uzbek,
Russian and English, organization among 40, one or two of 12 spheres, three to five of
300 keywords, update frequency, dates, contacts, dataset codes from the portal's own
sequence) and written with multi-row INSERTs in batches of 2,000. The search index is
then built by CKAN's own indexer (`ckan.lib.search.rebuild(package_ids=...,
defer_commit=True)`: package_show + our before_dataset_index + Solr add, i.e. what
`ckan search-index rebuild` does) in --procs processes over disjoint id lists, one Solr
commit at the end. No activity rows are written for the clones (CKAN writes one per
package_create; nothing here reads them).

What it measures (`measure`): package_search p95 with the portal's five facets (in
process, 40 queries of the relevance set's kinds), medians of the home page, the search
page and a dataset page over HTTP, /catalog.ttl paging (first, middle, last page),
/sitemap.xml (the index) and each of its parts (at most 50,000 URLs each), and the
statistics refresh (`egovuz_stats_refresh`). Results to bench/results/scale.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing
import os
import random
import re
import statistics
import sys
import time
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _ckan  # noqa: E402

PREFIX = "scale-"
N_ORGS = 40
SPHERES = [
    "talim",
    "sogliq",
    "transport",
    "iqtisodiyot",
    "qishloq-xojaligi",
    "ekologiya",
    "madaniyat",
    "sport",
    "qurilish",
    "moliya",
    "ijtimoiy-himoya",
    "turizm",
]
PLACES = [
    "Toshkent",
    "Samarqand",
    "Buxoro",
    "Farg'ona",
    "Andijon",
    "Namangan",
    "Xorazm",
    "Qashqadaryo",
    "Surxondaryo",
    "Jizzax",
    "Sirdaryo",
    "Navoiy",
    "Qoraqalpog'iston",
]
THINGS = [
    "maktablar",
    "shifoxonalar",
    "dorixonalar",
    "avtobus yo'nalishlari",
    "bog'chalar",
    "kutubxonalar",
    "sport inshootlari",
    "mehmonxonalar",
    "bozorlar",
    "universitetlar",
    "suv ta'minoti",
    "yo'llar",
    "aholi soni",
    "ish o'rinlari",
    "soliq tushumlari",
    "fermer xo'jaliklari",
    "muzeylar",
    "teatrlar",
    "kollejlar",
    "poliklinikalar",
]
RU = [
    "школы",
    "больницы",
    "аптеки",
    "автобусные маршруты",
    "детские сады",
    "библиотеки",
    "спортивные сооружения",
    "гостиницы",
    "рынки",
    "университеты",
]
EN = [
    "schools",
    "hospitals",
    "pharmacies",
    "bus routes",
    "kindergartens",
    "libraries",
    "sports facilities",
    "hotels",
    "markets",
    "universities",
]
FREQ = ["daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "irregular"]
FORMATS = [
    ("CSV", "text/csv"),
    ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("JSON", "application/json"),
    ("XML", "application/xml"),
    ("PDF", "application/pdf"),
]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# --- load --------------------------------------------------------------------------------
def _setup_site():
    """Organizations, spheres and the template dataset through the Action API."""
    from ckan.plugins import toolkit as tk
    from ckanext.egovuz.testing import passport

    ctx = _ckan.site_context()
    orgs = []
    for i in range(N_ORGS):
        name = f"{PREFIX}org-{i:02d}"
        try:
            org = tk.get_action("organization_show")(dict(ctx), {"id": name})
        except tk.ObjectNotFound:
            org = tk.get_action("organization_create")(
                dict(ctx),
                {"name": name, "title": f"{random.choice(PLACES)} viloyati boshqarmasi {i}"},
            )
        orgs.append(org["id"])
    groups = {}
    for name in SPHERES:
        try:
            grp = tk.get_action("group_show")(dict(ctx), {"id": name})
        except tk.ObjectNotFound:
            grp = tk.get_action("group_create")(dict(ctx), {"name": name, "title": name.title()})
        groups[name] = grp["id"]
    tname = PREFIX + "template"
    try:
        tpl = tk.get_action("package_show")(dict(ctx), {"id": tname})
    except tk.ObjectNotFound:
        tpl = tk.get_action("package_create")(
            dict(ctx),
            passport(
                name=tname,
                owner_org=orgs[0],
                spheres=[SPHERES[0]],
                resources=[
                    {
                        "name": f"data.{f.lower()}",
                        "format": f,
                        "url": f"https://data.egov.uz/files/{tname}.{f.lower()}",
                    }
                    for f, _ in FORMATS[:3]
                ],
            ),
        )
    return orgs, groups, tpl["id"]


def _uz(text):
    """Uzbek apostrophes as the letters ʻ (oʻ, gʻ) and ʼ, as the portal stores keywords."""
    return re.sub(r"(?<=[og])'", "\u02bb", text, flags=re.I).replace("'", "\u02bc")


def _template_rows(conn, pkg_id):
    from ckan import model

    t = {
        "package": model.package_table,
        "package_extra": model.package_extra_table,
        "resource": model.resource_table,
        "package_tag": model.package_tag_table,
        "member": model.member_table,
    }
    rows = {
        "package": [
            dict(r._mapping)
            for r in conn.execute(t["package"].select().where(t["package"].c.id == pkg_id))
        ],
        "package_extra": [
            dict(r._mapping)
            for r in conn.execute(
                t["package_extra"].select().where(t["package_extra"].c.package_id == pkg_id)
            )
        ],
        "resource": [
            dict(r._mapping)
            for r in conn.execute(
                t["resource"].select().where(t["resource"].c.package_id == pkg_id)
            )
        ],
        "member": [
            dict(r._mapping)
            for r in conn.execute(t["member"].select().where(t["member"].c.table_id == pkg_id))
        ],
    }
    return t, rows


def _tag_pool(conn, size=300):
    from ckan import model

    tags = model.tag_table
    rng = random.Random(7)
    words = sorted(
        {
            _uz(f"{rng.choice(THINGS).split()[0]} {rng.choice(PLACES)}".lower())
            for _ in range(size * 3)
        }
    )[:size]
    existing = {r.name: r.id for r in conn.execute(tags.select().where(tags.c.name.in_(words)))}
    new = [
        {"id": str(uuid.uuid4()), "name": w, "vocabulary_id": None}
        for w in words
        if w not in existing
    ]
    if new:
        conn.execute(tags.insert(), new)
    existing.update({r["name"]: r["id"] for r in new})
    return list(existing.values())


def _clone_batch(start, count, tpl, orgs, groups, tag_ids, rng):
    from ckanext.egovuz.passport.validators import DATASET_CODE_SEQUENCE  # noqa: F401

    out = {"package": [], "package_extra": [], "resource": [], "package_tag": [], "member": []}
    pkg0 = tpl["package"][0]
    now = datetime.datetime(2026, 11, 1)
    for i in range(start, start + count):
        pid = str(uuid.uuid4())
        place, thing = rng.choice(PLACES), rng.choice(THINGS)
        k = rng.randrange(len(RU))
        created = now - datetime.timedelta(days=rng.randint(1, 2500))
        modified = created + datetime.timedelta(days=rng.randint(0, 300))
        out["package"].append(
            dict(
                pkg0,
                id=pid,
                name=f"{PREFIX}{i:06d}",
                title=f"{place} {thing} {i}",
                notes=f"{place} bo'yicha {thing} ro'yxati: manzil, sig'im va holat ({i}).",
                owner_org=rng.choice(orgs),
                metadata_created=created,
                metadata_modified=modified,
                license_id=rng.choice(["cc-by", "cc-by-sa", "odc-odbl", "cc-zero"]),
            )
        )
        chosen = rng.sample(SPHERES, rng.choice([1, 1, 2]))
        changed = modified - datetime.timedelta(days=rng.randint(0, 400))
        extras = {
            "title_ru": f"{RU[k]} {i}",
            "title_en": f"{EN[k]} of {place} {i}",
            "update_frequency": rng.choice(FREQ),
            "spheres": json.dumps(chosen),
            "first_published": created.isoformat(),
            "data_last_changed": changed.isoformat(),
            "contact_name": rng.choice(["Karimov Anvar", "Rahimova Dilnoza", "Sobirov Jasur"]),
        }
        for e in tpl["package_extra"]:
            value = extras.get(e["key"], e["value"])
            if e["key"] == "dataset_code":
                value = None  # filled from the sequence below
            out["package_extra"].append(dict(e, id=str(uuid.uuid4()), package_id=pid, value=value))
        for pos in range(rng.randint(2, 4)):
            fmt, mime = FORMATS[(k + pos) % len(FORMATS)]
            base = tpl["resource"][pos % len(tpl["resource"])]
            out["resource"].append(
                dict(
                    base,
                    id=str(uuid.uuid4()),
                    package_id=pid,
                    position=pos,
                    format=fmt,
                    mimetype=mime,
                    name=f"{thing} {pos + 1}.{fmt.lower()}",
                    url=f"https://data.egov.uz/files/{i}/{pos}.{fmt.lower()}",
                    created=created,
                    last_modified=changed,
                    extras=base.get("extras"),
                )
            )
        for tid in rng.sample(tag_ids, rng.randint(3, 5)):
            out["package_tag"].append(
                {"id": str(uuid.uuid4()), "package_id": pid, "tag_id": tid, "state": "active"}
            )
        org_row = next(m for m in tpl["member"] if m["capacity"] == "organization")
        grp_row = next(m for m in tpl["member"] if m["capacity"] != "organization")
        out["member"].append(
            dict(
                org_row,
                id=str(uuid.uuid4()),
                table_id=pid,
                group_id=out["package"][-1]["owner_org"],
            )
        )
        for s in chosen:
            out["member"].append(
                dict(grp_row, id=str(uuid.uuid4()), table_id=pid, group_id=groups[s])
            )
    return out


def load(n: int, procs: int, batch: int = 2000):
    _ckan.app()
    from ckan import model
    import sqlalchemy as sa
    from ckanext.egovuz.passport.validators import DATASET_CODE_SEQUENCE

    orgs, groups, tpl_id = _setup_site()
    engine = model.meta.engine
    t0 = time.time()
    with engine.begin() as conn:
        tables, tpl = _template_rows(conn, tpl_id)
        have = conn.execute(
            sa.select(sa.func.count())
            .select_from(tables["package"])
            .where(tables["package"].c.name.like(PREFIX + "0%"))
        ).scalar()
        tag_ids = _tag_pool(conn)
    log(
        f"load: template {tpl_id}, {have} clones already there, {len(tpl['package_extra'])}"
        f" extras, {len(tpl['resource'])} resources, {len(tpl['member'])} memberships"
    )
    rng = random.Random(2026 + have)
    extra_tab = tables["package_extra"]
    for start in range(have, n, batch):
        count = min(batch, n - start)
        rows = _clone_batch(start, count, tpl, orgs, groups, tag_ids, rng)
        with engine.begin() as conn:
            codes = [
                r[0]
                for r in conn.execute(
                    sa.text(
                        f"SELECT nextval('{DATASET_CODE_SEQUENCE}') FROM generate_series(1, :n)"
                    ),
                    {"n": count},
                )
            ]
            it = iter(codes)
            for e in rows["package_extra"]:
                if e["key"] == "dataset_code":
                    e["value"] = str(next(it))
            for name in ("package", "package_extra", "resource", "package_tag", "member"):
                if rows[name]:
                    conn.execute(tables[name].insert(), rows[name])
        done = start + count
        if done % 10000 == 0 or done == n:
            log(f"load: {done}/{n} datasets in the database ({time.time() - t0:.0f} s)")
    del extra_tab
    db_seconds = time.time() - t0
    t1 = time.time()
    index(procs)
    return {
        "datasets": n,
        "db_insert_s": round(db_seconds, 1),
        "index_s": round(time.time() - t1, 1),
        "index_procs": procs,
    }


class _Collect:
    """Stands in for the Solr connection inside CKAN's index_package: keeps the documents
    so that they go to Solr 500 at a time instead of one HTTP request each."""

    def __init__(self):
        self.docs = []

    def add(self, docs, commit=False):
        self.docs.extend(docs)


def _iso(value):
    return value.isoformat() if value is not None else None


def _pkg_dicts(conn, ids, tpl, orgs, groups, tags):
    """package_show-shaped dicts of the clones, read from the database in five queries."""
    from ckan import model
    import sqlalchemy as sa

    P, E, R = model.package_table, model.package_extra_table, model.resource_table
    PT, M = model.package_tag_table, model.member_table
    extras, res, ptags, mem = {}, {}, {}, {}
    for r in conn.execute(
        sa.select(E.c.package_id, E.c.key, E.c.value).where(
            E.c.package_id.in_(ids), E.c.state == "active"
        )
    ):
        extras.setdefault(r.package_id, {})[r.key] = r.value
    for r in conn.execute(
        R.select().where(R.c.package_id.in_(ids), R.c.state == "active").order_by(R.c.position)
    ):
        res.setdefault(r.package_id, []).append(r)
    for r in conn.execute(
        sa.select(PT.c.package_id, PT.c.tag_id).where(
            PT.c.package_id.in_(ids), PT.c.state == "active"
        )
    ):
        ptags.setdefault(r.package_id, []).append(r.tag_id)
    for r in conn.execute(
        sa.select(M.c.table_id, M.c.group_id).where(
            M.c.table_id.in_(ids),
            M.c.table_name == "package",
            M.c.state == "active",
            M.c.capacity != "organization",
        )
    ):
        mem.setdefault(r.table_id, []).append(r.group_id)
    tres = tpl["resources"][0]
    out = []
    for p in conn.execute(P.select().where(P.c.id.in_(ids))):
        d = dict(tpl)
        for f in (
            "id",
            "name",
            "title",
            "notes",
            "owner_org",
            "license_id",
            "private",
            "state",
            "type",
            "url",
            "version",
            "author",
            "author_email",
            "maintainer",
            "maintainer_email",
            "creator_user_id",
        ):
            d[f] = p._mapping[f]
        d["metadata_created"], d["metadata_modified"] = (
            _iso(p.metadata_created),
            _iso(p.metadata_modified),
        )
        d["organization"] = orgs[p.owner_org]
        d["extras"] = [
            {"key": k, "value": v, "state": "active"}
            for k, v in sorted(extras.get(p.id, {}).items())
        ]
        d["resources"] = [
            dict(
                tres,
                id=r.id,
                package_id=p.id,
                url=r.url,
                format=r.format,
                name=r.name,
                mimetype=r.mimetype,
                position=r.position,
                created=_iso(r.created),
                last_modified=_iso(r.last_modified),
                metadata_modified=_iso(r.metadata_modified),
            )
            for r in res.get(p.id, [])
        ]
        d["num_resources"] = len(d["resources"])
        d["tags"] = [tags[t] for t in ptags.get(p.id, [])]
        d["num_tags"] = len(d["tags"])
        d["groups"] = [groups[g] for g in mem.get(p.id, []) if g in groups]
        out.append(d)
    return out


def _index_worker(ids):
    """CKAN's index_package (the show schema's validation, every plugin's
    before_dataset_index, the Solr document) over dicts read in bulk."""
    _ckan.app()
    from ckan import model
    from ckan.lib.search import index as search_index
    from ckan.lib.search.common import make_connection
    from ckan.plugins import toolkit as tk
    import sqlalchemy as sa

    ctx = _ckan.site_context()
    # as ckan.lib.search.rebuild reads a dataset: not validated, extras as a list
    tpl = tk.get_action("package_show")(
        dict(ctx, validate=False, use_cache=False), {"id": PREFIX + "template"}
    )
    fields = (
        "id",
        "name",
        "title",
        "type",
        "description",
        "image_url",
        "created",
        "is_organization",
        "approval_status",
        "state",
    )
    orgs, groups = {}, {}
    for g in model.Session.query(model.Group).filter(model.Group.state == "active"):
        d = {k: getattr(g, k) for k in fields}
        d["created"] = _iso(d["created"])
        if g.is_organization:
            orgs[g.id] = d
        else:
            groups[g.id] = {
                "id": g.id,
                "name": g.name,
                "title": g.title,
                "display_name": g.title or g.name,
                "description": g.description,
                "image_display_url": g.image_url or "",
            }
    T = model.tag_table
    with model.meta.engine.connect() as conn:
        tags = {
            r.id: {
                "id": r.id,
                "name": r.name,
                "display_name": r.name,
                "state": "active",
                "vocabulary_id": None,
            }
            for r in conn.execute(sa.select(T.c.id, T.c.name))
        }
    solr = make_connection()
    collect = _Collect()
    real = search_index.make_connection
    search_index.make_connection = lambda *a, **k: collect
    indexer = search_index.PackageSearchIndex()
    try:
        step = 500
        for k in range(0, len(ids), step):
            with model.meta.engine.connect() as conn:
                dicts = _pkg_dicts(conn, ids[k : k + step], tpl, orgs, groups, tags)
            for d in dicts:
                indexer.index_package(d, defer_commit=True)
            solr.add(collect.docs, commit=False)
            collect.docs.clear()
    finally:
        search_index.make_connection = real
    return len(ids)


def index(procs: int):
    """CKAN's indexer over the clones Solr does not have yet, in `procs` processes."""
    _ckan.app()
    from ckan import model
    from ckan.lib.search import commit
    from ckan.lib.search.common import make_connection
    import sqlalchemy as sa

    pkg = model.package_table
    with model.meta.engine.connect() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                sa.select(pkg.c.id)
                .where(pkg.c.state == "active", pkg.c.name.like(PREFIX + "0%"))
                .order_by(pkg.c.id)
            )
        ]
    solr = make_connection()
    indexed = set()
    start = 0
    while True:  # what is already indexed is skipped (a rerun continues)
        res = solr.search(q="*:*", fl="id", rows=50000, start=start, sort="id asc")
        indexed.update(d["id"] for d in res.docs)
        start += 50000
        if start >= res.hits:
            break
    todo = [i for i in ids if i not in indexed]
    log(f"index: {len(todo)} of {len(ids)} clones to index, {procs} processes")
    t0 = time.time()
    size = 5000
    chunks = [todo[k : k + size] for k in range(0, len(todo), size)]
    ctx = multiprocessing.get_context("spawn")
    done = 0
    with ctx.Pool(procs) as pool:
        for n in pool.imap_unordered(_index_worker, chunks):
            done += n
            log(f"index: {done}/{len(todo)} ({time.time() - t0:.0f} s)")
    commit()
    log(f"index: done in {time.time() - t0:.0f} s")


# --- measure -----------------------------------------------------------------------------
def _p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _ms(values):
    return {
        "median_ms": round(statistics.median(values) * 1000, 1),
        "p95_ms": round(_p(values, 0.95) * 1000, 1),
        "n": len(values),
    }


def _get(url, timeout=600):
    t = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        body = r.read()
        status = r.status
    return time.perf_counter() - t, status, body


QUERIES = [
    "maktablar",
    "Toshkent",
    "shifoxonalar Samarqand",
    "avtobus yo'nalishlari",
    "школы",
    "больницы Ташкент",
    "bog'chalar",
    "dorixona",
    "kutubxona Buxoro",
    "aholi soni",
    "soliq",
    "fermer",
    "muzeylar Xiva",
    "universitetlar",
    "teatr",
    "suv ta'minoti",
    "yo'llar",
    "ish o'rinlari",
    "sport inshootlari",
    "mehmonxona",
    "hospitals",
    "bus routes",
    "schools Tashkent",
    "libraries",
    "Qoraqalpog'iston",
    "Farg'ona maktablari",
    "Namangan",
    "Jizzax",
    "Navoiy",
    "kollej",
    "poliklinika",
    "bozorlar",
    "Андижон",
    "Самарқанд",
    "Бухоро",
    "maktab",
    "shifoxona",
    "dorixonalar",
    "Xorazm",
    "",
]


class _SolrTimes:
    """Times every pysolr search while active: the HTTP round trip and Solr's QTime."""

    def __enter__(self):
        import pysolr

        self.qtime, self.http, self._orig = [], [], pysolr.Solr.search
        times = self

        def timed(solr, *a, **k):
            t = time.perf_counter()
            res = times._orig(solr, *a, **k)
            times.http.append(time.perf_counter() - t)
            times.qtime.append(res.qtime or 0)
            return res

        pysolr.Solr.search = timed
        return self

    def __exit__(self, *exc):
        import pysolr

        pysolr.Solr.search = self._orig


def measure(base: str, rounds: int = 5):
    _ckan.app()
    from ckan.plugins import toolkit as tk

    out = {}
    ctx = _ckan.site_context()
    facets = ["groups", "organization", "res_format", "tags", "license_id"]
    search = tk.get_action("package_search")
    total = search(dict(ctx), {"q": "", "rows": 0})["count"]
    out["datasets_indexed"] = total
    for q in QUERIES[:5]:  # warm-up
        search(dict(ctx), {"q": q, "rows": 20, "facet.field": json.dumps(facets)})
    times, solr = [], _SolrTimes()
    with solr:
        for _ in range(rounds):
            for q in QUERIES:
                t = time.perf_counter()
                search(
                    dict(ctx),
                    {"q": q, "rows": 20, "facet.field": json.dumps(facets), "facet.limit": 10},
                )
                times.append(time.perf_counter() - t)
    out["package_search_facets"] = _ms(times)
    # the same with CKAN's tracking plugin as it ships (a query a dataset and a resource)
    from ckanext.egovuz.search import tracking
    from ckanext.tracking.plugin import TrackingPlugin

    if tracking.ORIGINAL is not None:
        TrackingPlugin.after_dataset_search = tracking.ORIGINAL
        try:
            ckan_times = []
            for q in QUERIES:
                t = time.perf_counter()
                search(
                    dict(ctx),
                    {"q": q, "rows": 20, "facet.field": json.dumps(facets), "facet.limit": 10},
                )
                ckan_times.append(time.perf_counter() - t)
        finally:
            TrackingPlugin.after_dataset_search = tracking.after_dataset_search
        out["package_search_facets_ckan_tracking"] = _ms(ckan_times)
        log("package_search with CKAN's tracking hook", out["package_search_facets_ckan_tracking"])
    # where the time goes: Solr's own QTime, the HTTP round trip to Solr, the rest is
    # CKAN's Python (query building, result conversion, plugins' after_dataset_search)
    out["package_search_solr_qtime"] = _ms([q / 1000 for q in solr.qtime])
    out["package_search_solr_http"] = _ms(solr.http)
    log("package_search", out["package_search_facets"])
    log("  solr qtime", out["package_search_solr_qtime"], "http", out["package_search_solr_http"])

    name = search(dict(ctx), {"q": "", "rows": 1, "sort": "metadata_modified desc"})["results"][0][
        "name"
    ]
    pages = {
        "home": "/",
        "search": "/dataset/?q=maktablar",
        "search_facet": "/dataset/?groups=talim&res_format=CSV",
        "search_page_200": "/dataset/?page=200",
        "dataset": f"/dataset/{name}",
    }
    for key, path in pages.items():
        _get(base + path)
        times = []
        for _ in range(rounds):
            dt, status, _ = _get(base + path)
            assert status == 200, (path, status)
            times.append(dt)
        out[f"page_{key}"] = _ms(times)
        log(key, out[f"page_{key}"])

    out["catalog_ttl"] = _catalog(base)
    out["sitemap"] = _sitemap(base)
    t = time.perf_counter()
    tk.get_action("egovuz_stats_refresh")(dict(ctx), {})
    out["stats_refresh_s"] = round(time.perf_counter() - t, 2)
    log("stats refresh", out["stats_refresh_s"])
    return out


def _catalog(base):
    res = {}
    dt, status, body = _get(base + "/catalog.ttl")
    text = body.decode("utf-8", "replace")
    res["page_1_s"] = round(dt, 2)
    m = re.search(r"hydra:lastPage\s+\"[^\"]*page=(\d+)", text)
    last = int(m.group(1)) if m else None
    res["pages"] = last
    res["page_1_datasets"] = text.count("a dcat:Dataset")
    if last:
        for label, page in (("middle", max(1, last // 2)), ("last", last)):
            dt, status, body = _get(f"{base}/catalog.ttl?page={page}")
            res[f"page_{label}_s"] = round(dt, 2)
    log("catalog.ttl", res)
    return res


def _sitemap(base):
    res = {}
    dt, status, body = _get(base + "/sitemap.xml")
    text = body.decode("utf-8", "replace")
    res["index_s"] = round(dt, 2)
    res["is_index"] = "<sitemapindex" in text
    parts = re.findall(r"<loc>([^<]+)</loc>", text)
    res["parts"] = len(parts) if res["is_index"] else 0
    if res["is_index"]:
        sizes, times = [], []
        for url in parts:
            path = re.sub(r"^https?://[^/]+", "", url)
            dt, status, body = _get(base + path)
            times.append(round(dt, 2))
            sizes.append(body.count(b"<url>"))
        res["part_urls"] = sizes
        res["part_s"] = times
    else:
        res["urls"] = text.count("<url>")
    log("sitemap", res)
    return res


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("what", choices=["load", "index", "measure", "all"])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--base", default=os.environ.get("EGOVUZ_BENCH_BASE", "http://127.0.0.1:5000"))
    ap.add_argument("--out", default=str(_ckan.ROOT / "bench" / "results" / "scale.json"))
    args = ap.parse_args()
    result = {}
    if os.path.exists(args.out):
        with open(args.out) as f:
            result = json.load(f)
    if args.what in ("load", "all"):
        result["load"] = load(args.n, args.procs)
    if args.what == "index":
        index(args.procs)
    if args.what in ("measure", "all"):
        result["measure"] = measure(args.base.rstrip("/"), args.rounds)
    result["when"] = datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z"
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
