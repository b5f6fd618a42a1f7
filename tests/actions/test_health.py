"""/health tells the truth about the scorer, and names the command that fixes a broken one."""

from __future__ import annotations

import pytest

from actions import grading
from retrieval import StaleIndexError


@pytest.fixture
def unloaded(monkeypatch):
    monkeypatch.setattr(grading, "_SCORER", None)
    monkeypatch.setattr(grading, "_FAILURE", None)
    return monkeypatch


def test_a_scorer_that_fails_to_load_is_reported_with_its_fix(unloaded):
    def broken(*args, **kwargs):
        raise StaleIndexError("index was built with another model")

    unloaded.setattr(grading, "load_scorer", broken)
    with pytest.raises(StaleIndexError):
        grading.scorer()
    status = grading.status()
    assert status["scorer"] == "failed" and status["status"] == "degraded"
    assert "another model" in status["error"] and "make index" in status["error"]


def test_a_loaded_scorer_is_reported_loaded(unloaded):
    unloaded.setattr(grading, "load_scorer", lambda *args, **kwargs: object())
    assert grading.status()["scorer"] in ("not loaded yet", "loading")
    grading.scorer()
    assert grading.status() == {"status": "ok", "scorer": "loaded"}
