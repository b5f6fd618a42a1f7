"""One pair of real servers for the e2e modules that leave them running (the fault matrix
starts its own, since it kills and restarts them)."""

from __future__ import annotations

import pytest

from tests.e2e.servers import running


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    with running(tmp_path_factory.mktemp("e2e")) as servers:
        yield servers
