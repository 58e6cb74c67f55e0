"""WSGI entry point for gunicorn (or any WSGI server): the CKAN app built from the ini
named by CKAN_INI."""
import os

from ckan.cli import CKANConfigLoader
from ckan.config.middleware import make_app

config = CKANConfigLoader(os.environ["CKAN_INI"]).get_config()
application = make_app(config)
