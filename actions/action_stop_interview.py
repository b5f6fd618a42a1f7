from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow


class ActionStopInterview(Action):
    def name(self) -> str:
        return "action_stop_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        interview = flow.load(tracker)
        if interview is None:
            return flow.no_interview(dispatcher)
        dispatcher.utter_message(text="Stopping the interview here.")
        return flow.finish(dispatcher, tracker, interview)
