"""Actions run against the fixture bank and its index, with trackers read from JSON."""

from __future__ import annotations

import asyncio
import copy
import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.conftest import DATA


@pytest.fixture(autouse=True, scope="session")
def _index(bank_index):
    return bank_index


def tracker(name: str, text: str = "", intent: str = "answer", entities=None, **slots) -> Tracker:
    state = json.loads((DATA / "trackers" / f"{name}.json").read_text())
    state["latest_message"].update(text=text, intent={"name": intent, "confidence": 1.0},
                                   entities=entities or [])
    for key, value in slots.items():
        state["slots"]["interview"][key] = copy.deepcopy(value)
    return Tracker.from_dict(state)


def run(action, tracker: Tracker) -> tuple[list[dict], dict]:
    """The messages the action sent, and the slots it set."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots


def payloads(messages: list[dict], kind: str) -> list[dict]:
    return [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == kind]


def text(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
