"""One scaled setup for the modules that use it; each test leaves it whole (a killed replica is
restarted by the script, a stopped PostgreSQL started again)."""

from __future__ import annotations

import pytest

from tests.scaled.cluster import Cluster, remove, run_dir


@pytest.fixture(scope="session")
def cluster():
    workdir = run_dir()
    started = Cluster(workdir)
    try:
        started.start()
        yield started
    finally:
        started.stop()
        print(f"\nscaled setup's last output:\n{started.tail()}")
        remove(workdir)
