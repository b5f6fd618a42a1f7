"""What the scorer scores against: a question, its reference answers and weighted key points."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from retrieval.text import split_sentences


@dataclass(frozen=True)
class KeyPoint:
    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class ScoringItem:
    """One question. Key points may be empty (a coach's own question): they are then derived
    from the sentences of the reference answers, so scoring works the same way."""

    id: str
    question: str
    reference_answers: tuple[str, ...]
    key_points: tuple[KeyPoint, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.question.strip():
            raise ValueError(f"item {self.id!r}: the question is empty")
        if not any(r.strip() for r in self.reference_answers):
            raise ValueError(f"item {self.id!r}: needs at least one non-empty reference answer")

    @property
    def effective_key_points(self) -> tuple[KeyPoint, ...]:
        if self.key_points:
            return self.key_points
        return derive_key_points(self.reference_answers)

    def digest(self) -> str:
        payload = [self.id, self.question, list(self.reference_answers),
                   [(k.text, k.weight) for k in self.key_points]]
        return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def derive_key_points(reference_answers: tuple[str, ...], limit: int = 6) -> tuple[KeyPoint, ...]:
    """Key points from the first reference answer's sentences (the fullest one by convention).
    Further references are alternatives, not more points to cover: the judge reads them whole."""
    first = next(r.strip() for r in reference_answers if r.strip())
    points = list(dict.fromkeys(s for s in split_sentences(first) if len(s.split()) >= 4))
    return tuple(KeyPoint(text) for text in (points or [first])[:limit])


def content_hash(items: list[ScoringItem]) -> str:
    digest = hashlib.sha256()
    for item in sorted(items, key=lambda i: i.id):
        digest.update(item.digest().encode())
    return digest.hexdigest()
