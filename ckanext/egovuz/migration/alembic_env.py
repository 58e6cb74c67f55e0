"""The alembic environment shared by every plugin of ckanext-egovuz: each plugin's
migration/<plugin>/env.py calls run(__file__). Versions are kept per plugin in the table
<plugin>_alembic_version, as CKAN expects of plugin migrations."""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from ckan.model.meta import metadata


def run(env_file: str) -> None:
    config = context.config
    fileConfig(config.config_file_name)
    name = os.path.basename(os.path.dirname(env_file))
    version_table = f"{name}_alembic_version"

    def include_object(object, object_name, type_, reflected, compare_to):
        if type_ == "table":
            return object_name.startswith(name)
        return True

    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
            version_table=version_table,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        return

    connectable = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table=version_table,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
