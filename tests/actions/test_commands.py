import pytest

from actions.action_dont_know import ActionDontKnow
from actions.action_give_hint import ActionGiveHint
from actions.action_repeat_question import ActionRepeatQuestion
from actions.action_show_answer import ActionShowAnswer
from actions.action_skip_question import ActionSkipQuestion
from actions.action_stop_interview import ActionStopInterview
from actions.action_switch_track import ActionSwitchTrack
from tests.actions.conftest import payloads, run, text, tracker


def test_hint_lowers_the_maximum_once():
    messages, slots = run(ActionGiveHint(), tracker("question_open", "hint", "hint"))
    assert payloads(messages, "hint") == [{"type": "hint", "question_id": "t-stat-pvalue"}]
    assert "Which hypothesis" in text(messages) and "4.0" in text(messages)
    assert slots["interview"]["hints"] == 1
    messages, slots = run(ActionGiveHint(), tracker("question_open", "hint", "hint", hints=1))
    assert "only hint" in text(messages) and not slots


def test_repeat_asks_the_same_question_again():
    messages, _ = run(ActionRepeatQuestion(), tracker("question_open", "repeat", "repeat_question"))
    assert payloads(messages, "question")[0]["question_id"] == "t-stat-pvalue"


def test_skip_records_and_moves_on():
    messages, slots = run(ActionSkipQuestion(), tracker("question_open", "skip", "skip_question"))
    assert payloads(messages, "question")[0]["number"] == 2
    assert slots["interview"]["results"][0]["status"] == "skipped"


@pytest.mark.parametrize("action, status", [(ActionDontKnow(), "dont_know"), (ActionShowAnswer(), "shown")])
def test_dont_know_and_show_answer_score_zero_and_show_the_model_answer(action, status):
    messages, slots = run(action, tracker("question_open", "x", status))
    feedback = payloads(messages, "feedback")[0]
    assert feedback["score"] == 0.0 and len(feedback["missed"]) == 4
    assert "assuming the null hypothesis is true" in text(messages)
    assert slots["interview"]["results"][0]["status"] == status


def test_switch_track_keeps_results_and_changes_the_questions():
    entities = [{"entity": "track", "value": "deployment"}]
    messages, slots = run(ActionSwitchTrack(), tracker("question_open", "switch to deployment",
                                                       "switch_track", entities))
    assert payloads(messages, "question")[0]["track"] == "deployment"
    assert slots["interview"]["track"] == "deployment"


def test_switch_track_without_a_track_offers_buttons():
    messages, _ = run(ActionSwitchTrack(), tracker("question_open", "switch track", "switch_track"))
    assert any(m.get("buttons") for m in messages)


def test_stop_gives_the_summary():
    messages, slots = run(ActionStopInterview(), tracker("last_question_open", "stop", "stop_interview"))
    summary = payloads(messages, "summary")[0]
    assert summary["per_track"]["algorithms"]["score"] == 2.0 and slots["question_open"] is False


@pytest.mark.parametrize("action", [ActionGiveHint(), ActionRepeatQuestion(), ActionSkipQuestion(),
                                    ActionDontKnow(), ActionShowAnswer(), ActionStopInterview()])
def test_commands_with_no_interview_say_so(action):
    messages, _ = run(action, tracker("no_interview", "x", "hint"))
    assert "no interview" in text(messages).lower()


def test_a_revealed_answer_is_a_failed_review_and_progress_shows_it_due():
    import uuid

    from actions.action_show_progress import ActionShowProgress

    state = tracker("question_open", "x", "dont_know")
    state.sender_id = f"progress-{uuid.uuid4().hex[:6]}"
    run(ActionDontKnow(), state)
    asking = tracker("question_open", "how am I doing", "show_progress")
    asking.sender_id = state.sender_id
    messages, slots = run(ActionShowProgress(), asking)
    [progress] = payloads(messages, "progress")
    [topic] = progress["topics"]
    assert topic["answered"] == 1 and topic["due"] == 1 and topic["mastery"] < 0.5
    assert payloads(messages, "question"), "the open question is asked again"
    assert not slots
