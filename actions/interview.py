"""The interview's state, kept in the `interview` slot as a plain dict between turns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from actions.settings import HINT_PENALTY

SLOT = "interview"
MAX_SCORE = 5.0


@dataclass
class FollowUp:
    key_point: str
    question: str
    reference: str | None
    share: float  # the key point's share of the question's weight: what the follow-up can recover


@dataclass
class Result:
    question_id: str
    track: str
    topic: str
    status: str  # answered, skipped, dont_know, shown
    score: float = 0.0
    max_score: float = MAX_SCORE
    missed: list[str] = field(default_factory=list)
    hinted: bool = False


@dataclass
class Interview:
    track: str
    level: str
    total: int
    queue: list[str]
    position: int = 0
    hints: int = 0
    follow_up: FollowUp | None = None
    results: list[Result] = field(default_factory=list)
    session: str = ""  # names the interview in the app database's review log
    topic: str | None = None  # the topic asked for, if any (the track's other topics top it up)

    @property
    def current_id(self) -> str | None:
        return self.queue[self.position] if self.position < len(self.queue) else None

    @property
    def finished(self) -> bool:
        return self.position >= len(self.queue)

    @property
    def max_score(self) -> float:
        """The most the open question can still earn: each hint lowers it."""
        return max(MAX_SCORE - HINT_PENALTY * self.hints, 1.0)

    def scaled(self, raw: float) -> float:
        return round(raw * self.max_score / MAX_SCORE, 1)

    def record(self, result: Result) -> None:
        self.results.append(result)

    def advance(self) -> None:
        self.position += 1
        self.hints = 0
        self.follow_up = None

    def to_slot(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_slot(cls, value: Any) -> Interview | None:
        if not isinstance(value, dict) or "queue" not in value:
            return None
        data = dict(value)
        follow_up = data.pop("follow_up", None)
        # Slots written before a field was dropped (the answer's text) still load.
        known = set(Result.__dataclass_fields__)
        results = [Result(**{k: v for k, v in r.items() if k in known}) for r in data.pop("results", [])]
        return cls(**data, follow_up=FollowUp(**follow_up) if follow_up else None, results=results)
