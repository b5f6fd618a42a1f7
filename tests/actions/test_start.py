from actions.action_start_interview import ActionStartInterview
from tests.actions.conftest import payloads, run, text, tracker

QUESTION_KEYS = {"type", "question_id", "track", "topic", "difficulty", "number", "total", "follow_up"}


def start(text_="", **entities):
    listed = [{"entity": k, "value": v} for k, v in entities.items()]
    return run(ActionStartInterview(), tracker("no_interview", text_, "start_interview", listed))


def test_a_full_payload_starts_and_asks_the_first_question():
    messages, slots = start('/start_interview{"track":"mathematics","level":"junior","questions":2}',
                            track="mathematics", level="junior", questions=2)
    [question] = payloads(messages, "question")
    assert set(question) == QUESTION_KEYS
    assert question["track"] == "mathematics" and question["number"] == 1 and question["total"] == 2
    assert question["follow_up"] is False
    assert slots["question_open"] is True
    assert slots["interview"]["queue"][0] == question["question_id"]


def test_missing_choices_are_asked_for_with_buttons():
    messages, slots = start("/start_interview")
    buttons = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert '/start_interview{"track":"statistics"}' in buttons and not slots
    messages, _ = start('/start_interview{"track":"statistics"}', track="statistics")
    assert '/start_interview{"track":"statistics","level":"senior"}' in [
        b["payload"] for m in messages for b in m.get("buttons", [])]


def test_plain_words_are_understood_and_a_short_bank_is_said():
    messages, slots = start("give me three junior deployment questions")
    assert slots["interview"]["track"] == "deployment"
    assert "only 1 available" in text(messages)


def test_unknown_track_level_and_count_are_named():
    for entities, named in [({"track": "astrology"}, "astrology"),
                            ({"track": "statistics", "level": "guru"}, "guru"),
                            ({"track": "statistics", "level": "mid", "questions": 0}, "'0'")]:
        messages, slots = start("/start_interview", **entities)
        assert named in text(messages) and not payloads(messages, "question") and not slots


def test_mixed_takes_tracks_in_turn():
    _, slots = start("/start_interview", track="mixed", level="mid", questions=4)
    tracks = [qid.split("-")[1] for qid in slots["interview"]["queue"]]
    assert len(set(tracks)) == 4


def start_during_a_question(text_, **entities):
    listed = [{"entity": k, "value": v} for k, v in entities.items()]
    return run(ActionStartInterview(), tracker("question_open", text_, "start_interview", listed))


def test_a_bare_count_during_a_question_is_its_answer():
    messages, slots = start_during_a_question("one", questions="one")
    [feedback] = payloads(messages, "feedback")
    assert feedback["question_id"] == "t-stat-pvalue"
    assert slots["interview"]["results"][0]["status"] == "answered"


def test_starting_over_mid_interview_asks_first():
    messages, slots = start_during_a_question("let's start over with a new interview")
    buttons = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert any('"restart":true' in p for p in buttons) and "/repeat_question" in buttons
    assert not slots and not payloads(messages, "question")


def test_a_confirmed_restart_gives_the_summary_then_starts_again():
    messages, slots = start_during_a_question(
        '/start_interview{"track":"statistics","level":"junior","questions":2,"restart":true}',
        track="statistics", level="junior", questions=2, restart=True)
    assert payloads(messages, "summary") and payloads(messages, "question")
    assert slots["interview"]["track"] == "statistics" and slots["question_open"] is True


def test_a_topic_narrows_the_interview_and_its_nearest_topics_top_it_up():
    messages, slots = start('/start_interview{"topic":"calculus","level":"junior","questions":2}',
                            topic="calculus", level="junior", questions=2)
    assert slots["interview"]["topic"] == "calculus" and slots["interview"]["track"] == "mathematics"
    # The fixture bank has one calculus question: the other comes from linear algebra.
    assert slots["interview"]["queue"] == ["t-math-chain", "t-math-svd"]
    assert "on calculus" in text(messages)


def test_a_request_the_nlu_took_for_an_answer_starts_an_interview_outside_one():
    from actions.action_answer_outside_interview import ActionAnswerOutsideInterview

    messages, slots = run(ActionAnswerOutsideInterview(),
                          tracker("no_interview", "grill me on derivatives, junior level", "answer"))
    assert slots["interview"]["topic"] == "calculus" and payloads(messages, "question")
    messages, slots = run(ActionAnswerOutsideInterview(),
                          tracker("no_interview", "Gradient descent moves against the gradient.", "answer"))
    assert "no interview running" in text(messages) and not payloads(messages, "question")
