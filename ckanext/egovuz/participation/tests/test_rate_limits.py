"""Rate limits hold under a parallel burst (the count is taken atomically in Redis) and
key on the client's address as the trusted proxies report it (issue 11, item 9). Real
threads through the whole WSGI stack, against the real Redis and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from .conftest import act

GOOD = {
    "full_name": "Karimov Anvar Olimovich",
    "email": "anvar@example.uz",
    "message": "Ma'lumotlar to'plami ochilmayapti",
}
URL = "/api/3/action/egovuz_feedback_create"


def stored(roles) -> int:
    return act("egovuz_feedback_list", roles.sysadmin)["count"]


def send(app, remote="203.0.113.7", forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return app.post(URL, json=GOOD, headers=headers, environ_base={"REMOTE_ADDR": remote})


@pytest.mark.ckan_config("ckanext.egovuz.participation.rate_limit.feedback", 5)
def test_parallel_burst_cannot_pass_the_limit(app, roles):
    threads_n = 24
    barrier = threading.Barrier(threads_n)
    statuses, errors = [], []

    def one():
        try:
            barrier.wait(timeout=30)
            resp = send(app)
            statuses.append((resp.status_code, resp.get_data(as_text=True)))
        except Exception as exc:  # reported below, never swallowed
            errors.append(repr(exc))

    workers = [threading.Thread(target=one) for _ in range(threads_n)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(120)
    assert not errors, errors
    ok = [s for s, _ in statuses if s == 200]
    refused = [body for s, body in statuses if s == 409]
    assert len(ok) == 5, sorted(s for s, _ in statuses)
    assert len(refused) == threads_n - 5 and all("rate_limit" in b for b in refused)
    assert stored(roles) == 5
    # the refused ones gave their place back: the counter says exactly 5
    assert send(app).status_code == 409


@pytest.mark.ckan_config("ckanext.egovuz.participation.rate_limit.feedback", 1)
def test_forwarded_address_ignored_without_trusted_proxies(app, roles):
    """By default X-Forwarded-For is not believed: a visitor cannot escape the limit by
    sending a new made-up address with each request."""
    assert send(app, forwarded="198.51.100.1").status_code == 200
    resp = send(app, forwarded="198.51.100.2")
    assert resp.status_code == 409 and "rate_limit" in resp.get_data(as_text=True)
    assert send(app, remote="203.0.113.99").status_code == 200  # another connection
    assert stored(roles) == 2


@pytest.mark.ckan_config("ckanext.egovuz.participation.rate_limit.feedback", 1)
@pytest.mark.ckan_config("ckanext.egovuz.trusted_proxies", 1)
def test_trusted_proxy_reports_the_client(app, roles):
    """Behind one trusted proxy (all requests come from its address), each client's own
    address, the last one the proxy appended, has its own allowance; an address the
    client itself put in front of the header is not believed."""
    proxy = "10.0.0.5"
    assert send(app, proxy, forwarded="198.51.100.1").status_code == 200
    assert send(app, proxy, forwarded="198.51.100.1").status_code == 409
    assert send(app, proxy, forwarded="198.51.100.2").status_code == 200
    # a client spoofing an address in front: the proxy appends the real one, which counts
    assert send(app, proxy, forwarded="192.0.2.200, 198.51.100.2").status_code == 409
    assert stored(roles) == 2
