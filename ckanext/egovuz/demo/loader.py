"""Loads the demo content of ckanext/egovuz/demo/catalog.py into the portal through the
Action API: spheres (groups), organizations, datasets with full passports, and for each
dataset a CSV and an XLSX file uploaded to CKAN's storage (xloader puts them in the
DataStore). Idempotent: what already exists is left as it is."""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time

from ckan import model
from ckan.plugins import toolkit as tk
from werkzeug.datastructures import FileStorage

from . import catalog

# The largest table is CSV only: an XLSX of 100k+ rows adds minutes to every `make run`
# and nothing a visitor would miss (the Table tab exports XLSX from the DataStore).
XLSX_MAX_ROWS = 20000


def _site_context():
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": site_user["name"]}


def _exists(action, name):
    try:
        tk.get_action(action)({"ignore_auth": True}, {"id": name})
        return True
    except tk.ObjectNotFound:
        return False


def _write_csv(dataset, path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([c[0] for c in dataset["columns"]])
        for row in rows:
            writer.writerow(row)


def _write_xlsx(dataset, path, rows):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(dataset["name"][:31])
    ws.append([c[0] for c in dataset["columns"]])
    for row in rows:
        ws.append(row)
    wb.save(path)


def _upload(ctx, package_id, path, name, fmt, mimetype):
    with open(path, "rb") as f:
        upload = FileStorage(
            stream=io.BytesIO(f.read()), filename=os.path.basename(path), content_type=mimetype
        )
    return tk.get_action("resource_create")(
        dict(ctx),
        {
            "package_id": package_id,
            "name": name,
            "format": fmt,
            "upload": upload,
            "url": "",
        },
    )


def _dataset_dict(ds):
    org = next(o for o in catalog.ORGANIZATIONS if o["name"] == ds["org"])
    return {
        "name": ds["name"],
        "title": ds["title"],
        "title_ru": ds["title_ru"],
        "title_en": ds["title_en"],
        "notes": ds["notes"],
        "notes_ru": ds["notes_ru"],
        "notes_en": ds["notes_en"],
        "owner_org": ds["org"],
        "spheres": ds["spheres"],
        "tag_string": ", ".join(ds["tags"]),
        "update_frequency": ds["update_frequency"],
        "license_id": ds["license_id"],
        "contact_name": org["contact_name"],
        "contact_phone": org["contact_phone"],
        "contact_email": org["contact_email"],
        "external_links": [f"https://{org['contact_email'].split('@')[1]}/opendata/{ds['name']}"],
    }


def _groups(ctx, stats) -> None:
    """The spheres and organizations that do not exist yet."""
    for sphere in catalog.SPHERES:
        if not _exists("group_show", sphere["name"]):
            tk.get_action("group_create")(
                dict(ctx),
                {
                    "name": sphere["name"],
                    "title": sphere["title"],
                    "description": sphere["description"],
                    "extras": [
                        {"key": "title_ru", "value": sphere["title_ru"]},
                        {"key": "title_en", "value": sphere["title_en"]},
                    ],
                },
            )
            stats["spheres"] += 1
    for org in catalog.ORGANIZATIONS:
        if not _exists("organization_show", org["name"]):
            tk.get_action("organization_create")(
                dict(ctx),
                {
                    "name": org["name"],
                    "title": org["title"],
                    "description": org["description"],
                    "extras": [
                        {"key": "title_ru", "value": org["title_ru"]},
                        {"key": "title_en", "value": org["title_en"]},
                    ],
                },
            )
            stats["organizations"] += 1


def load(rows_large=None, limit=None, submit=True, echo=print):
    ctx = _site_context()
    stats = {"spheres": 0, "organizations": 0, "datasets": 0, "skipped": 0, "reloaded": 0}
    _groups(ctx, stats)
    large = (
        rows_large if rows_large is not None else tk.config.get("ckanext.egovuz.demo.large_rows")
    )
    datasets = catalog.DATASETS[:limit] if limit else catalog.DATASETS
    workdir = tempfile.mkdtemp(prefix="egovuz-demo-")
    created = []
    for i, ds in enumerate(datasets, 1):
        if _exists("package_show", ds["name"]):
            stats["skipped"] += 1
            continue
        ds = dict(ds)
        if ds["rows"] >= 100000 and large:
            ds["rows"] = int(large)
        pkg = tk.get_action("package_create")(dict(ctx), _dataset_dict(ds))
        rows = list(catalog.generate_rows(ds))
        csv_path = os.path.join(workdir, f"{ds['name']}.csv")
        _write_csv(ds, csv_path, rows)
        _upload(ctx, pkg["id"], csv_path, ds["title"], "CSV", "text/csv")
        if len(rows) <= XLSX_MAX_ROWS:
            xlsx_path = os.path.join(workdir, f"{ds['name']}.xlsx")
            _write_xlsx(ds, xlsx_path, rows)
            _upload(
                ctx,
                pkg["id"],
                xlsx_path,
                ds["title"] + " (XLSX)",
                "XLSX",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        stats["datasets"] += 1
        created.append(pkg["id"])
        echo(f"  [{i}/{len(datasets)}] {ds['name']} ({len(rows)} rows)")
    if created:
        history(created)
    if submit and stats["skipped"]:
        stats["reloaded"] = reload_failed(ctx, echo)
    return stats


def _table_active(res) -> bool:
    return res.extras.get("datastore_active") in (True, "True", "true")


def _load_task(res) -> dict | None:
    """xloader's task status of a resource (None: never submitted)."""
    try:
        return tk.get_action("task_status_show")(
            {"ignore_auth": True},
            {"entity_id": res.id, "task_type": "xloader", "key": "xloader"},
        )
    except tk.ObjectNotFound:
        return None


def reload_failed(ctx, echo=print) -> int:
    """Tables of demo datasets made by an earlier run whose load ended in an error (a
    worker stopped, a service was down, the machine was full) are loaded again: `make run`
    a second time mends the demo instead of keeping its holes. Returns how many."""
    n = 0
    for res in _demo_resources():
        if _table_active(res):
            continue
        task = _load_task(res)
        if task is None or task.get("state") != "error":
            continue  # never submitted (a format xloader does not take), loaded or loading
        tk.get_action("xloader_submit")(dict(ctx), {"resource_id": res.id, "ignore_hash": True})
        echo(f"  reloading {res.package.name}/{res.name or res.id}")
        n += 1
    return n


PERIOD_DAYS = {
    "daily": 1,
    "weekly": 7,
    "monthly": 30,
    "quarterly": 91,
    "semiannual": 182,
    "annual": 365,
    "irregular": 400,
}


def history(package_ids, seed=2026):
    """A plausible past for freshly created demo datasets, so that monitoring and
    statistics have something to show: the data of about a quarter of them last changed
    longer ago than their update period allows (overdue), the rest within it, and a few
    thousand download events over the last 90 days. Written directly (the validators
    keep data_last_changed for the portal to set), then reindexed and re-aggregated."""
    import datetime
    import random

    import sqlalchemy as sa
    from ckan.lib import search

    from ..downloads.model import download_table

    rng = random.Random(seed)
    now = datetime.datetime.utcnow().replace(microsecond=0)
    events = []
    for pkg_id in package_ids:
        pkg = model.Package.get(pkg_id)
        period = PERIOD_DAYS.get(pkg.extras.get("update_frequency"), 30)
        overdue = rng.random() < 0.25
        days = period * rng.uniform(1.3, 2.5) if overdue else period * rng.uniform(0.05, 0.8)
        changed = now - datetime.timedelta(days=days)
        first = changed - datetime.timedelta(days=rng.randint(30, 700))
        for key, value in (("data_last_changed", changed), ("first_published", first)):
            model.Session.execute(
                sa.text("UPDATE package_extra SET value = :v WHERE package_id = :p AND key = :k"),
                {"v": value.isoformat(), "p": pkg_id, "k": key},
            )
        popularity = rng.choice([2, 5, 10, 20, 60])
        resources = [r.id for r in pkg.resources]
        for _ in range(popularity):
            events.append(
                {
                    "package_id": pkg_id,
                    "resource_id": rng.choice(resources) if resources else None,
                    "format": rng.choice(["csv", "csv", "xlsx", "json", "xml", "rdf"]),
                    "source": rng.choice(["table", "table", "api", "file"]),
                    "user_id": None,
                    "created": now - datetime.timedelta(days=rng.uniform(0, 90)),
                }
            )
    if events:
        model.Session.execute(download_table.insert(), events)
    model.Session.commit()
    activity(package_ids, rng, now)
    for pkg_id in package_ids:
        search.rebuild(pkg_id)
    try:
        tk.get_action("egovuz_stats_refresh")(_site_context(), {"full": True})
    except KeyError:  # the statistics plugin is off
        pass


# Citizens' comments on demo datasets (the portal's languages, as people write them).
COMMENTS = [
    "Juda foydali ma'lumot, rahmat!",
    "Ma'lumotlar har oy yangilansa yaxshi bo'lardi.",
    "Tuman kesimida ham berilsa yaxshi bo'lardi.",
    "Спасибо, данные очень пригодились для статьи.",
    "Можно ли добавить данные за прошлые годы?",
    "Great dataset, the API works well.",
    "CSV faylda ustun nomlari tushunarli.",
    "Bu ma'lumotlarni diplom ishimda ishlatdim.",
]
# What people searched for over the last 90 days: (query, weight, found anything)
SEARCHES = [
    ("maktablar", 40, True),
    ("aholi soni", 35, True),
    ("valyuta kursi", 30, True),
    ("ish haqi", 25, True),
    ("школы ташкента", 20, True),
    ("avtobus", 18, True),
    ("inflyatsiya", 15, True),
    ("dorixonalar", 14, True),
    ("population", 10, True),
    ("bog'cha", 12, True),
    ("velosiped yo'laklari", 9, False),
    ("parkovka joylari", 7, False),
    ("suv o'lchagichlar", 5, False),
    ("детские площадки", 4, False),
    ("wifi hotspots", 3, False),
]
DEMO_PEOPLE = 12


def _demo_people():
    """A dozen citizens who rate and comment (created once, idempotent)."""
    ctx = _site_context()
    people = []
    for i in range(1, DEMO_PEOPLE + 1):
        name = f"fuqaro-{i}"
        user = model.User.get(name)
        if user is None:
            tk.get_action("user_create")(
                dict(ctx),
                {
                    "name": name,
                    "email": f"{name}@example.uz",
                    "fullname": f"Fuqaro {i}",
                    "password": f"Demo-{i:02d}-parol!",
                },
            )
            user = model.User.get(name)
        people.append(user.id)
    return people


def _days_ago(now, days):
    import datetime

    return now - datetime.timedelta(days=days)


def _views(pkg, appeal, rng, now):
    return [
        {
            "url": f"/dataset/{pkg.name}",
            "package_id": pkg.id,
            "tracking_type": "page",
            "count": n,
            "running_total": 0,
            "recent_views": 0,
            "tracking_date": _days_ago(now, day).date(),
        }
        for day in range(90)
        for n in [int(rng.random() * appeal * 2)]
        if n
    ]


def _ratings(pkg, appeal, people, rng, now):
    quality = rng.uniform(2.5, 5.0)
    rows = []
    for user_id in rng.sample(people, min(len(people), rng.randint(0, appeal))):
        when = _days_ago(now, rng.uniform(0, 90))
        rows.append(
            {
                "package_id": pkg.id,
                "user_id": user_id,
                "created": when,
                "modified": when,
                "rating": max(1, min(5, round(rng.gauss(quality, 0.8)))),
            }
        )
    return rows


def _comments(pkg, people, rng, now):
    rows = []
    for _ in range(rng.choice([0, 0, 0, 1, 2]) if people else 0):
        when = _days_ago(now, rng.uniform(0, 90))
        rows.append(
            {
                "id": model.types.make_uuid(),
                "package_id": pkg.id,
                "state": "active",
                "user_id": rng.choice(people),
                "body": rng.choice(COMMENTS),
                "created": when,
                "modified": when,
            }
        )
    return rows


def _searches(rng, now):
    """Search log rows; `visitor` stands for the keyed hash of who searched (one of 200
    demo visitors), so popular queries pass the public lists' distinct-visitor rule."""
    return [
        {
            "query": query,
            "results": rng.randint(1, 12) if found else 0,
            "public_results": found,
            "visitor": f"demo-visitor-{rng.randint(1, 200)}",
            "created": _days_ago(now, rng.uniform(0, 90)),
        }
        for query, weight, found in SEARCHES
        for _ in range(rng.randint(weight // 2, weight * 2))
    ]


def activity(package_ids, rng, now):
    """Views (CKAN's tracking summary), stars, comments and searches that differ from
    dataset to dataset and from day to day, drawn from `rng` (reproducible)."""
    import ckan.plugins as p

    people = _demo_people() if p.plugin_loaded("egovuz_participation") else []
    views, ratings, comments = [], [], []
    for pkg_id in package_ids:
        pkg = model.Package.get(pkg_id)
        appeal = rng.choice([1, 2, 4, 8, 15])  # how much a dataset interests people
        views += _views(pkg, appeal, rng, now)
        ratings += _ratings(pkg, appeal, people, rng, now)
        comments += _comments(pkg, people, rng, now)
    inserts = []
    if p.plugin_loaded("tracking"):
        from ckanext.tracking.model import TrackingSummary

        inserts.append((TrackingSummary.__table__, views))
    if people:
        from ..participation.model import comment_table, rating_table

        inserts += [(rating_table, ratings), (comment_table, comments)]
    if p.plugin_loaded("egovuz_stats"):
        from ..statistics.model import search_log_table

        inserts.append((search_log_table, _searches(rng, now)))
    for table, rows in inserts:
        if rows:
            model.Session.execute(table.insert(), rows)
    model.Session.commit()
    return {
        "views": sum(v["count"] for v in views),
        "ratings": len(ratings),
        "comments": len(comments),
    }


def _demo_resources():
    names = [d["name"] for d in catalog.DATASETS]
    return (
        model.Session.query(model.Resource)
        .join(model.Package, model.Package.id == model.Resource.package_id)
        .filter(model.Package.name.in_(names))
        .filter(model.Resource.state == "active")
        .all()
    )


def datastore_progress():
    """(loaded, ended, total): `ended` lists the demo resources whose load ended without
    an active table, as (dataset/resource, why), from xloader's task status (not
    xloader_status: it also reads xloader's job database)."""
    import json as _json

    loaded, ended = 0, []
    resources = _demo_resources()
    for res in resources:
        model.Session.refresh(res)
        if _table_active(res):
            loaded += 1
            continue
        task = _load_task(res)
        if task is None:
            continue
        if task.get("state") not in ("complete", "error"):
            continue  # queued or loading
        why = task.get("error") or ""
        try:
            why = _json.loads(why).get("message") or why
        except (ValueError, AttributeError):
            pass
        if task["state"] == "complete":
            why = "the load finished but the table is not marked active"
        ended.append((f"{res.package.name}/{res.name or res.id}", why or task["state"]))
    return loaded, ended, len(resources)


def wait_for_datastore(timeout=900, echo=print):
    """Wait until every demo table is loaded or its load has ended (failed); then name
    the missing ones and why. Returns True when every table is there."""
    end = time.time() + timeout
    last = None
    loaded, ended, total = 0, [], 0
    while time.time() < end:
        loaded, ended, total = datastore_progress()
        if (loaded, len(ended)) != last:
            echo(f"  datastore: {loaded}/{total} tables loaded, {len(ended)} failed")
            last = (loaded, len(ended))
        if loaded + len(ended) >= total:
            break
        model.Session.remove()
        time.sleep(3)
    else:
        echo(f"  datastore: {total - loaded - len(ended)} tables still loading after {timeout} s")
    for name, why in ended:
        echo(f"  missing: {name}: {why}")
    return loaded == total
