from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow
from actions.action_score_answer import ActionScoreAnswer
from actions.parameters import looks_like_a_start, parse_request
from actions.starting import confirm_restart, start


class ActionStartInterview(Action):
    def name(self) -> str:
        return "action_start_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message
        text = message.get("text") or ""
        request = parse_request(message.get("entities") or [], text)
        running = flow.load(tracker)
        if running and not request.restart and not request.problems:
            # Counts are picked only while starting: mid-question, "one" or "two" is an answer.
            if tracker.get_slot(flow.QUESTION_OPEN) and not text.startswith("/") \
                    and not looks_like_a_start(text):
                return await ActionScoreAnswer().run(dispatcher, tracker, domain)
            return confirm_restart(dispatcher, running, request)
        if running and request.restart:
            events = flow.finish(dispatcher, tracker, running)
            return events + start(dispatcher, tracker, request, replacing=running)
        return start(dispatcher, tracker, request)
