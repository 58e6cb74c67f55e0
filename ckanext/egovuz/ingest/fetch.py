"""The ingest worker's download, without server-side request forgery (issue 11, item 2).

It replaces xloader's `_download_resource_data` (same contract), for our loader and for
the formats left to xloader's own loader alike:

- an uploaded file is read from the portal's own storage (ckan.lib.uploader), never
  fetched over HTTP from the portal itself;
- a link is fetched only over http(s), and only from a public address: the host name is
  resolved once, every address it resolves to is checked (loopback, private, shared,
  link-local, multicast, unspecified and reserved ranges are refused), and the connection
  is made to that checked address (the Host header and TLS server name stay the host's
  name), so DNS cannot answer differently between the check and the connection;
- redirects are followed here, at most `ckanext.egovuz.ingest.max_redirects`, each new
  address checked the same way;
- `ckanext.egovuz.ingest.fetch_allow` names intranet hosts or networks that may be
  fetched anyway.

A refused fetch raises `PublisherError`: the job ends with that sentence in the load
status, in the publisher's language.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import os
import socket
import tempfile
from urllib.parse import urljoin, urlsplit

import urllib3
from ckan.plugins import toolkit as tk

from .messages import N_, PublisherError

log = logging.getLogger(__name__)

SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024

REFUSED = N_(
    "The file was not fetched: {host} is an address inside a private or internal "
    "network, which the portal does not fetch from. Upload the file instead, or "
    "give an address on the public internet."
)
ONLY_HTTP = N_("The file was not fetched: only http:// and https:// addresses can be loaded.")
NOT_FOUND_HOST = N_("The file was not fetched: the address {host} could not be found.")
UNREACHABLE = N_(
    "The file could not be downloaded from {host}: the server could not be "
    "reached or did not answer in time."
)
BAD_STATUS = N_(
    "The file could not be downloaded from {host}: the server answered with error {status}."
)
TOO_MANY_REDIRECTS = N_("The file was not fetched: the address redirects more than {max} times.")
TOO_BIG = N_("The file is larger than {max} MB, the most the portal loads into tables.")
UPLOAD_MISSING = N_("The uploaded file was not found in the portal's storage: upload it again.")


def forbidden_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10),
    link-local (169.254/16, fe80::/10), multicast, unspecified or reserved."""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip.is_reserved
        or ip in SHARED_ADDRESS_SPACE
        or not ip.is_global
    )


def allow_list() -> tuple[set[str], list]:
    hosts, networks = set(), []
    for item in tk.aslist(tk.config.get("ckanext.egovuz.ingest.fetch_allow")):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            hosts.add(item.lower().rstrip("."))
    return hosts, networks


def resolve(host: str, port: int) -> str:
    """The one address to connect to, after checking every address `host` has."""
    hosts, networks = allow_list()
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise PublisherError(NOT_FOUND_HOST, host=host)
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        allowed = host.lower().rstrip(".") in hosts or any(ip in n for n in networks)
        if not allowed and forbidden_address(ip):
            log.warning("ingest: refused to fetch from %s (%s)", host, ip)
            raise PublisherError(REFUSED, host=host)
        addresses.append(ip)
    if not addresses:
        raise PublisherError(NOT_FOUND_HOST, host=host)
    return str(addresses[0])


def _timeout():
    from ckanext.xloader import jobs as xjobs

    return urllib3.Timeout(connect=xjobs.DOWNLOAD_TIMEOUT, read=xjobs.DOWNLOAD_TIMEOUT)


def open_checked(url: str, headers: dict):
    """GET `url` (no redirects followed) from the checked address of its host."""
    from ckanext.xloader import jobs as xjobs

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise PublisherError(ONLY_HTTP)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise PublisherError(ONLY_HTTP)
    host = parts.hostname
    default_port = 443 if scheme == "https" else 80
    port = port or default_port
    ip = resolve(host, port)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    shown_host = f"[{host}]" if ":" in host else host
    headers = dict(headers, Host=shown_host if port == default_port else f"{shown_host}:{port}")
    proxy = tk.config.get("ckan.download_proxy")
    try:
        if proxy:  # the operator's proxy connects; the address was checked above
            pool = urllib3.ProxyManager(proxy, timeout=_timeout(), retries=False)
            return pool.urlopen("GET", url, headers=headers, redirect=False, preload_content=False)
        if scheme == "https":
            verify = xjobs.ssl_verify is not False
            kw = dict(
                server_hostname=host,
                cert_reqs="CERT_REQUIRED" if verify else "CERT_NONE",
                assert_hostname=host if verify else False,
            )
            if verify:
                import certifi

                kw["ca_certs"] = certifi.where()
            pool = urllib3.HTTPSConnectionPool(ip, port, timeout=_timeout(), retries=False, **kw)
        else:
            pool = urllib3.HTTPConnectionPool(ip, port, timeout=_timeout(), retries=False)
        return pool.urlopen(
            "GET",
            target,
            headers=headers,
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.HTTPError as e:
        log.warning("ingest: could not fetch %s: %s", url, e)
        raise PublisherError(UNREACHABLE, host=host)


def fetch(url: str, headers: dict | None = None, logger=None):
    """The response for `url`, following redirects ourselves; each hop is checked."""
    limit = tk.config.get("ckanext.egovuz.ingest.max_redirects")
    headers = dict(headers or {})
    host = urlsplit(url).hostname
    for _hop in range(limit + 1):
        resp = open_checked(url, headers)
        if resp.status in REDIRECTS and resp.headers.get("Location"):
            resp.release_conn()
            url = urljoin(url, resp.headers["Location"])
            if urlsplit(url).hostname != host:  # credentials stay with their host
                headers = {
                    k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")
                }
            if logger:
                logger.info("Redirected to: %s", url)
            continue
        if resp.status >= 400:
            resp.release_conn()
            raise PublisherError(BAD_STATUS, host=urlsplit(url).hostname, status=resp.status)
        return resp
    raise PublisherError(TOO_MANY_REDIRECTS, max=limit)


def _tmp_file(url: str):
    name = os.path.basename(urlsplit(url).path)[-40:]
    safe = "".join(c for c in name if c.isalnum() or c in "._-")
    return tempfile.NamedTemporaryFile(suffix=safe)


def _copy(chunks, tmp, data, logger):
    """Write `chunks` to `tmp` within xloader's size limit; an excerpt if it allows."""
    from ckanext.xloader import jobs as xjobs

    max_length = xjobs.max_content_length or tk.config.get("ckanext.xloader.max_content_length")
    length = 0
    md5 = hashlib.md5(usedforsecurity=False)
    too_big = False
    for chunk in chunks:
        length += len(chunk)
        if length > max_length:
            too_big = True
            break
        tmp.write(chunk)
        md5.update(chunk)
    data["datastore_contains_all_records_of_source_file"] = not too_big
    if not too_big:
        tmp.flush()
        return md5.hexdigest()
    excerpt = xjobs.max_excerpt_lines or 0
    if excerpt <= 0:
        raise PublisherError(TOO_BIG, max=max_length // 1_000_000)
    if logger:
        logger.info(
            "Data too large to load into the DataStore: loading an excerpt of %s lines", excerpt
        )
    tmp.flush()
    tmp.seek(0)
    lines = [line for _, line in zip(range(excerpt), tmp)]
    tmp.seek(0)
    tmp.truncate()
    md5 = hashlib.md5(usedforsecurity=False)
    for line in lines:
        tmp.write(line)
        md5.update(line)
    tmp.flush()
    return md5.hexdigest()


def upload_path(resource: dict) -> str | None:
    from ckan.lib import uploader

    upload = uploader.get_resource_uploader(dict(resource))
    get_path = getattr(upload, "get_path", None)
    path = get_path(resource["id"]) if get_path else None
    return path if path and os.path.isfile(path) else None


def download_resource_data(resource, data, api_key, logger):
    """Replacement of ckanext.xloader.jobs._download_resource_data: (tmp_file, md5)."""
    url = resource.get("url") or ""
    tmp = _tmp_file(url)
    try:
        if resource.get("url_type") == "upload":
            path = upload_path(resource)
            if path:
                logger.info("Reading the upload from the portal's storage")
                with open(path, "rb") as f:
                    file_hash = _copy(iter(lambda: f.read(CHUNK), b""), tmp, data, logger)
                return tmp, file_hash
            if tk.config.get("ckan.storage_path"):
                raise PublisherError(UPLOAD_MISSING)
            # storage elsewhere (a cloud uploader): its download URL, checked like any other
            from ckanext.xloader import jobs as xjobs

            headers = {xjobs.apitoken_header_name or "Authorization": api_key} if api_key else {}
        else:
            headers = {}
        logger.info("Fetching from: %s", url)
        resp = fetch(url, headers, logger)
        try:
            file_hash = _copy(resp.stream(CHUNK), tmp, data, logger)
        except urllib3.exceptions.HTTPError as e:
            log.warning("ingest: download of %s broke off: %s", url, e)
            raise PublisherError(UNREACHABLE, host=urlsplit(url).hostname)
        finally:
            resp.release_conn()
        return tmp, file_hash
    except BaseException:
        tmp.close()
        raise


def install() -> None:
    from ckanext.xloader import jobs as xjobs

    xjobs._download_resource_data = download_resource_data
