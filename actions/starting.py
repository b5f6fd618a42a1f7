"""Starting an interview: ask for what is missing, then pick questions and ask the first."""

from __future__ import annotations

import os
import random
import uuid

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow, grading, history, questions
from actions.interview import SLOT, Interview
from actions.parameters import StartRequest, start_payload
from actions.selection import nearest_topics, pick_questions
from actions.settings import DEFAULT_QUESTIONS
from questionbank import DIFFICULTIES as LEVELS
from questionbank import TRACKS

COMMANDS_TIP = ('Answer in your own words. You can also say "hint", "repeat", "skip", '
                '"I don\'t know", "show the answer", "switch track", "stop" or "help".')


def seeded_rng(tracker: Tracker) -> random.Random:
    # A fixed seed makes interviews reproducible for tests; unset, every interview differs.
    seed = os.environ.get("INTERVIEW_SEED")
    return random.Random(f"{seed}:{tracker.sender_id}" if seed else None)


def ask_for_missing(dispatcher: CollectingDispatcher, request: StartRequest, from_button: bool) -> bool:
    """Ask for the first missing choice with buttons; False when nothing is missing."""
    if request.track is None:
        dispatcher.utter_message(text="Which track would you like to practise?", buttons=[
            {"title": t.capitalize(), "payload": start_payload(t, request.level, request.questions)}
            for t in (*TRACKS, "mixed")])
        return True
    if request.level is None:
        dispatcher.utter_message(text=f"{(request.topic or request.track).capitalize()} it is. Which level?",
                                 buttons=[{"title": level.capitalize(), "payload": start_payload(
                                     request.track, level, request.questions, topic=request.topic)}
                                     for level in LEVELS])
        return True
    if request.questions is None and from_button:
        dispatcher.utter_message(text="How many questions?", buttons=[
            {"title": f"{n}" + (" (default)" if n == DEFAULT_QUESTIONS else ""),
             "payload": start_payload(request.track, request.level, n, topic=request.topic)}
            for n in (3, 5, 10)])
        return True
    return False


def confirm_restart(dispatcher: CollectingDispatcher, running: Interview,
                    request: StartRequest) -> list[EventType]:
    """Never drop an interview's results silently: ask first, with buttons."""
    answered = len(running.results)
    dispatcher.utter_message(
        text=f"You're in the middle of an interview ({answered} of {running.total} questions done). "
             "End it, see its summary and start a new one?",
        buttons=[{"title": "Yes, start a new one",
                  "payload": start_payload(request.track, request.level, request.questions, restart=True,
                                           topic=request.topic)},
                 {"title": "No, carry on", "payload": "/repeat_question"}])
    return []


def start(dispatcher: CollectingDispatcher, tracker: Tracker, request: StartRequest,
          replacing: Interview | None = None) -> list[EventType]:
    """`replacing`: the interview a confirmed restart just ended (the tracker still holds it)."""
    current = None if replacing else flow.load(tracker)
    if request.problems:
        dispatcher.utter_message(text=" ".join(request.problems))
        request.problems.clear()
        ask_for_missing(dispatcher, request, from_button=True)
        if current:
            flow.ask(dispatcher, current)
        return []
    from_button = (tracker.latest_message.get("text") or "").startswith("/")
    if ask_for_missing(dispatcher, request, from_button):
        return []
    previous = replacing or Interview.from_slot(tracker.get_slot(SLOT))
    seen = set(previous.queue) if previous else set()
    count = request.questions or DEFAULT_QUESTIONS
    due, resting = history.due_and_resting(tracker.sender_id, request.track)
    mastery = history.topic_mastery(tracker.sender_id)
    queue = pick(request.track, request.level, count, seeded_rng(tracker), seen, due, resting,
                 topic=request.topic, mastery=mastery)
    if not queue:
        dispatcher.utter_message(text=f"I have no {request.track} questions yet. Try another track.")
        return []
    grading.warm_up()
    interview = Interview(request.track, request.level, len(queue), queue, session=uuid.uuid4().hex,
                          topic=request.topic)
    note = "" if len(queue) == count else f" (only {len(queue)} available)"
    dispatcher.utter_message(
        text=f"Starting a {request.level} {request.track} interview"
             + (f" on {request.topic}" if request.topic else "") + f" with {len(queue)} "
             f"question(s){note}. {COMMANDS_TIP}")
    flow.ask(dispatcher, interview)
    return flow.save(interview, True)


def pick(track: str, level: str, count: int, rng: random.Random, seen: set[str],
         due: list[str] = (), resting: set[str] = frozenset(), topic: str | None = None,
         mastery: dict[tuple[str, str], float] | None = None) -> list[str]:
    """Questions due for review first (failed ones first of all); then new ones from the
    candidate's weakest topics (`mastery`: (track, topic) -> 0-1); a question answered well is
    not asked again until FSRS says so, unless the track runs out. A `topic` narrows all of it
    to that topic, topped up from its nearest topics."""
    bank = questions.by_id()
    order = [topic, *nearest_topics(bank.values(), topic)] if topic else None
    pool = [q for q in bank.values() if not order or q.topic in order]
    due = [q for q in due if q in bank and (not topic or bank[q].topic == topic)]
    queue = due[:count]
    for exclude in (seen | resting | set(queue), set(queue)):  # then, when short, allow repeats
        for group in ([[q for q in pool if q.topic == t] for t in order] if order else [pool]):
            if len(queue) < count:
                queue += pick_questions(group, track, level, count - len(queue), rng,
                                        exclude=exclude | set(queue), mastery=mastery)
    return queue
