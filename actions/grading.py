"""The one door from the actions to `retrieval`: score off the event loop, load once.

Scoring is CPU-bound (the encoder), so it runs in a worker thread: while one candidate's answer
is scored, the server keeps answering other conversations.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from actions.settings import BANK_DIR, ENCODER_BACKEND, INDEX_DIR
from retrieval import KeyPoint, Scorer, ScoreResult, ScoringItem, load_scorer

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scorer")
_LOCK = threading.Lock()
_SCORER: Scorer | None = None


def scorer() -> Scorer:
    global _SCORER
    with _LOCK:
        if _SCORER is None:
            _SCORER = load_scorer(BANK_DIR, INDEX_DIR, ENCODER_BACKEND)
        return _SCORER


def warm_up() -> None:
    """Start loading the model in the background (called when an interview starts)."""
    if _SCORER is None:
        _EXECUTOR.submit(lambda: scorer().score(next(iter(scorer().index.items)), "warm up"))


async def score(item: ScoringItem | str, answer: str) -> ScoreResult:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_EXECUTOR, lambda: scorer().score(item, answer))


def follow_up_item(question_id: str, question: str, key_point: str, reference: str | None) -> ScoringItem:
    """A follow-up is scored like any question, against the one key point it probes.
    It keeps its parent's id so the parent never counts as 'a better-fitting question'."""
    references = tuple(dict.fromkeys([reference or key_point, key_point]))
    return ScoringItem(question_id, question, references, (KeyPoint(key_point, 1.0),))
