"""`make load` drives whole interviews against real servers: every turn answered, summaries
reached, the table printed. It asserts what happened, not how fast (machines differ)."""

from __future__ import annotations

import os
import re
import subprocess

from tests.e2e.load_table import run_load
from tests.e2e.servers import ROOT


def test_make_load_runs_whole_interviews_with_no_errors(servers):
    done, row = run_load(servers.url, users=2, seconds=20, timeout=180)
    assert done.returncode == 0, done.stderr
    assert row, done.stdout
    turns, errors, completed, ended = row
    assert turns >= 8 and errors == 0 and completed >= 1 and completed == ended


def test_make_load_stock_compares_with_the_rasa_init_bot_and_its_sdk_action(servers):
    rasa_env = ROOT / os.environ.get("RASA_ENV", ".venv/rasa")
    done, row = run_load(servers.url, users=1, seconds=15, timeout=900,
                         extra=("--stock", "--rasa-env", str(rasa_env), "--stock-ports", "5625,5675"))
    assert done.returncode == 0, done.stderr[-3000:]
    stock = re.search(r"stock rasa init bot.*?\n.*?\n\s+1\s+(\d+)\s+[\d.]+\s+\d+\s+\d+\s+\d+\s+(\d+)",
                      done.stdout, re.S)
    assert stock, done.stdout
    turns, errors = map(int, stock.groups())
    assert turns >= 4 and errors == 0  # each turn carried its stock text, "Hello World!" included
    assert re.search(r"^\s+1 users: [\d.]+ against [\d.]+ turns/s \([\d.]+x; goal 3x\)", done.stdout, re.M)


def test_make_load_says_how_to_start_the_bot_when_none_answers():
    python = ROOT / os.environ.get("LOAD_ENV", ".venv/load") / "bin" / "python"
    done = subprocess.run([str(python), "-m", "load", "--url", "http://127.0.0.1:9", "--users", "1"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "make run" in done.stderr
