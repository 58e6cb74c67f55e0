"""The project's own scripts fail loudly and name the service when they cannot start it."""

import os
import socket
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_port_taken_is_named_and_fails(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        env = dict(os.environ, EGOVUZ_STATE=str(tmp_path / "state"), EGOVUZ_PG_PORT=str(port))
        proc = subprocess.run(
            ["bash", os.path.join(ROOT, "scripts", "services.sh"), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode != 0
    assert f"postgres: port {port} is taken" in proc.stderr


def test_unknown_command_is_refused():
    proc = subprocess.run(
        ["bash", os.path.join(ROOT, "scripts", "services.sh"), "bogus"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "usage" in proc.stdout
