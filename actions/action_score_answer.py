from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import flow, grading, questions
from actions.interview import MAX_SCORE, FollowUp, Interview
from actions.render import feedback_message

# A follow-up is worth asking when the answer was partial: not junk, not already (nearly) full.
FOLLOW_UP_BELOW = 4.5
FOLLOW_UP_FROM = 1.0


class ActionScoreAnswer(Action):
    def name(self) -> str:
        return "action_score_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[EventType]:
        interview = flow.load(tracker)
        if interview is None:
            return flow.no_interview(dispatcher)
        answer = tracker.latest_message.get("text") or ""
        if interview.follow_up:
            return await self._score_follow_up(dispatcher, tracker, interview, answer)
        question = questions.question(interview.current_id)
        try:
            result = await grading.score(question.id, answer)
        except grading.ScorerUnavailable as error:
            return _unavailable(dispatcher, error)
        score = interview.scaled(result.score)
        text, payload = feedback_message(question, result, score, interview.max_score,
                                         question.reference_answers[0])
        dispatcher.utter_message(text=text, json_message=payload)
        interview.record(flow.result_for(interview, "answered", score, [m.text for m in result.missed]))
        if FOLLOW_UP_FROM <= result.score < FOLLOW_UP_BELOW and result.missed and not result.flags.any:
            interview.follow_up = _follow_up(question, result.missed)
            interview.hints = 0
            flow.ask(dispatcher, interview)
            return flow.save(interview, True)
        return flow.next_or_finish(dispatcher, tracker, interview)

    async def _score_follow_up(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               interview: Interview, answer: str) -> list[EventType]:
        question = questions.question(interview.current_id)
        follow_up = interview.follow_up
        item = grading.follow_up_item(question.id, follow_up.question, follow_up.key_point,
                                      follow_up.reference)
        try:
            result = await grading.score(item, answer)
        except grading.ScorerUnavailable as error:
            return _unavailable(dispatcher, error)
        score = interview.scaled(result.score)
        text, payload = feedback_message(question, result, score, interview.max_score,
                                         follow_up.reference or follow_up.key_point)
        payload["follow_up"] = True
        dispatcher.utter_message(text=text, json_message=payload)
        # The follow-up earns back up to the missed point's share of the question's score.
        last = interview.results[-1]
        recovered = follow_up.share * (score / MAX_SCORE) * last.max_score
        last.score = round(min(last.max_score, last.score + recovered), 1)
        return flow.next_or_finish(dispatcher, tracker, interview)


def _unavailable(dispatcher: CollectingDispatcher, error: Exception) -> list[EventType]:
    """Say what is broken and how to fix it; the question stays open, the answer is in the
    tracker, so sending it again once fixed loses nothing."""
    dispatcher.utter_message(text=f"I can't score answers right now: the scorer did not load: {error}. "
                                  "Your answer is saved in the transcript.")
    return []


def _follow_up(question, missed) -> FollowUp:
    """On the most important missed key point, in the bank's words when it has some."""
    total = sum(k.weight for k in question.key_points)
    point = max(missed, key=lambda m: m.weight)
    index = next(i for i, k in enumerate(question.key_points) if k.text == point.text)
    written = question.follow_up_for(index)
    if written:
        return FollowUp(point.text, written.question, written.reference_answer, point.weight / total)
    prompt = ("Your answer left out an important point. Can you add to it? "
              f"Think about this: {question.hint}")
    return FollowUp(point.text, prompt, None, point.weight / total)
