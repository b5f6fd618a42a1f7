from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow


class ActionRepeatQuestion(Action):
    def name(self) -> str:
        return "action_repeat_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        interview = flow.load(tracker)
        if interview is None:
            return flow.no_interview(dispatcher)
        flow.ask(dispatcher, interview)
        return []
