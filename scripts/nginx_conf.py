"""Writes an nginx configuration for the portal from config/deploy/nginx-egovuz.conf.in.

  python scripts/nginx_conf.py --listen 80 --server-name data.egov.uz \\
      --upstream 10.0.0.11:5000 --upstream 10.0.0.12:5000 > /etc/nginx/sites-available/egovuz

With --standalone DIR it writes DIR/nginx.conf, a complete configuration (pid, logs, temp
files and cache in DIR) that `nginx -c DIR/nginx.conf` runs as an unprivileged test proxy:
the multi-node test uses it."""

from __future__ import annotations

import argparse
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "config" / "deploy" / "nginx-egovuz.conf.in"


def render(
    listen: str,
    upstreams: list[str],
    server_name: str = "_",
    cache_dir: str = "/var/cache/nginx/egovuz",
    temp_dir: str = "/var/lib/nginx",
    access_log: str = "/var/log/nginx/egovuz-access.log",
    error_log: str = "/var/log/nginx/egovuz-error.log",
) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    values = {
        "UPSTREAMS": "\n".join(f"    server {u} max_fails=1 fail_timeout=10s;" for u in upstreams),
        "CACHE_DIR": cache_dir,
        "TEMP_DIR": temp_dir,
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "ACCESS_LOG": access_log,
        "ERROR_LOG": error_log,
    }
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    return text


def standalone(directory: str, listen: str, upstreams: list[str]) -> str:
    d = pathlib.Path(directory).resolve()
    for sub in (
        "cache",
        "temp/client",
        "temp/proxy",
        "temp/fastcgi",
        "temp/uwsgi",
        "temp/scgi",
        "logs",
    ):
        (d / sub).mkdir(parents=True, exist_ok=True)
    server = render(
        listen,
        upstreams,
        cache_dir=str(d / "cache"),
        temp_dir=str(d / "temp"),
        access_log=str(d / "logs" / "access.log"),
        error_log=str(d / "logs" / "error.log"),
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = f"""{user}worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    fastcgi_temp_path {d}/temp/fastcgi;
    uwsgi_temp_path {d}/temp/uwsgi;
    scgi_temp_path {d}/temp/scgi;
{server}
}}
"""
    path = d / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    return str(path)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--listen", default="80")
    ap.add_argument("--server-name", default="_")
    ap.add_argument(
        "--upstream", action="append", required=True, help="host:port of a web node (repeat)"
    )
    ap.add_argument("--standalone", metavar="DIR")
    args = ap.parse_args(argv)
    if args.standalone:
        print(standalone(args.standalone, args.listen, args.upstream))
    else:
        sys.stdout.write(render(args.listen, args.upstream, args.server_name))


if __name__ == "__main__":
    main()
