"""`ckan egovuz monitoring notify` against a local SMTP sink."""

import datetime

import pytest
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import helpers

from ckanext.egovuz.tests.helpers import backdate
from ckanext.egovuz.testing import Dataset

NOW = datetime.datetime.utcnow()


def _body(msg):
    part = msg.get_payload()[0] if msg.is_multipart() else msg
    return part.get_payload(decode=True).decode("utf-8")


@pytest.mark.usefixtures("clean_db")
def test_notify_emails_overdue_and_due_soon(cli, smtp):
    overdue = Dataset(
        update_frequency="weekly", contact_email="olim@stat.uz", contact_name="Olimov Olim"
    )
    backdate(overdue["id"], NOW - datetime.timedelta(days=9))  # 2 days overdue
    due_soon = Dataset(
        update_frequency="weekly", contact_email="olim@stat.uz", contact_name="Olimov Olim"
    )
    backdate(due_soon["id"], NOW - datetime.timedelta(days=5))  # due in 2 days
    later = Dataset(update_frequency="weekly", contact_email="later@stat.uz")
    backdate(later["id"], NOW - datetime.timedelta(days=1))  # due in 6 days
    irregular = Dataset(update_frequency="irregular", contact_email="never@stat.uz")
    backdate(irregular["id"], NOW - datetime.timedelta(days=900))

    # the CLI loads its own config: the smtp fixture sets CKAN_SMTP_* in the environment
    result = cli.invoke(ckan_cli, ["egovuz", "monitoring", "notify", "--days", "3"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert len(smtp.messages) == 1
    assert smtp.messages[0].rcpt_tos == ["olim@stat.uz"]
    msg = smtp.messages[0].message
    assert "olim@stat.uz" in msg["To"]
    body = _body(msg)
    assert overdue["name"] in body and due_soon["name"] in body
    assert later["name"] not in body and irregular["name"] not in body
    assert "2 days overdue" in body

    # a wider horizon reaches the other contact; dry run sends nothing
    result = helpers.call_action("egovuz_monitoring_notify", days=7, dry_run=True)
    assert sorted(result["sent"]) == ["later@stat.uz", "olim@stat.uz"]


@pytest.mark.usefixtures("clean_db")
def test_notify_reports_smtp_failure(cli, ckan_config, monkeypatch):
    pkg = Dataset(update_frequency="daily", contact_email="x@stat.uz")
    backdate(pkg["id"], NOW - datetime.timedelta(days=3))
    monkeypatch.setenv("CKAN_SMTP_SERVER", "127.0.0.1:1")
    result = cli.invoke(ckan_cli, ["egovuz", "monitoring", "notify", "--days", "0"])
    assert result.exit_code == 1
    assert "failed: x@stat.uz" in result.output
