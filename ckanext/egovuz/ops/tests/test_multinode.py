"""Several web and job nodes (issue 17): two gunicorn nodes and two job workers, each its
own process on its own port, behind nginx (Debian's, with the configuration that
scripts/nginx_conf.py renders from config/deploy/nginx-egovuz.conf.in, in a temporary
folder). They share only what production nodes share: the ini (secrets), PostgreSQL,
Redis, Solr and the storage path. A login, a CSRF-protected form, a rate limit, a vote and
an upload made on one node hold on the other; nginx spreads requests, caches static
assets, streams downloads, and keeps answering when a node dies."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
import requests
from ckan.tests import factories, helpers
from ckanext.egovuz.tests.helpers import proposal_in_voting
from ckanext.egovuz.tests.pytest_plugin import free_port, gunicorn_argv

from . import multinode_jobs

ROOT = str(pathlib.Path(__file__).resolve().parents[4])
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORD = "Parol-12345!"
FEEDBACK_LIMIT = 2

pytestmark = pytest.mark.skipif(
    not os.path.exists(NGINX), reason="nginx not installed (scripts/setup.sh installs it)"
)


def _wait(url, proc, log, secs=240):
    end = time.time() + secs
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited: {open(log).read()[-3000:]}")
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {secs} s: {open(log).read()[-3000:]}")


def _node_ini(tmp, site_url):
    """The test site's ini plus what a multi-node deployment sets: one proxy hop, a small
    feedback allowance (to reach the limit quickly), the site URL of the proxy."""
    test_ini = os.path.join(ROOT, "test.ini")
    logging_part = open(test_ini, encoding="utf-8").read().split("[loggers]", 1)[1]
    path = os.path.join(tmp, "node.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"""[app:main]
use = config:{test_ini}
ckan.site_url = {site_url}
ckanext.egovuz.proxy_count = 1
ckanext.egovuz.participation.rate_limit.feedback = {FEEDBACK_LIMIT}

[loggers]{logging_part}""")
    return path


@pytest.fixture(scope="module")
def world():
    from ckanext.egovuz.participation.logic.common import clear_rate_limits
    from ckanext.egovuz.testing import Dataset
    from ckanext.egovuz.tests.pytest_plugin import fresh_databases

    fresh_databases(datastore=True)
    clear_rate_limits()
    sysadmin = factories.Sysadmin()
    user = factories.User(password=PASSWORD)
    org = factories.Organization()
    sphere = factories.Group(name="talim", title="Ta'lim")
    dataset = Dataset(owner_org=org["id"])
    token = factories.APIToken(user=sysadmin["name"])["token"]
    ctx = {"user": sysadmin["name"]}
    proposal = proposal_in_voting(
        sysadmin,
        user,
        org,
        title="Toshkent maktablari ro'yxati",
        description="Manzil va sig'im bilan",
    )
    table = helpers.call_action(
        "datastore_create",
        context=ctx,
        resource_id=factories.Resource(
            package_id=dataset["id"],
            name="jadval",
            format="CSV",
            url="https://data.egov.uz/jadval.csv",
        )["id"],
        force=True,
        fields=[{"id": "n", "type": "int"}, {"id": "nom", "type": "text"}],
        records=[{"n": i, "nom": f"Maktab {i}"} for i in range(500)],
    )
    return {
        "sysadmin": sysadmin,
        "user": user,
        "org": org,
        "sphere": sphere,
        "dataset": dataset,
        "token": token,
        "proposal": proposal,
        "table_id": table["resource_id"],
    }


@pytest.fixture(scope="module")
def cluster(world, tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp("multinode"))
    # the workers start on an empty queue: a job left by an earlier test or xloader's own
    # submit of the world's CSV (a fetch that cannot succeed here) would keep one of the
    # two busy while test_jobs_are_shared_by_the_two_workers runs
    helpers.call_action("job_clear", {"user": world["sysadmin"]["name"]})
    proxy_port = free_port()
    proxy = f"http://127.0.0.1:{proxy_port}"
    ini = _node_ini(tmp, proxy)
    env = dict(os.environ, CKAN_INI=ini, CKAN_SITE_URL=proxy)
    bindir = os.path.dirname(sys.executable)
    procs, nodes, logs = [], [], {}
    try:
        for n in (1, 2):
            port = free_port()
            log = os.path.join(tmp, f"web{n}.log")
            access = os.path.join(tmp, f"web{n}-access.log")
            procs.append(
                subprocess.Popen(
                    [*gunicorn_argv(port, timeout=300), "--access-logfile", access],
                    env=env,
                    stdout=open(log, "wb"),
                    stderr=subprocess.STDOUT,
                )
            )
            nodes.append(f"http://127.0.0.1:{port}")
            logs[f"web{n}"] = (log, access)
        workers = []
        for n in (1, 2):
            log = os.path.join(tmp, f"worker{n}.log")
            workers.append(
                subprocess.Popen(
                    [os.path.join(bindir, "ckan"), "-c", ini, "jobs", "worker"],
                    env=env,
                    stdout=open(log, "wb"),
                    stderr=subprocess.STDOUT,
                )
            )
        procs.extend(workers)
        conf = subprocess.run(
            [
                sys.executable,
                os.path.join(ROOT, "scripts", "nginx_conf.py"),
                "--standalone",
                os.path.join(tmp, "nginx"),
                "--listen",
                f"127.0.0.1:{proxy_port}",
                "--upstream",
                nodes[0].split("//")[1],
                "--upstream",
                nodes[1].split("//")[1],
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        nginx_log = os.path.join(tmp, "nginx.out")
        nginx = subprocess.Popen(
            [NGINX, "-c", conf, "-e", os.path.join(tmp, "nginx-err.log")],
            stdout=open(nginx_log, "wb"),
            stderr=subprocess.STDOUT,
        )
        procs.append(nginx)
        for url, proc, log in (
            (nodes[0], procs[0], logs["web1"][0]),
            (nodes[1], procs[1], logs["web2"][0]),
        ):
            _wait(url + "/api/3/action/status_show", proc, log)
        _wait(proxy + "/api/3/action/status_show", nginx, nginx_log, 30)
        yield {
            "proxy": proxy,
            "nodes": nodes,
            "procs": procs,
            "logs": logs,
            "workers": workers,
            "tmp": tmp,
        }
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM if proc.args[0] != NGINX else signal.SIGQUIT)
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


class Browser(requests.Session):
    """Keeps CKAN's session cookie like a browser. CKAN sends it with an empty `Domain=`
    attribute, which browsers ignore (host-only cookie) but http.cookiejar does not."""

    def request(self, method, url, **kw):
        resp = super().request(method, url, **kw)
        m = re.search(r"(?:^|,\s*)ckan=([^;]*)", resp.headers.get("Set-Cookie", ""))
        if m:
            self.cookies.clear()
            self.cookies.set("ckan", m.group(1))
        return resp


def _csrf(session, url):
    html = session.get(url, timeout=60).text
    m = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field on " + url
    return m.group(1)


def _login(session, cluster, world, form_node=0, post_node=1):
    a, b = cluster["nodes"][form_node], cluster["nodes"][post_node]
    token = _csrf(session, a + "/user/login")
    resp = session.post(
        b + "/user/login",
        data={"login": world["user"]["name"], "password": PASSWORD, "_csrf_token": token},
        timeout=60,
        allow_redirects=False,
    )
    assert resp.status_code == 302, resp.text[-500:]


def test_nginx_spreads_requests_and_reports_health(cluster):
    for _ in range(12):
        r = requests.get(cluster["proxy"] + "/api/3/action/status_show", timeout=60)
        assert r.status_code == 200 and r.json()["success"]
    for name in ("web1", "web2"):
        lines = open(cluster["logs"][name][1]).read().count("status_show")
        assert lines >= 2, f"{name} got {lines} requests through nginx"
    health = requests.get(cluster["proxy"] + "/api/egovuz/health", timeout=60)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert set(health.json()["checks"]) == {"postgresql", "datastore", "solr", "redis"}


def test_login_on_one_node_holds_on_the_other(cluster, world):
    s = Browser()
    _login(s, cluster, world)  # form from node 1, credentials posted to node 2
    for node in cluster["nodes"]:
        page = s.get(node + "/dashboard/datasets", timeout=60, allow_redirects=False)
        assert page.status_code == 200, (node, page.status_code)
        assert world["user"]["name"] in page.text
    anonymous = requests.get(
        cluster["nodes"][0] + "/dashboard/datasets", timeout=60, allow_redirects=False
    )
    assert anonymous.status_code in (302, 403)


def test_csrf_token_of_one_node_is_accepted_by_the_other_and_required(cluster, world):
    s = Browser()
    _login(s, cluster, world)
    token = _csrf(s, cluster["nodes"][1] + "/feedback")
    form = {
        "full_name": "Karimov Anvar Olimovich",
        "email": "anvar@example.uz",
        "message": "Jadval ochilmayapti",
        "website": "",
    }
    missing = s.post(
        cluster["nodes"][0] + "/feedback", data=form, timeout=60, allow_redirects=False
    )
    assert missing.status_code == 400
    ok = s.post(
        cluster["nodes"][0] + "/feedback",
        data=dict(form, _csrf_token=token),
        timeout=60,
        allow_redirects=False,
    )
    assert ok.status_code == 302
    other = Browser()
    forged = other.post(
        cluster["nodes"][0] + "/feedback",
        data=dict(form, _csrf_token=token),
        timeout=60,
        allow_redirects=False,
    )
    assert forged.status_code == 400  # the token belongs to the first visitor's session


def test_rate_limit_counts_across_nodes(cluster):
    from ckanext.egovuz.participation.logic.common import clear_rate_limits

    clear_rate_limits()
    form = {
        "full_name": "Rahimova Dilnoza",
        "email": "dilnoza@example.uz",
        "message": "Yangi ma'lumot kerak",
        "website": "",
    }

    def send(node, ip):
        s = Browser()
        token = _csrf(s, node + "/feedback")
        return s.post(
            node + "/feedback",
            data=dict(form, _csrf_token=token),
            headers={"X-Forwarded-For": ip},
            timeout=60,
            allow_redirects=False,
        )

    a, b = cluster["nodes"]
    assert send(a, "10.0.0.7").status_code == 302
    assert send(b, "10.0.0.7").status_code == 302
    refused = send(a, "10.0.0.7")
    assert refused.status_code == 200 and "Too many submissions" in refused.text
    refused = send(b, "10.0.0.7")
    assert refused.status_code == 200 and "Too many submissions" in refused.text
    assert send(b, "10.0.0.8").status_code == 302  # another client has its own allowance
    clear_rate_limits()


def test_vote_on_one_node_counts_once_everywhere(cluster, world):
    s = Browser()
    _login(s, cluster, world)
    pid = world["proposal"]["id"]
    a, b = cluster["nodes"]
    token = _csrf(s, b + f"/proposals/{pid}")
    assert (
        s.post(
            a + f"/proposals/{pid}/vote",
            data={"_csrf_token": token},
            timeout=60,
            allow_redirects=False,
        ).status_code
        == 302
    )
    token = _csrf(s, a + f"/proposals/{pid}")
    s.post(b + f"/proposals/{pid}/vote", data={"_csrf_token": token}, timeout=60)
    for node in (a, b):
        shown = requests.get(
            node + "/api/3/action/egovuz_proposal_show", params={"id": pid}, timeout=60
        ).json()["result"]
        assert shown["votes"] == 1


def test_upload_through_one_node_is_served_by_the_other(cluster, world):
    content = "Yangi maʼlumotlar: Toshkent, Samarqand\n".encode() * 2000
    a, b = cluster["nodes"]
    created = requests.post(
        a + "/api/3/action/resource_create",
        headers={"Authorization": world["token"]},
        data={"package_id": world["dataset"]["id"], "name": "izoh.txt", "format": "TXT"},
        files={"upload": ("izoh.txt", content, "text/plain")},
        timeout=120,
    )
    assert created.status_code == 200, created.text[-500:]
    res = created.json()["result"]
    path = f"/dataset/{world['dataset']['id']}/resource/{res['id']}/download/izoh.txt"
    for base in (b, cluster["proxy"]):
        got = requests.get(base + path, timeout=120)
        assert got.status_code == 200 and got.content == content, base


def test_downloads_stream_through_nginx_and_static_assets_are_cached(cluster, world):
    direct = requests.get(cluster["nodes"][1] + f"/datastore/dump/{world['table_id']}", timeout=120)
    assert direct.headers.get("X-Accel-Buffering") == "no"
    dump = requests.get(cluster["proxy"] + f"/datastore/dump/{world['table_id']}", timeout=120)
    assert dump.status_code == 200 and dump.text.count("Maktab ") == 500
    assert dump.headers.get("Transfer-Encoding") == "chunked"
    home = requests.get(cluster["proxy"] + "/", timeout=120).text
    assets = re.findall(r'(?:href|src)="(/webassets/[^"]+\.(?:css|js))"', home)
    assert assets, "no webassets on the home page"
    first = requests.get(cluster["proxy"] + assets[0], timeout=60)
    second = requests.get(cluster["proxy"] + assets[0], timeout=60)
    assert first.status_code == second.status_code == 200 and first.content == second.content
    assert first.headers["X-Cache-Status"] in ("MISS", "EXPIRED")
    assert second.headers["X-Cache-Status"] == "HIT"
    assert "max-age=604800" in second.headers["Cache-Control"]


def test_jobs_are_shared_by_the_two_workers(cluster):
    from ckan.lib.redis import connect_to_redis
    from ckan.plugins import toolkit as tk

    conn = connect_to_redis()
    conn.delete(multinode_jobs.KEY)
    for n in range(12):
        tk.enqueue_job(multinode_jobs.record_worker, [f"job{n}"], title=f"multinode {n}")
    end = time.time() + 180
    while conn.llen(multinode_jobs.KEY) < 12 and time.time() < end:
        time.sleep(0.5)
    done = [v.decode() for v in conn.lrange(multinode_jobs.KEY, 0, -1)]
    conn.delete(multinode_jobs.KEY)
    assert sorted(d.split(":")[0] for d in done) == sorted(f"job{n}" for n in range(12))
    workers = {w.pid for w in cluster["workers"]}
    ran_on = set()
    for d in done:
        _, pid, ppid = d.split(":")
        owner = {int(pid), int(ppid)} & workers
        assert owner, f"job {d} ran outside the two workers {workers}"
        ran_on |= owner
    assert ran_on == workers, done


def test_a_node_dies_nginx_keeps_answering(cluster):
    first = cluster["procs"][0]
    first.terminate()
    first.wait(30)
    for _ in range(6):
        r = requests.get(cluster["proxy"] + "/api/egovuz/health", timeout=60)
        assert r.status_code == 200 and r.json()["status"] == "ok"
