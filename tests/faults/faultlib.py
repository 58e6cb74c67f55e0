"""Helpers of the fault tests (imported by their conftest and tests)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def wait_until(what: str, predicate, timeout: float, interval: float = 0.5, detail=None):
    end = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > end:
            raise AssertionError(
                f"{what}: not after {timeout} s" + (f"\n{detail()}" if detail else "")
            )
        time.sleep(interval)


@contextlib.contextmanager
def services_down_then_up(service: str):
    """Stop one of THIS run's services (scripts/services.sh <service>-stop) for the
    block and start it again, whatever happens in the block."""
    run = _services
    run(f"{service}-stop")
    try:
        yield
    finally:
        run(f"{service}-start")


def _services(*args: str) -> None:
    subprocess.run(
        ["bash", os.path.join(ROOT, "scripts", "services.sh"), *args],
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=300,
    )
