"""`make load`'s locust candidates against the scaled setup's nginx: whole interviews, no errors.
Throughput is printed, not asserted."""

from __future__ import annotations

from tests.e2e.load_table import run_load


def test_locust_interviews_through_nginx_complete_with_no_errors(cluster):
    done, row = run_load(cluster.url, users=4, seconds=40, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert row, done.stdout
    turns, errors, completed, ended = row
    assert errors == 0 and completed >= 1 and completed == ended and turns >= 8
