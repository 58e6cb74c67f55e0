"""`ckan egovuz backup DIR`, `ckan egovuz restore DIR` (see backup.py)."""

from __future__ import annotations

import click


@click.command("backup")
@click.argument("directory", type=click.Path(file_okay=False))
def backup(directory):
    """Back up both databases (pg_dump custom format) and the uploads into DIRECTORY
    (a new or empty folder)."""
    from . import backup as b

    try:
        b.backup(directory, echo=click.echo)
    except b.BackupError as exc:
        raise click.ClickException(str(exc))


@click.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--no-reindex", is_flag=True, help="Do not rebuild the search index")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
def restore(directory, no_reindex, yes):
    """Replace both databases and the uploads by the backup in DIRECTORY, then rebuild
    the search index. Stop the web nodes and job workers first."""
    from . import backup as b

    if not yes:
        click.confirm("This replaces the portal's databases and uploads. Continue?", abort=True)
    try:
        b.restore(directory, echo=click.echo, reindex=not no_reindex)
    except b.BackupError as exc:
        raise click.ClickException(str(exc))
