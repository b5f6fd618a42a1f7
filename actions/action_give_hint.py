from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow, questions
from actions.render import hint_message


class ActionGiveHint(Action):
    def name(self) -> str:
        return "action_give_hint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        interview = flow.load(tracker)
        if interview is None:
            return flow.no_interview(dispatcher)
        question = questions.question(interview.current_id)
        if interview.hints:
            dispatcher.utter_message(text="That's the only hint I have for this question. "
                                          f"Hint: {question.hint}")
            return []
        interview.hints += 1
        text, payload = hint_message(
            question, f"Hint: {question.hint} (this question is now worth at most "
                      f"{interview.max_score:.1f})")
        dispatcher.utter_message(text=text, json_message=payload)
        return flow.save(interview, True)
