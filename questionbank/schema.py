"""Pydantic schema of one bank question. Field docs double as the authoring guide."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TRACKS = ("mathematics", "statistics", "algorithms", "deployment")
DIFFICULTIES = ("junior", "mid", "senior")

# Skills the role needs that cut across topics, with the least the bank holds of each (issue 14):
# `make coverage` prints them and `make validate` fails below them.
SKILL_TARGETS = {"anova": 5, "chi-square": 5, "z-test": 4, "cuda": 5, "hadoop": 5, "model-api": 6,
                 "sql": 8, "distribution-shift": 6}
Skill = Literal["anova", "chi-square", "z-test", "cuda", "hadoop", "model-api", "sql",
                "distribution-shift"]
Track = Literal["mathematics", "statistics", "algorithms", "deployment"]
Difficulty = Literal["junior", "mid", "senior"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A sentence ends at . ! or ? followed by whitespace and a capital, digit or quote; good enough
# for counting sentences of prose reference answers (abbreviations like "e.g." are not split).
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9\"'(])")


def count_sentences(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip())) + 1


def topic_slug(topic: str) -> str:
    """The file stem a topic lives in: "linear algebra" -> "linear_algebra"."""
    return re.sub(r"[^a-z0-9]+", "_", topic.lower()).strip("_")


class KeyPoint(BaseModel):
    """One idea a grader looks for. Written in the bank as a string or as {text, weight}."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=3)
    weight: float = Field(default=1.0, gt=0, le=5)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value


class FollowUp(BaseModel):
    """A follow-up that probes one key point (1-based index into key_points)."""

    model_config = ConfigDict(extra="forbid")

    key_point: int = Field(ge=1)
    question: str = Field(min_length=10)
    reference_answer: str | None = None


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    track: Track
    topic: str = Field(min_length=2)
    difficulty: Difficulty
    question: str = Field(min_length=10)
    reference_answers: list[str] = Field(min_length=2)
    key_points: list[KeyPoint] = Field(min_length=3, max_length=6)
    hint: str = Field(min_length=10)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("must be lowercase letters, digits and single hyphens, e.g. 'math-svd-01'")
        return value

    @field_validator("reference_answers")
    @classmethod
    def _answer_length(cls, answers: list[str]) -> list[str]:
        for number, answer in enumerate(answers, start=1):
            sentences = count_sentences(answer)
            if not answer.strip():
                raise ValueError(f"reference answer {number} is empty")
            if sentences > 5:
                raise ValueError(f"reference answer {number} has {sentences} sentences; at most 5")
        if len({a.strip().lower() for a in answers}) < len(answers):
            raise ValueError("reference answers must be worded differently; two are identical")
        return answers

    @model_validator(mode="after")
    def _follow_ups_point_at_key_points(self) -> Question:
        for follow_up in self.follow_ups:
            if follow_up.key_point > len(self.key_points):
                raise ValueError(
                    f"follow_ups: key_point {follow_up.key_point} does not exist "
                    f"(this question has {len(self.key_points)} key points)"
                )
        return self

    @property
    def reference_text(self) -> str:
        return self.reference_answers[0]

    def follow_up_for(self, key_point_index: int) -> FollowUp | None:
        """The bank's follow-up probing key point `key_point_index` (0-based), if written."""
        return next((f for f in self.follow_ups if f.key_point == key_point_index + 1), None)
