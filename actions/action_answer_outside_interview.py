from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow
from actions.parameters import parse_request, starts_an_interview
from actions.starting import start


class ActionAnswerOutsideInterview(Action):
    """An answer with no question open: a request for an interview the NLU took for an answer
    ("grill me on Spark joins") starts one; anything else is told how to start."""

    def name(self) -> str:
        return "action_answer_outside_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message
        text = message.get("text") or ""
        if starts_an_interview("answer", text):
            return start(dispatcher, tracker, parse_request(message.get("entities") or [], text))
        return flow.no_interview(dispatcher)
