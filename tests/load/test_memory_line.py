"""`make load`'s memory line: what `make run` started, read from the pids it records."""

import os
import subprocess
import sys

from load.__main__ import memory_line, recorded


def test_the_memory_of_recorded_processes_and_their_children_is_summed(tmp_path):
    holds = "import time; b = bytearray(200 * 2**20); time.sleep(30)"
    child = subprocess.Popen([sys.executable, "-c", holds])
    try:
        pids = tmp_path / "pids"
        pids.write_text(f"tests {os.getpid()}\nchild {child.pid}\n")
        for _ in range(100):  # until the child holds its 200 MB
            line = memory_line(recorded(pids))
            child_mb = float(line.split("child ")[1].split(" MB")[0].replace(",", ""))
            if child_mb >= 200:
                break
            subprocess.run(["sleep", "0.05"])
        assert child_mb >= 200, line
        total = float(line.split("all ")[1].split(" MB")[0].replace(",", ""))
        assert total >= child_mb + 10  # this process too
    finally:
        child.kill()
        child.wait()


def test_no_file_or_no_live_process_prints_nothing(tmp_path):
    assert recorded(tmp_path / "missing") == []
    gone = tmp_path / "pids"
    gone.write_text("rasa 999999999\n")
    assert memory_line(recorded(gone)) is None
