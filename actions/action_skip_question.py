from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow


class ActionSkipQuestion(Action):
    def name(self) -> str:
        return "action_skip_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        interview = flow.load(tracker)
        if interview is None:
            return flow.no_interview(dispatcher)
        if interview.follow_up:  # the question itself is already scored
            dispatcher.utter_message(text="Skipping the follow-up.")
            return flow.next_or_finish(dispatcher, tracker, interview)
        dispatcher.utter_message(text="Skipped; that question counts 0.")
        return flow.record_and_continue(dispatcher, tracker, interview, flow.result_for(interview, "skipped"))
