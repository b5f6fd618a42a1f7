from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.parameters import parse_request
from actions.starting import start


class ActionStartInterview(Action):
    def name(self) -> str:
        return "action_start_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message
        request = parse_request(message.get("entities") or [], message.get("text") or "")
        return start(dispatcher, tracker, request)
