"""The one door from the actions to `retrieval`: score off the event loop, load once.

Scoring is CPU-bound (the encoder and the judge), so it runs in worker threads, one per core:
while answers are scored, the server keeps answering other conversations.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from actions.settings import BANK_DIR, ENCODER_BACKEND, INDEX_DIR, SCORER_WORKERS
from retrieval import (
    JudgeWeightsError,
    KeyPoint,
    Scorer,
    ScoreResult,
    ScoringItem,
    StaleCalibrationError,
    StaleIndexError,
    load_scorer,
)

_EXECUTOR = ThreadPoolExecutor(max_workers=SCORER_WORKERS, thread_name_prefix="scorer")
_LOCK = threading.Lock()
_SCORER: Scorer | None = None
_FAILURE: str | None = None
_WARMING = False  # why the last load failed, with the command that fixes it
_LOG = logging.getLogger(__name__)


def scorer() -> Scorer:
    global _SCORER, _FAILURE
    with _LOCK:
        if _SCORER is None:
            try:
                _SCORER = load_scorer(BANK_DIR, INDEX_DIR, ENCODER_BACKEND, rebuild_stale_index=True,
                                      log=_LOG.warning)
            except (StaleIndexError, JudgeWeightsError, StaleCalibrationError, FileNotFoundError) as error:
                _FAILURE = str(_load_failure(error))
                raise
            _FAILURE = None
        return _SCORER


def status() -> dict:
    """What /health reports: the server is up; is the scorer loaded, loading, or broken (and why)?"""
    if _SCORER is not None:
        return {"status": "ok", "scorer": "loaded"}
    if _FAILURE is not None:
        return {"status": "degraded", "scorer": "failed", "error": _FAILURE}
    return {"status": "ok", "scorer": "loading" if _WARMING else "not loaded yet"}


class ScorerUnavailable(RuntimeError):
    """The scorer cannot load (a stale index, judge weights failing their hash check...)."""


def _load_failure(error: Exception) -> ScorerUnavailable:
    return ScorerUnavailable(f"{error} (run `make index`, then restart the action server)")


def warm_up() -> None:
    """Start loading the model in the background (called when an interview starts); a failure
    is logged at once, not found on the first answer."""
    global _WARMING
    if _SCORER is None:
        _WARMING = True
        future = _EXECUTOR.submit(lambda: scorer().score(next(iter(scorer().index.items)), "warm up"))
        future.add_done_callback(
            lambda f: f.exception() and _LOG.error("the scorer did not load: %s", status().get("error")))


async def score(item: ScoringItem | str, answer: str) -> ScoreResult:
    loop = asyncio.get_running_loop()
    try:
        loaded = await loop.run_in_executor(_EXECUTOR, scorer)
    except (StaleIndexError, JudgeWeightsError, StaleCalibrationError, FileNotFoundError) as error:
        raise _load_failure(error) from error
    return await loop.run_in_executor(_EXECUTOR, lambda: loaded.score(item, answer))


def follow_up_item(question_id: str, question: str, key_point: str, reference: str | None) -> ScoringItem:
    """A follow-up is scored like any question, against the one key point it probes.
    It keeps its parent's id so the parent never counts as 'a better-fitting question'."""
    references = tuple(dict.fromkeys([reference or key_point, key_point]))
    return ScoringItem(question_id, question, references, (KeyPoint(key_point, 1.0),))
