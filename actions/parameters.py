"""Reading an interview request (track, level, number of questions) from entities or words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from actions import topics
from actions.settings import MAX_QUESTIONS

TRACK_WORDS = {
    "mathematics": ["mathematics", "maths", "math", "linear algebra", "calculus", "probability",
                    "optimisation", "optimization"],
    "statistics": ["statistics", "statistic", "stats", "hypothesis", "a/b", "bayesian"],
    "algorithms": ["algorithms", "algorithm", "machine learning", "deep learning", "nlp",
                   "data structures", "ml algorithms"],
    "deployment": ["deployment", "deploy", "mlops", "ml ops", "serving", "production", "docker",
                   "spark", "sql", "gpu", "cuda"],
    "mixed": ["mixed", "mix", "everything", "all tracks", "random", "any", "anything", "whatever"],
}
LEVEL_WORDS = {
    "junior": ["junior", "entry level", "entry-level", "beginner", "easy", "graduate"],
    "mid": ["mid", "mid-level", "intermediate", "medium", "middle"],
    "senior": ["senior", "advanced", "hard", "staff", "lead", "principal"],
}
NUMBER_WORDS = {
    "one": 1, "a single": 1, "two": 2, "couple": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15,
    "twenty": 20,
}


@dataclass
class StartRequest:
    track: str | None = None
    topic: str | None = None  # narrows the track to one of its topics (actions/topics.py)
    level: str | None = None
    questions: int | None = None
    restart: bool = False  # confirmed: end the running interview (with its summary) first
    problems: list[str] = field(default_factory=list)


def _lookup(value: str, table: dict[str, list[str]]) -> str | None:
    """An entity's value: a canonical name, one of its words, or a phrase holding one ("mid level")."""
    value = value.strip().lower()
    for canonical, words in table.items():
        if value == canonical or value in words:
            return canonical
    return _find(value, table)


def _find(text: str, table: dict[str, list[str]]) -> str | None:
    for canonical, words in table.items():
        for word in [canonical, *words]:
            if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text):
                return canonical
    return None


def _as_count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = str(value).strip().lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


_START_WORDS = re.compile(r"\b(?:start|restart|begin|new|again|over|interview|quiz|practi[cs]e|"
                          r"questions?|ask me)\b", re.I)
# Asking to be asked: what makes a message the NLU took for an answer, sent with no interview
# running, a request for one ("grill me on Spark", "test me on p-values").
_REQUEST_WORDS = re.compile(r"\b(?:interview|quiz|practi[cs]e|questions?|ask me|test me|test my|"
                            r"grill|drill|prepare me|prep me|run me through|go through|work on|"
                            r"let'?s do|let us do|can we do)\b", re.I)
# With no interview running, these intents start one (data/rules: switch_track starts too).
STARTING_INTENTS = frozenset({"start_interview", "switch_track"})


def looks_like_a_start(text: str) -> bool:
    """Words that ask for an interview, not a bare count or yes that answers the open question."""
    return bool(_START_WORDS.search(text))


def starts_an_interview(intent: str | None, text: str) -> bool:
    """With no interview running, does this message start one? The NLU may take a request full
    of subject words for an answer; action_answer_outside_interview starts it all the same."""
    return intent in STARTING_INTENTS or (intent == "answer" and bool(_REQUEST_WORDS.search(text)))


def parse_request(entities: list[dict], text: str) -> StartRequest:
    """Entities win (buttons and payloads carry them); plain words fill what they left out."""
    request = StartRequest()
    values = {e.get("entity"): e.get("value") for e in entities if e.get("entity")}
    unknown_track = None
    if "track" in values:
        request.track = _lookup(str(values["track"]), TRACK_WORDS)
        if request.track is None:
            unknown_track = (f"I don't know the track '{values['track']}'. Choose mathematics, "
                             "statistics, algorithms, deployment or mixed.")
    if "level" in values:
        request.level = _lookup(str(values["level"]), LEVEL_WORDS)
        if request.level is None:
            request.problems.append(
                f"'{values['level']}' is not a level I have. Choose junior, mid or senior."
            )
    if "questions" in values:
        count = _as_count(values["questions"])
        if count is None or not 1 <= count <= MAX_QUESTIONS:
            request.problems.append(
                f"'{values['questions']}' is not a number of questions I can ask: "
                f"choose between 1 and {MAX_QUESTIONS}."
            )
        else:
            request.questions = count

    if values.get("topic"):
        request.topic = topics.lookup(str(values["topic"]))
        if request.topic is None:
            request.problems.append(f"I have no topic '{values['topic']}'.")
    request.restart = values.get("restart") is True or str(values.get("restart")).lower() == "true"
    lowered = (text or "").lower()
    if not lowered.startswith("/"):
        request.topic = request.topic or topics.find_topic(lowered)
        request.track = request.track or _find(lowered, TRACK_WORDS)
    if request.topic:  # a topic names its track, whatever word the track entity caught
        request.track = topics.bank_topics()[request.topic]
    elif unknown_track:
        request.problems.insert(0, unknown_track)
    if lowered.startswith("/"):
        return request
    request.level = request.level or _find(lowered, LEVEL_WORDS)
    if request.questions is None and "questions" not in values:
        match = re.search(r"\b(\d+)\s+(?:\w+\s+){0,3}questions?\b", lowered)
        number = int(match.group(1)) if match else None
        if number is None:
            words = re.findall(r"[a-z]+(?: single)?", lowered)
            number = next((NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS), None)
        if number is not None:
            if 1 <= number <= MAX_QUESTIONS:
                request.questions = number
            else:
                request.problems.append(
                    f"I can ask between 1 and {MAX_QUESTIONS} questions, not {number}."
                )
    return request


def start_payload(track: str | None = None, level: str | None = None,
                  questions: int | None = None, restart: bool = False, topic: str | None = None) -> str:
    import json

    values = {k: v for k, v in (("track", track), ("topic", topic), ("level", level),
                                ("questions", questions), ("restart", restart)) if v}
    return "/start_interview" + (json.dumps(values, separators=(",", ":")) if values else "")
