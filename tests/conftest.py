"""Shared fixtures. Tests run against a small fixture bank (tests/data/bank) so that they do not
change when the real bank grows; its index is built once under build/test-index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
os.environ["BANK_DIR"] = str(DATA / "bank")
os.environ["INDEX_DIR"] = str(ROOT / "build" / "test-index")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["INTERVIEW_SEED"] = "7"
# The app database (progress, coach marks): a fresh file per test run, never .run/app.db.
_APP_DB = ROOT / "build" / "test-app.db"
_APP_DB.unlink(missing_ok=True)
os.environ["APP_DB_URL"] = f"sqlite:///{_APP_DB}"


@pytest.fixture(scope="session")
def encoder():
    from retrieval import Encoder

    return Encoder("onnx-int8", cache_dir=ROOT / "build" / "encoder")


@pytest.fixture(scope="session")
def bank_index(encoder):
    from retrieval import ensure_index

    index, _ = ensure_index(encoder, DATA / "bank", Path(os.environ["INDEX_DIR"]))
    return index


@pytest.fixture(scope="session")
def judge():
    from retrieval import Judge

    return Judge()


@pytest.fixture(scope="session")
def scorer(encoder, judge, bank_index):
    """Calibrated, as the interview and `make score` serve it."""
    from retrieval import Scorer, load_calibration

    return Scorer(encoder, judge, bank_index, load_calibration(judge))
