"""Redis rate limits shared by every domain (participation's submissions, registration):
a counter per kind, identity and time window, raised atomically."""

from __future__ import annotations

import logging
import time

from ckan.plugins import toolkit as tk

log = logging.getLogger(__name__)

PREFIX = "egovuz:ratelimit:"


def client_ip() -> str:
    """The visitor's address (the connection's, or the one trusted proxies forwarded:
    ProxyFix of the ops plugin sets remote_addr), "local" outside a request."""
    try:
        from flask import has_request_context, request

        if has_request_context():
            return request.remote_addr or "unknown"
    except Exception:
        pass
    return "local"


def _redis():
    from ckan.lib.redis import connect_to_redis

    return connect_to_redis()


def take(kind: str, identity: str, limit: int, window: int) -> str:
    """Count one submission of `kind` by `identity` in the current window of `window`
    seconds, in one atomic step (MULTI/EXEC of INCR and EXPIRE: parallel requests each get
    their own number); past `limit` the place is given back and ValidationError raised
    (field `rate_limit`). Returns the counter's key (see `release`). limit <= 0: none."""
    import redis

    key = f"{PREFIX}{kind}:{identity}:{int(time.time() // window)}"
    if limit <= 0:
        return key
    try:
        pipe = _redis().pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window)
        used, _ = pipe.execute()
    except redis.exceptions.RedisError as e:
        # Redis down: the submission goes through unlimited rather than as a 500 (the
        # limits are a brake on abuse, the site's forms must keep working)
        log.warning("rate limit %s not checked: %s", kind, e)
        return key
    if int(used) > limit:
        release(key)
        raise tk.ValidationError(
            {"rate_limit": [tk._("Too many submissions. Please try again later.")]}
        )
    return key


def release(key: str) -> None:
    """Give a counted place back (the submission was not stored)."""
    import redis

    try:
        _redis().decr(key)
    except redis.exceptions.RedisError as e:
        log.warning("rate limit place not given back: %s", e)


def clear_all() -> None:
    """Forget every counter (tests and the operator CLI)."""
    conn = _redis()
    for key in conn.scan_iter(PREFIX + "*"):
        conn.delete(key)
