"""schemathesis (in .venv-interop, see requirements-interop.txt) against the stable API's
own OpenAPI description on the live test server: a bounded number of generated requests,
positive and negative, and every response must match what the description declares."""

from __future__ import annotations

import os
import re
import subprocess

ROOT = os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
)
ST = os.path.join(ROOT, ".venv-interop", "bin", "st")
# Every check but positive_data_acceptance: `filters` and `sort` name columns of the
# dataset's table, which no static description can list; a request naming another column
# is the 400 the description declares, not a schema-valid request wrongly refused.
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance,negative_data_rejection,"
    "unsupported_method,allow_header_conformance,missing_required_header"
)


def test_stable_api_matches_its_openapi(world, live_server, tmp_path):
    code = world["public"]["dataset_code"]
    (tmp_path / "schemathesis.toml").write_text(
        # The public dataset's code for the path, so generated queries reach its table.
        f'[parameters]\n"path.code" = "{code}"\n',
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            ST,
            "run",
            f"{live_server}/api/egovuz/v1/openapi.json",
            "--checks",
            CHECKS,
            "--max-examples",
            "12",
            "--seed",
            "13",
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--no-color",
            "--request-timeout",
            "20",
            "--generation-database",
            "none",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-6000:]
    assert "No issues found" in out, out[-3000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", out)
    assert generated and int(generated.group(1)) >= 40, out[-3000:]
