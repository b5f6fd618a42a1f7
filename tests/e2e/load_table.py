"""Runs `make load`'s command (python -m load) and reads its table's row for one level."""

from __future__ import annotations

import os
import re
import subprocess

from tests.e2e.servers import ROOT


def run_load(url: str, users: int, seconds: int, timeout: int,
             extra: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess, tuple | None]:
    """The finished run, and (turns, errors, completed, ended) from its row, or None if absent."""
    python = ROOT / os.environ.get("LOAD_ENV", ".venv/load") / "bin" / "python"
    command = [str(python), "-m", "load", "--url", url, "--users", str(users), "--seconds", str(seconds),
               *extra]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=timeout)
    print(done.stdout, done.stderr)
    row = re.search(rf"^\s+{users}\s+(\d+)\s+[\d.]+\s+\d+\s+\d+\s+\d+\s+(\d+)\s+(\d+) of (\d+)$",
                    done.stdout, re.M)
    return done, tuple(map(int, row.groups())) if row else None
