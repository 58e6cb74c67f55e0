"""The gunicorn command line that serves a site (config/wsgi.py reads CKAN_INI): one
definition for the tests' live servers and nodes and the benches' servers."""

from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def gunicorn_argv(port: int, workers: int = 1, threads: int = 4, timeout: int = 120) -> list:
    """The command that serves the site of the environment's CKAN_INI on 127.0.0.1:port,
    with the gunicorn of the running Python's environment."""
    return [
        os.path.join(os.path.dirname(sys.executable), "gunicorn"),
        "--chdir",
        os.path.join(ROOT, "config"),
        "wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        str(timeout),
    ]
