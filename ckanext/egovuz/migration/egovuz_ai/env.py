"""Alembic environment of this plugin (see ckanext/egovuz/migration/alembic_env.py)."""

from ckanext.egovuz.migration.alembic_env import run

run(__file__)
