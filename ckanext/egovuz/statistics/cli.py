"""`ckan egovuz stats ...` (plugin egovuz_stats). Calls the plugin's actions as the site
user; fit for cron."""

from __future__ import annotations

import click

from ..core.context import site_context


@click.group()
def stats():
    """Statistics aggregates (S-STAT)."""


@stats.command("refresh")
@click.option(
    "--full", is_flag=True, help="Rebuild everything (aggregates, monitoring snapshot, AI scores)"
)
def refresh(full):
    """Aggregate the new download, view and search events (incremental)."""
    from ckan.plugins import toolkit as tk

    result = tk.get_action("egovuz_stats_refresh")(site_context(), {"full": full})
    click.echo(f"stats refresh: {result}")
