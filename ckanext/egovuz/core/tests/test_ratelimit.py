"""The shared Redis rate limits: counted per window, refused past the limit with a
per-field message, and open (never a 500) while Redis cannot be reached."""

from __future__ import annotations

import pytest
import redis
from ckan.plugins import toolkit as tk

from ckanext.egovuz.core import ratelimit


def test_counted_then_refused_and_open_while_redis_is_down(monkeypatch):
    ratelimit.clear_all()
    for _ in range(2):
        ratelimit.take("sinov", "ip:1", 2, 3600)
    with pytest.raises(tk.ValidationError) as refused:
        ratelimit.take("sinov", "ip:1", 2, 3600)
    assert "rate_limit" in refused.value.error_dict
    ratelimit.take("sinov", "ip:2", 2, 3600)  # another visitor has their own count

    def down():
        raise redis.exceptions.ConnectionError("Redis is down")

    monkeypatch.setattr(ratelimit, "_redis", down)
    key = ratelimit.take("sinov", "ip:1", 2, 3600)  # not refused, not a 500
    ratelimit.release(key)
    monkeypatch.undo()
    ratelimit.clear_all()
