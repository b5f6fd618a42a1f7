""""I don't know" and "show the answer": both score 0 and show a model answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import bank, flow
from actions.render import revealed_message


async def _reveal(dispatcher: CollectingDispatcher, tracker: Tracker, status: str) -> list[EventType]:
    interview = flow.load(tracker)
    if interview is None:
        return flow.no_interview(dispatcher)
    question = bank.question(interview.current_id)
    if interview.follow_up:
        answer = interview.follow_up.reference or interview.follow_up.key_point
        dispatcher.utter_message(text=f"Here's what the follow-up was after: {answer}")
        return flow.next_or_finish(dispatcher, interview)
    text, payload = revealed_message(question, status, interview.max_score)
    dispatcher.utter_message(text=text, json_message=payload)
    result = flow.result_for(interview, status, missed=[k.text for k in question.key_points])
    return flow.record_and_continue(dispatcher, interview, result)


class ActionDontKnow(Action):
    def name(self) -> str:
        return "action_dont_know"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await _reveal(dispatcher, tracker, "dont_know")


class ActionShowAnswer(Action):
    def name(self) -> str:
        return "action_show_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        return await _reveal(dispatcher, tracker, "shown")
