from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow, history
from actions.render import progress_message


class ActionShowProgress(Action):
    """The candidate's progress across sessions; an open question stays open."""

    def name(self) -> str:
        return "action_show_progress"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        progress = history.progress_of(tracker.sender_id)
        if progress is None:
            dispatcher.utter_message(text="I can't read your progress right now; your answers "
                                          "are still scored and saved.")
        else:
            text, payload, buttons = progress_message(progress)
            dispatcher.utter_message(text=text, json_message=payload, buttons=buttons)
        interview = flow.load(tracker)
        if interview is not None:
            flow.ask(dispatcher, interview)
        return []
