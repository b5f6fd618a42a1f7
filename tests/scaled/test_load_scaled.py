"""`make load`'s locust candidates against the scaled setup's nginx: whole interviews, no errors.
Throughput is printed, not asserted."""

from __future__ import annotations

import os
import re
import subprocess

from tests.e2e.servers import ROOT


def test_locust_interviews_through_nginx_complete_with_no_errors(cluster):
    python = ROOT / os.environ.get("LOAD_ENV", ".venv/load") / "bin" / "python"
    command = [str(python), "-m", "load", "--url", cluster.url, "--users", "4", "--seconds", "40"]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=300)
    print(done.stdout, done.stderr)
    assert done.returncode == 0, done.stdout + done.stderr
    row = re.search(r"^\s+4\s+(\d+)\s+[\d.]+\s+\d+\s+\d+\s+\d+\s+(\d+)\s+(\d+) of (\d+)$", done.stdout, re.M)
    assert row, done.stdout
    turns, errors, completed, ended = map(int, row.groups())
    assert errors == 0 and completed >= 1 and completed == ended and turns >= 8
