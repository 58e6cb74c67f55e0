"""Test helpers of the monitoring/statistics/AI domains: roles, backdating a dataset's
passport dates, download and view events."""
from __future__ import annotations

import datetime
import uuid

import sqlalchemy as sa
from ckan import model
from ckan.tests import factories, helpers

ROLES = ("anonymous", "user", "editor", "admin", "sysadmin")


def make_roles(org_id: str | None = None) -> dict:
    """{role: user name or ""} with an organization where editor/admin are members."""
    editor, admin = factories.User(), factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"},
                                        {"name": admin["name"], "capacity": "admin"}])
    return {"anonymous": "", "user": factories.User()["name"], "editor": editor["name"],
            "admin": admin["name"], "sysadmin": factories.Sysadmin()["name"], "org": org}


def call_as(user: str, action: str, **data):
    return helpers.call_action(action, context={"user": user, "ignore_auth": False}, **data)


def backdate(package_id: str, data_last_changed: datetime.datetime, frequency: str | None = None,
             created: datetime.datetime | None = None) -> None:
    """Set the passport's data_last_changed (and frequency) as if written long ago, then
    let a dataset update (a patch) re-sync the monitoring snapshot through the hooks."""
    values = {"data_last_changed": data_last_changed.replace(microsecond=0).isoformat()}
    if frequency:
        values["update_frequency"] = frequency
    for key, value in values.items():
        model.Session.execute(sa.text(
            "UPDATE package_extra SET value = :v WHERE package_id = :p AND key = :k"),
            {"v": value, "p": package_id, "k": key})
    if created is not None:
        model.Session.execute(sa.text("UPDATE package SET metadata_created = :c WHERE id = :p"),
                              {"c": created, "p": package_id})
    model.Session.commit()
    model.Session.expire_all()
    from ..monitoring.model import sync_package
    sync_package(package_id)
    model.Session.commit()


def add_downloads(package_id: str, n: int, when: datetime.datetime | None = None) -> None:
    from ..downloads.model import download_table
    when = when or datetime.datetime.utcnow()
    model.Session.execute(download_table.insert(), [
        {"package_id": package_id, "format": "csv", "source": "table", "created": when}
        for _ in range(n)])
    model.Session.commit()


def add_views(package_id: str, n: int, day: datetime.date | None = None) -> None:
    model.Session.execute(sa.text(
        "INSERT INTO tracking_summary (url, package_id, tracking_type, count, running_total,"
        " recent_views, tracking_date) VALUES (:u, :p, 'page', :n, :n, :n, :d)"),
        {"u": f"/dataset/{uuid.uuid4()}", "p": package_id, "n": n,
         "d": day or datetime.date.today()})
    model.Session.commit()


def reset_all(datastore: bool = False) -> None:
    """What the repo's clean_db does, callable from a module-scoped fixture (a world of
    generated datasets built once per test module: creating datasets is the slow part)."""
    from ckan.cli.db import _run_migrations
    from ckan.tests import helpers as test_helpers
    import conftest  # the repository's conftest.py
    from ckan import plugins
    plugins.load_all()  # with_plugins (function-scoped) reloads them for each test
    factories.fake.unique.clear()
    test_helpers.reset_db()
    from ckan.lib import search
    search.clear_all()
    if datastore:
        from ckanext.datastore.tests import helpers as ds_helpers
        engine = ds_helpers.db.get_write_engine()
        ds_helpers.rebuild_all_dbs(ds_helpers.orm.scoped_session(
            ds_helpers.orm.sessionmaker(bind=engine)))
    for plugin in conftest.migrated_plugins():
        _run_migrations(plugin, "head", True)


class SmtpSink:
    """A local SMTP server that keeps the messages it receives (tests of e-mails).

    with SmtpSink() as sink: ... sink.port ... sink.messages -> [email.message.Message]"""

    def __init__(self):
        import socketserver
        import threading
        self.messages = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ESMTP\r\n")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    cmd = line.strip().upper()
                    if cmd.startswith(b"EHLO"):
                        self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                    elif cmd == b"DATA":
                        self.wfile.write(b"354 go on\r\n")
                        data = b""
                        while True:
                            chunk = self.rfile.readline()
                            if chunk in (b".\r\n", b".\n", b""):
                                break
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        import email
                        sink.messages.append(email.message_from_bytes(data))
                        self.wfile.write(b"250 queued\r\n")
                    elif cmd == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:  # HELO, MAIL, RCPT, RSET, NOOP
                        self.wfile.write(b"250 ok\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
