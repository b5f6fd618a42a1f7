"""Steps every action shares: read the interview, ask the open question, move on, finish."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import history, questions
from actions.interview import SLOT, Interview, Result
from actions.parameters import start_payload
from actions.render import question_message, revealed_message, summary_message

QUESTION_OPEN = "question_open"
NO_INTERVIEW = "There's no interview running. Pick a track to start one."


def load(tracker: Tracker) -> Interview | None:
    interview = Interview.from_slot(tracker.get_slot(SLOT))
    return None if interview is None or interview.finished else interview


def save(interview: Interview | None, question_open: bool) -> list[EventType]:
    return [SlotSet(SLOT, interview.to_slot() if interview else None),
            SlotSet(QUESTION_OPEN, question_open)]


def no_interview(dispatcher: CollectingDispatcher) -> list[EventType]:
    dispatcher.utter_message(text=NO_INTERVIEW, buttons=[
        {"title": "Start an interview", "payload": start_payload()}])
    return save(None, False)


def ask(dispatcher: CollectingDispatcher, interview: Interview) -> None:
    text, payload = question_message(interview, questions.question(interview.current_id))
    dispatcher.utter_message(text=text, json_message=payload)


def record_and_continue(dispatcher: CollectingDispatcher, tracker: Tracker, interview: Interview,
                        result: Result) -> list[EventType]:
    interview.record(result)
    return next_or_finish(dispatcher, tracker, interview)


def next_or_finish(dispatcher: CollectingDispatcher, tracker: Tracker,
                   interview: Interview) -> list[EventType]:
    """The open question is done (its follow-up too): log it for spaced repetition, move on."""
    _log_done(tracker, interview)
    interview.advance()
    if interview.finished:
        return finish(dispatcher, tracker, interview)
    ask(dispatcher, interview)
    return save(interview, True)


def _log_done(tracker: Tracker, interview: Interview) -> None:
    last = interview.results[-1] if interview.results else None
    if last and not interview.finished and last.question_id == interview.current_id:
        history.record(tracker.sender_id, interview.session, last, last.hinted, _answer_time(tracker))


def _answer_time(tracker: Tracker) -> float:
    """The timestamp of the candidate's message in the tracker store (a coach's override names
    an answer by it)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return float(event.get("timestamp") or 0.0)
    return 0.0


def finish(dispatcher: CollectingDispatcher, tracker: Tracker, interview: Interview) -> list[EventType]:
    _log_done(tracker, interview)  # stopped early: an answer waiting for its follow-up still counts
    earlier = history.earlier_topic_scores(tracker.sender_id, interview.session) if interview.session else {}
    text, payload, buttons = summary_message(interview, earlier)
    dispatcher.utter_message(text=text, json_message=payload)
    dispatcher.utter_message(text="Would you like to go again?", buttons=buttons)
    interview.position = len(interview.queue)
    return save(interview, False)


def result_for(interview: Interview, status: str, score: float = 0.0,
               missed: list[str] | None = None) -> Result:
    """The answer's text is not kept here: it is in the tracker once, as the user's message."""
    question = questions.question(interview.current_id)
    return Result(question.id, question.track, question.topic, status, score,
                  interview.max_score, missed or [], hinted=interview.hints > 0)


def reveal(dispatcher: CollectingDispatcher, tracker: Tracker, status: str) -> list[EventType]:
    """"I don't know" and "show the answer": both score 0 and show a model answer."""
    interview = load(tracker)
    if interview is None:
        return no_interview(dispatcher)
    question = questions.question(interview.current_id)
    if interview.follow_up:
        answer = interview.follow_up.reference or interview.follow_up.key_point
        dispatcher.utter_message(text=f"Here's what the follow-up was after: {answer}")
        return next_or_finish(dispatcher, tracker, interview)
    text, payload = revealed_message(question, status, interview.max_score)
    dispatcher.utter_message(text=text, json_message=payload)
    result = result_for(interview, status, missed=[k.text for k in question.key_points])
    return record_and_continue(dispatcher, tracker, interview, result)
