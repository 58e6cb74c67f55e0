"""`ckan egovuz backup DIR` / `ckan egovuz restore DIR`.

A backup folder holds:
  ckan.dump        pg_dump --format=custom of the CKAN database (datasets, users,
                   organizations, every plugin's tables: versions, proposals, votes,
                   comments, content, statistics, and the alembic version tables)
  datastore.dump   pg_dump --format=custom of the DataStore database (the tables of the
                   data, the versions' snapshot tables)
  storage.tar      ckan.storage_path (uploaded resources, news images, legal acts)
  manifest.json    when, what, sizes and SHA-256 of each file, row counts

Both databases are dumped with the credentials of the site's own config (sqlalchemy.url,
ckan.datastore.write_url): the roles that own the tables. A restore replaces what is in
the databases and the storage folder by the backup (pg_restore --clean) and rebuilds the
search index from the restored database. Stop the web nodes and job workers first.
Point-in-time recovery with WAL archiving: docs/operations.md."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile

import ckan
import sqlalchemy as sa
from ckan.plugins import toolkit as tk

FORMAT = 1
DUMPS = {"ckan": "sqlalchemy.url", "datastore": "ckan.datastore.write_url"}


class BackupError(Exception):
    pass


def _pg_args(url: str) -> tuple[list[str], dict]:
    u = sa.engine.make_url(url)
    args = [
        "-h",
        u.host or "localhost",
        "-p",
        str(u.port or 5432),
        "-U",
        u.username or "",
        "-d",
        u.database,
    ]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = u.password
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} not found: install the Debian package postgresql-client")
    return path


def _run(cmd: list[str], env: dict) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"{os.path.basename(cmd[0])} failed: {proc.stderr.strip()[-2000:]}")
    return proc


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _urls() -> dict[str, str]:
    urls = {}
    for name, key in DUMPS.items():
        url = tk.config.get(key)
        if url:
            urls[name] = url
    if "ckan" not in urls:
        raise BackupError("sqlalchemy.url is not set")
    return urls


def _row_counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names(schema="public")
            return {
                n: conn.execute(
                    sa.select(sa.func.count()).select_from(sa.table(n, schema="public"))
                ).scalar()
                for n in sorted(names)
            }
    finally:
        engine.dispose()


def backup(directory: str, echo=print) -> dict:
    os.makedirs(directory, exist_ok=True)
    if os.listdir(directory):
        raise BackupError(f"{directory} is not empty: give a new folder for each backup")
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.utcnow().isoformat() + "Z",
        "ckan_version": ckan.__version__,
        "files": {},
        "rows": {},
    }
    pg_dump = _tool("pg_dump")
    for name, url in _urls().items():
        out = os.path.join(directory, f"{name}.dump")
        args, env = _pg_args(url)
        echo(f"backup: dumping the {name} database")
        _run([pg_dump, "--format=custom", "--compress=6", "--file", out, *args], env)
        manifest["rows"][name] = _row_counts(url)
    storage = tk.config.get("ckan.storage_path")
    if storage and os.path.isdir(storage):
        echo(f"backup: archiving {storage}")
        with tarfile.open(os.path.join(directory, "storage.tar"), "w") as tar:
            tar.add(storage, arcname="storage")
    for fname in sorted(os.listdir(directory)):
        path = os.path.join(directory, fname)
        manifest["files"][fname] = {"bytes": os.path.getsize(path), "sha256": _sha256(path)}
    with open(os.path.join(directory, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
    echo(f"backup: done in {directory}")
    return manifest


def _check(directory: str) -> dict:
    path = os.path.join(directory, "manifest.json")
    if not os.path.isfile(path):
        raise BackupError(f"{directory} is not a backup (no manifest.json)")
    with open(path, encoding="utf-8") as f:
        manifest = json.load(f)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for fname, info in manifest["files"].items():
        fpath = os.path.join(directory, fname)
        if not os.path.isfile(fpath) or _sha256(fpath) != info["sha256"]:
            raise BackupError(f"{fname} is missing or damaged (SHA-256 differs)")
    return manifest


def _safe_members(tar: tarfile.TarFile):
    for member in tar.getmembers():
        name = os.path.normpath(member.name)
        if name.startswith(("/", "..")) or not (name == "storage" or name.startswith("storage/")):
            raise BackupError(f"storage.tar: refusing the entry {member.name!r}")
        if member.issym() or member.islnk():
            continue
        yield member


def restore(directory: str, echo=print, reindex: bool = True) -> dict:
    manifest = _check(directory)
    pg_restore = _tool("pg_restore")
    urls = _urls()
    for name in DUMPS:
        dump = os.path.join(directory, f"{name}.dump")
        if name not in manifest["files"] and f"{name}.dump" not in manifest["files"]:
            continue
        if name not in urls:
            raise BackupError(f"the backup has a {name} database but the config names none")
        args, env = _pg_args(urls[name])
        echo(f"backup: restoring the {name} database")
        _run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                dump,
            ],
            env,
        )
    storage = tk.config.get("ckan.storage_path")
    if "storage.tar" in manifest["files"] and storage:
        echo(f"backup: restoring {storage}")
        parent = os.path.dirname(os.path.abspath(storage))
        os.makedirs(parent, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=parent) as tmp:
            with tarfile.open(os.path.join(directory, "storage.tar")) as tar:
                tar.extractall(tmp, members=list(_safe_members(tar)))
            if os.path.isdir(storage):
                shutil.rmtree(storage)
            shutil.move(os.path.join(tmp, "storage"), storage)
    from ckan import model

    model.Session.remove()
    if reindex:
        echo("backup: rebuilding the search index")
        from ckan.lib import search

        search.clear_all()
        search.rebuild(defer_commit=True, quiet=True)
        search.commit()
    echo("backup: restored")
    return manifest
