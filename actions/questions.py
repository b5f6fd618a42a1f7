"""The question bank as the actions see it: loaded once, on first use."""

from __future__ import annotations

from functools import lru_cache

from actions.settings import BANK_DIR
from questionbank import Question, load_bank


@lru_cache(maxsize=1)
def by_id() -> dict[str, Question]:
    return {q.id: q for q in load_bank(BANK_DIR)}


def question(question_id: str) -> Question:
    return by_id()[question_id]
