"""`ckan egovuz monitoring ...` (plugin egovuz_monitoring). Calls the plugin's actions as
the site user; fit for cron."""

from __future__ import annotations

import click

from ..core.context import site_context


@click.group()
def monitoring():
    """Monitoring of stale datasets (S-MON)."""


@monitoring.command("notify")
@click.option(
    "--days",
    type=int,
    default=None,
    help="Datasets due within N days (default ckanext.egovuz.monitoring.notify_days)",
)
@click.option("--dry-run", is_flag=True, help="Only list who would get an e-mail")
def notify(days, dry_run):
    """E-mail each responsible person (contact_email) their overdue datasets and those
    due within N days, through CKAN's mailer (smtp.* settings)."""
    from ckan.plugins import toolkit as tk

    if days is None:
        days = tk.config.get("ckanext.egovuz.monitoring.notify_days")
    result = tk.get_action("egovuz_monitoring_notify")(
        site_context(), {"days": days, "dry_run": dry_run}
    )
    for email in result["sent"]:
        click.echo(f"{'would send' if dry_run else 'sent'}: {email}")
    for fail in result["failed"]:
        click.echo(f"failed: {fail['email']}: {fail['error']}", err=True)
    click.echo(f"monitoring notify: {len(result['sent'])} sent, {len(result['failed'])} failed")
    if result["failed"]:
        raise click.exceptions.Exit(1)
