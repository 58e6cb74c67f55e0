"""`ckan egovuz monitoring ...` and `ckan egovuz stats ...` (plugin egovuz_stats).
Both call the plugin's actions as the site user; fit for cron."""
from __future__ import annotations

import click


def _site_context():
    from ckan.plugins import toolkit as tk
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": False}


@click.group()
def monitoring():
    """Monitoring of stale datasets (S-MON)."""


@monitoring.command("notify")
@click.option("--days", type=int, default=None,
              help="Datasets due within N days (default ckanext.egovuz.monitoring.notify_days)")
@click.option("--dry-run", is_flag=True, help="Only list who would get an e-mail")
def notify(days, dry_run):
    """E-mail each responsible person (contact_email) their overdue datasets and those
    due within N days, through CKAN's mailer (smtp.* settings)."""
    from ckan.plugins import toolkit as tk
    if days is None:
        days = tk.config.get("ckanext.egovuz.monitoring.notify_days")
    result = tk.get_action("egovuz_monitoring_notify")(
        _site_context(), {"days": days, "dry_run": dry_run})
    for email in result["sent"]:
        click.echo(f"{'would send' if dry_run else 'sent'}: {email}")
    for fail in result["failed"]:
        click.echo(f"failed: {fail['email']}: {fail['error']}", err=True)
    click.echo(f"monitoring notify: {len(result['sent'])} sent, {len(result['failed'])} failed")
    if result["failed"]:
        raise click.exceptions.Exit(1)


@click.group()
def stats():
    """Statistics aggregates (S-STAT)."""


@stats.command("refresh")
@click.option("--full", is_flag=True,
              help="Rebuild everything (aggregates, monitoring snapshot, AI scores)")
def refresh(full):
    """Aggregate the new download, view and search events (incremental)."""
    from ckan.plugins import toolkit as tk
    result = tk.get_action("egovuz_stats_refresh")(_site_context(), {"full": full})
    click.echo(f"stats refresh: {result}")
