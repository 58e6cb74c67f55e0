"""`ckan egovuz ...` commands."""

from __future__ import annotations

import click


@click.group(short_help="Commands of the Open Data Portal of Uzbekistan")
def egovuz():
    pass


@egovuz.group()
def demo():
    """Demo content: spheres, organizations, datasets with tabular data."""


@demo.command("load")
@click.option(
    "--rows-large",
    type=int,
    default=None,
    help="Rows of the largest table (default: ckanext.egovuz.demo.large_rows)",
)
@click.option("--limit", type=int, default=None, help="Load only the first N datasets")
@click.option("--no-xloader", is_flag=True, help="Do not submit the tables to xloader")
def demo_load(rows_large, limit, no_xloader):
    """Create the demo content (idempotent: what exists is kept)."""
    from .demo.loader import load

    stats = load(rows_large=rows_large, limit=limit, submit=not no_xloader, echo=click.echo)
    click.echo(f"demo: {stats}")


@demo.command("wait")
@click.option("--timeout", type=int, default=900)
def demo_wait(timeout):
    """Wait until every demo table is in the DataStore (or has failed)."""
    from .demo.loader import wait_for_datastore

    ok = wait_for_datastore(timeout=timeout, echo=click.echo)
    if not ok:
        raise click.ClickException(
            "some demo tables are missing (listed above); see the "
            "job workers' logs and each resource page"
        )


@egovuz.command("sysadmin")
@click.argument("name")
@click.option("--password", required=True, help="Password of a newly created account.")
@click.option("--email", required=True)
@click.option(
    "--reset-password",
    is_flag=True,
    help="Also set the password of an existing account (otherwise it is kept).",
)
def sysadmin(name, password, email, reset_password):
    """Create a sysadmin account, or make an existing account a sysadmin. The password is
    set only when the account is created (or with --reset-password): `make run` calls
    this on every start and must not undo a password the operator has changed."""
    from ckan import model
    from ckan.plugins import toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    ctx = {"ignore_auth": True, "user": site_user["name"]}
    user = model.User.get(name)
    if user is None:
        tk.get_action("user_create")(
            ctx, {"name": name, "password": password, "email": email, "fullname": "Portal operator"}
        )
        user = model.User.get(name)
        click.echo(f"sysadmin {name} created")
    elif reset_password:
        user.password = password
        click.echo(f"sysadmin {name}: password reset")
    else:
        click.echo(f"sysadmin {name} exists: password kept")
    user.sysadmin = True
    model.Session.commit()
    click.echo(f"sysadmin {name} ready")


@egovuz.command("xloader-token")
def xloader_token():
    """Print an API token of the site user for ckanext.xloader.api_token."""
    from ckan.plugins import toolkit as tk

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    token = tk.get_action("api_token_create")(
        {"ignore_auth": True, "user": site_user["name"]},
        {"user": site_user["name"], "name": "xloader"},
    )
    click.echo(token["token"])


# `ckan egovuz monitoring notify` (plugin egovuz_monitoring), `ckan egovuz stats refresh`
# (plugin egovuz_stats): each calls its plugin's actions.
from .monitoring.cli import monitoring as _monitoring  # noqa: E402
from .statistics.cli import stats as _stats  # noqa: E402

egovuz.add_command(_monitoring)
egovuz.add_command(_stats)


@egovuz.command("reindex-stale")
def reindex_stale():
    """Index the datasets whose search index copy is missing or older than the database
    (writes made while Solr was down)."""
    from .ingest import flags

    click.echo(f"{flags.reindex_stale()} datasets indexed")


# `ckan egovuz backup DIR`, `ckan egovuz restore DIR` (plugin egovuz_ops).
from .ops.cli import backup as _backup, restore as _restore  # noqa: E402

egovuz.add_command(_backup)
egovuz.add_command(_restore)
