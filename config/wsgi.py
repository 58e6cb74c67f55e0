"""WSGI entry point for gunicorn (or any WSGI server): the CKAN app built from the ini
named by CKAN_INI, with the ini's logging sections applied (JSON logs when its console
handler uses ckanext.egovuz.ops.logs.JsonFormatter) and, behind reverse proxies,
werkzeug's ProxyFix for `ckanext.egovuz.proxy_count` hops."""

import logging.config
import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

ini = os.environ["CKAN_INI"]
try:
    logging.config.fileConfig(ini, disable_existing_loggers=False)
except (KeyError, ValueError):  # an ini without logging sections keeps the defaults
    pass
config = CKANConfigLoader(ini).get_config()
application = make_app(config)
proxies = int(config.get("ckanext.egovuz.proxy_count") or 0)
if proxies > 0:
    from werkzeug.middleware.proxy_fix import ProxyFix

    application = ProxyFix(application, x_for=proxies, x_proto=proxies, x_host=proxies)
