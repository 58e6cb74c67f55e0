"""A background job for the multi-node test: records which worker process ran it (its
own pid and its parent's: rq runs each job in a child of the worker)."""

from __future__ import annotations

import os
import time

KEY = "egovuz:test:multinode:jobs"


def record_worker(tag: str) -> None:
    from ckan.lib.redis import connect_to_redis

    time.sleep(0.3)  # long enough that one idle worker cannot take every job
    connect_to_redis().rpush(KEY, f"{tag}:{os.getpid()}:{os.getppid()}")
