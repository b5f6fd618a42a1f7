
from actions.action_score_answer import ActionScoreAnswer
from tests.actions.conftest import payloads, run, text, tracker

FULL = ("The p-value is the probability of getting a result at least as extreme as the observed "
        "one, computed assuming the null hypothesis is true. We reject the null when it falls "
        "below the significance level. It is not the probability that the null is true.")


def answer(state: str, words: str, **slots):
    return run(ActionScoreAnswer(), tracker(state, words, **slots))


def test_a_full_answer_gets_feedback_then_the_next_question():
    messages, slots = answer("question_open", FULL)
    [feedback] = payloads(messages, "feedback")
    assert feedback["question_id"] == "t-stat-pvalue" and feedback["score"] >= 3.5
    assert feedback["max_score"] == 5.0 and feedback["covered"]
    assert "Model answer:" in text(messages)
    [question] = payloads(messages, "question")
    assert question["number"] == 2 and not question["follow_up"]
    assert "answer" not in slots["interview"]["results"][0], "the answer is in the tracker once"


def test_a_partial_answer_gets_one_follow_up_on_the_most_important_miss():
    partial = "It is computed assuming the null hypothesis is true."
    messages, slots = answer("question_open", partial)
    [question] = payloads(messages, "question")
    assert question["follow_up"] is True and question["question_id"] == "t-stat-pvalue"
    follow_up = slots["interview"]["follow_up"]
    expected = "It is the probability of a result at least as extreme as the one observed"
    assert follow_up["key_point"] == expected

    # The follow-up is scored, recovers part of the score, and never chains another follow-up.
    before = slots["interview"]["results"][0]["score"]
    messages, slots = answer("question_open", "The chance of data at least as extreme as what we saw.",
                             **{k: v for k, v in slots["interview"].items()})
    [feedback] = payloads(messages, "feedback")
    assert feedback.get("follow_up") is True
    assert slots["interview"]["results"][0]["score"] >= before
    assert payloads(messages, "question")[0]["number"] == 2


def test_junk_gets_no_follow_up():
    messages, slots = answer("question_open", "What does a p-value mean?")
    assert payloads(messages, "feedback")[0]["score"] <= 1.0
    assert not payloads(messages, "question")[0]["follow_up"]


def test_after_a_hint_the_score_is_out_of_the_lowered_maximum():
    messages, _ = answer("question_open", FULL, hints=1)
    feedback = payloads(messages, "feedback")[0]
    assert feedback["max_score"] == 4.0 and feedback["score"] <= 4.0


def test_the_last_answer_ends_with_a_summary_and_an_offer_to_go_again():
    messages, slots = answer("last_question_open", FULL)
    [summary] = payloads(messages, "summary")
    assert set(summary["per_track"]) == {"algorithms", "statistics"}
    assert summary["max_score"] == 9.0 and summary["questions"] == 2
    assert "supervised learning" in summary["weakest_topics"]
    assert any("/start_interview" in b["payload"] for m in messages for b in m.get("buttons", []))
    assert slots["question_open"] is False


def test_a_huge_answer_is_scored():
    huge = FULL + " filler" * 4000
    messages, slots = answer("question_open", huge)
    assert payloads(messages, "feedback")
    assert slots["interview"]["results"][0]["status"] == "answered"


def test_no_interview_running_is_said_politely():
    messages, slots = answer("no_interview", FULL)
    assert "no interview" in text(messages).lower() and slots["question_open"] is False


def test_an_answer_to_another_question_names_it():
    batch = ("Batch inference precomputes predictions for many records on a schedule, while "
             "online inference answers each request with low latency behind an API.")
    messages, _ = answer("question_open", batch)
    assert "When would you use batch inference" in text(messages)
    assert payloads(messages, "feedback")[0]["flags"]["better_fit_question"] == "t-dep-batch-online"


def test_a_scorer_that_cannot_load_says_so_and_names_the_fix(monkeypatch):
    from actions import grading
    from retrieval import StaleIndexError

    def broken():
        raise StaleIndexError("the question bank changed since the index was built")

    monkeypatch.setattr(grading, "scorer", broken)
    messages, slots = answer("question_open", FULL)
    assert "make index" in text(messages) and "bank changed" in text(messages)
    assert not payloads(messages, "feedback") and not slots
