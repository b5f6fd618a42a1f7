"""Driving an interview and reading its stored turns, for the scaled tests (the turn helpers
themselves are tests/e2e/test_rest_interview.py's)."""

from __future__ import annotations

import uuid

from tests.e2e.test_rest_interview import BANK, customs, only_question


def new_sender(kind: str) -> str:
    return f"scaled-{kind}-{uuid.uuid4().hex[:8]}"


def answer_to(question: dict, marker: str) -> str:
    """A right answer (the reference; a follow-up's own), made unique by `marker`."""
    entry = BANK[question["question_id"]]
    if question["follow_up"] and entry.follow_ups:
        return f"{entry.follow_ups[0].reference_answer} [{marker}]"
    return f"{entry.reference_answers[0]} [{marker}]"


def answer_all(say, sender: str, question: dict) -> dict:
    """Answers every question to the summary through `say(sender, text)`; returns the summary."""
    for n in range(40):  # a bound: questions and their follow-ups
        reply = say(sender, answer_to(question, f"{sender} {n}"))
        assert customs(reply, "feedback"), reply
        if customs(reply, "summary"):
            return customs(reply, "summary")[0]
        question = only_question(reply)
    raise AssertionError(f"{sender}: no summary after 40 answers")


def bot_payloads(events: list[dict]) -> list[list[dict]]:
    """Per user message, the custom payloads the bot stored before the next user message."""
    turns: list[list[dict]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([])
        elif event["event"] == "bot" and turns and (event.get("data") or {}).get("custom"):
            turns[-1].append(event["data"]["custom"])
    return turns


def assert_each_answer_followed_once(events: list[dict]) -> None:
    """After the start, each answer has one feedback and then one question, the last a summary."""
    turns = bot_payloads(events)
    assert [p["type"] for p in turns[0]] == ["question"], turns[0]
    for number, payloads in enumerate(turns[1:], start=1):
        kinds = [p["type"] for p in payloads]
        last = number == len(turns) - 1
        assert kinds.count("feedback") == 1, (number, kinds)
        assert kinds.count("question") == (0 if last else 1), (number, kinds)
        assert kinds.count("summary") == (1 if last else 0), (number, kinds)
