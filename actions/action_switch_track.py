from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow
from actions.parameters import parse_request
from actions.starting import pick, seeded_rng, start
from questionbank import TRACKS


class ActionSwitchTrack(Action):
    """Swaps the remaining questions for another track's; with no interview, starts one."""

    def name(self) -> str:
        return "action_switch_track"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        message = tracker.latest_message
        request = parse_request(message.get("entities") or [], message.get("text") or "")
        interview = flow.load(tracker)
        if interview is None:
            return start(dispatcher, tracker, replace(request, restart=False))
        if request.problems or request.track is None or request.track == interview.track:
            if request.problems:
                dispatcher.utter_message(text=" ".join(request.problems))
            choices = [t for t in (*TRACKS, "mixed") if t != interview.track]
            dispatcher.utter_message(text="Which track would you like to switch to?", buttons=[
                {"title": t.capitalize(), "payload": f'/switch_track{{"track":"{t}"}}'} for t in choices])
            return []
        remaining = len(interview.queue) - interview.position
        answered = set(interview.queue[: interview.position])
        queue = pick(request.track, interview.level, remaining, seeded_rng(tracker), answered)
        if not queue:
            dispatcher.utter_message(text=f"I have no {request.track} questions yet; let's go on.")
            flow.ask(dispatcher, interview)
            return []
        interview.queue = interview.queue[: interview.position] + queue
        interview.track = request.track
        interview.hints = 0
        interview.follow_up = None
        dispatcher.utter_message(text=f"Switching to {request.track} for the remaining "
                                      f"{len(queue)} question(s).")
        flow.ask(dispatcher, interview)
        return flow.save(interview, True)
