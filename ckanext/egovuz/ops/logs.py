"""Structured logs: one JSON object per line, for journald/Loki/ELK.

Use it in the ini's logging sections (or set EGOVUZ_LOG_FORMAT=json for
scripts/make_config.py to do it):

    [formatters]
    keys = generic, json
    [formatter_json]
    class = ckanext.egovuz.ops.logs.JsonFormatter
    [handler_console]
    formatter = json
"""

from __future__ import annotations

import datetime
import json
import logging

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.datetime.fromtimestamp(record.created, datetime.timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,
        }
        try:
            from flask import has_request_context, request

            if has_request_context():
                entry["method"] = request.method
                entry["path"] = request.path
                entry["ip"] = request.remote_addr
        except Exception:  # logging must never fail
            pass
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                plain = isinstance(value, (str, int, float, bool, type(None)))
                entry[key] = value if plain else repr(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
