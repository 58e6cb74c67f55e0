"""Writes STATE/ckan.ini: `ckan generate config` once (its secrets are kept), then the
portal's options from config/portal.ini applied with `ckan config-tool`, ${VAR}s expanded
from the environment that scripts/lib.sh sets. Safe to run again."""

import configparser
import os
import pathlib
import string
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
# options an earlier config/portal.ini wrote and the portal now derives: dropped from an
# existing ini (`config-tool` only sets), so a stale value cannot outlive a port change
RETIRED = ("ckanext.xloader.jobs_db.uri",)  # = sqlalchemy.url (the ingest plugin)


def drop_retired(ini: pathlib.Path) -> None:
    lines = ini.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if ln.split("=", 1)[0].strip() not in RETIRED]
    if kept != lines:
        ini.write_text("".join(kept), encoding="utf-8")


def main():
    ini = pathlib.Path(os.environ["CKAN_INI"])
    ckan = str(pathlib.Path(os.environ["VENV"]) / "bin" / "ckan")
    if not ini.exists():
        subprocess.run(
            [ckan, "generate", "config", str(ini)], check=True, stdout=subprocess.DEVNULL
        )
    drop_retired(ini)
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "config" / "portal.ini", encoding="utf-8")
    options = []
    for section in parser.sections():
        for key, value in parser.items(section):
            value = string.Template(value).substitute(os.environ)
            options.append((section, f"{key}={value}"))
    by_section = {}
    for section, opt in options:
        by_section.setdefault(section, []).append(opt)
    # Structured logs: EGOVUZ_LOG_FORMAT=json makes the console handler write one JSON
    # object per line (ckanext.egovuz.ops.logs.JsonFormatter); "text" (default) CKAN's format.
    fmt = os.environ.get("EGOVUZ_LOG_FORMAT", "text")
    by_section["formatters"] = ["keys=generic, json"]
    by_section["formatter_json"] = ["class=ckanext.egovuz.ops.logs.JsonFormatter"]
    by_section["handler_console"] = ["formatter=" + ("json" if fmt == "json" else "generic")]
    for section, opts in by_section.items():
        subprocess.run([ckan, "config-tool", str(ini), "-s", section, *opts], check=True)
    print(f"config: {ini}", file=sys.stderr)


if __name__ == "__main__":
    main()
