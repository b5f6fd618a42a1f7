"""The candidate's practice across sessions, in the app database (store/progress.py): a review
when a question is done, due questions when an interview starts, the progress view.

The database is a help, never a risk to the interview: when it cannot be reached, the interview
goes on as if the candidate were new, and the log says why.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

import store
from groups.members import candidate_of
from store import progress

_LOG = logging.getLogger(__name__)
@contextmanager
def _guarded(what: str):
    try:
        yield
    except Exception as error:  # noqa: BLE001 - any database failure degrades, never derails
        _LOG.error("app database: could not %s: %s", what, error)


def record(sender_id: str, session: str, result, hinted: bool, answer_at: float) -> None:
    """`result`: the interview's Result for a finished question (skips are not reviews)."""
    if result.status == "skipped":
        return
    score = 5.0 * result.score / result.max_score if result.max_score else 0.0
    rating = progress.rating_for(score, hinted=hinted, revealed=result.status in ("dont_know", "shown"))
    with _guarded("record a review"), store.transaction(store.sessions()) as db:
        progress.review(db, candidate_of(sender_id), session, result.question_id, result.track, result.topic,
                        round(score, 2), rating, answer_at)


def due_and_resting(sender_id: str, track: str) -> tuple[list[str], set[str]]:
    with _guarded("read due questions"), store.sessions()() as db:
        return progress.due_and_resting(db, candidate_of(sender_id), track)
    return [], set()


def progress_of(sender_id: str) -> dict | None:
    with _guarded("read progress"), store.sessions()() as db:
        return progress.progress(db, candidate_of(sender_id))
    return None


def topic_mastery(sender_id: str) -> dict[tuple[str, str], float]:
    """(track, topic) -> the candidate's mastery (0-1), for choosing their weakest topics first."""
    found = progress_of(sender_id) or {"topics": []}
    return {(t["track"], t["topic"]): t["mastery"] for t in found["topics"]}


def earlier_topic_scores(sender_id: str, session: str) -> dict:
    with _guarded("read earlier scores"), store.sessions()() as db:
        return progress.topic_scores(db, candidate_of(sender_id), before_session=session)
    return {}
