"""JSON logs: one object per line with level, logger, message, extras and the traceback;
the ini's logging sections select the formatter (as scripts/make_config.py writes them)."""

from __future__ import annotations

import io
import json
import logging
import logging.config

from ckanext.egovuz.ops.logs import JsonFormatter


def test_one_json_object_per_record():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("egovuz.test.json")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning('dataset %s is "late"\nsecond line', "ахоли-сони", extra={"dataset_id": 42})
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["level"] == "WARNING" and first["logger"] == "egovuz.test.json"
    assert first["msg"] == 'dataset ахоли-сони is "late"\nsecond line'
    assert first["dataset_id"] == 42 and first["ts"].endswith("+00:00")
    assert second["level"] == "ERROR" and "ValueError: boom" in second["exc"]


def test_ini_selects_the_formatter(tmp_path):
    ini = tmp_path / "log.ini"
    out = tmp_path / "out.log"
    ini.write_text(f"""[loggers]
keys = root
[handlers]
keys = file
[formatters]
keys = generic, json
[logger_root]
level = INFO
handlers = file
[handler_file]
class = FileHandler
args = ({str(out)!r},)
formatter = json
[formatter_generic]
format = %(message)s
[formatter_json]
class = ckanext.egovuz.ops.logs.JsonFormatter
""")
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    try:
        logging.config.fileConfig(str(ini), disable_existing_loggers=False)
        logging.getLogger("ckan.x").info("hello")
        for h in root.handlers:
            h.flush()
    finally:
        for h in root.handlers:
            h.close()
        root.handlers[:] = saved[1]
        root.setLevel(saved[0])
    assert json.loads(out.read_text().splitlines()[-1])["msg"] == "hello"
