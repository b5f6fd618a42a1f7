"""The scorer's behaviour: key points with evidence, every flag, bad input, ad-hoc questions."""

from __future__ import annotations

import asyncio
import time

import pytest

from retrieval import KeyPoint, ScoringItem
from retrieval.scoring import JUNK_CAP, MAX_ANSWER_CHARS
from tests.known_gaps import JUDGE_DOUBTS_PARAPHRASES

GOOD_BAGGING = ("Bagging trains many models independently on bootstrap samples and averages "
                "their predictions, which mainly reduces variance. Boosting trains models "
                "sequentially, each one fixing the errors of the previous ones, which mainly "
                "reduces bias.")


@JUDGE_DOUBTS_PARAPHRASES
def test_a_full_answer_covers_every_key_point_with_evidence(scorer):
    result = scorer.score("t-algo-bagging", GOOD_BAGGING)
    assert result.score >= 4.0
    assert not result.missed and not result.flags.any
    for match in result.covered:
        assert match.evidence and match.evidence in GOOD_BAGGING


PARTIAL_BAGGING = "Bagging trains models independently on bootstrap samples and averages them."


def test_a_partial_answer_scores_between_and_names_what_it_missed(scorer):
    partial = scorer.score("t-algo-bagging", PARTIAL_BAGGING)
    assert 0.5 < partial.score < 4.0
    missed = " ".join(m.text for m in partial.missed)
    assert "Boosting" in missed
    assert any("bootstrap" in m.text for m in partial.covered)


@JUDGE_DOUBTS_PARAPHRASES
def test_the_full_answer_scores_clearly_above_the_partial_one(scorer):
    # The judge reads the full answer's points as coin tosses (P(entails) ~0.5 each): both 2.9.
    full = scorer.score("t-algo-bagging", GOOD_BAGGING).score
    assert full >= scorer.score("t-algo-bagging", PARTIAL_BAGGING).score + 0.5


def test_score_is_on_the_0_to_5_scale_with_one_decimal(scorer):
    for answer in [GOOD_BAGGING, "Bagging averages models.", "no idea"]:
        score = scorer.score("t-algo-bagging", answer).score
        assert 0.0 <= score <= 5.0 and round(score, 1) == score


def test_restating_the_question_is_flagged_and_capped(scorer):
    result = scorer.score("t-stat-pvalue", "What does a p-value mean? That is what a p-value means.")
    assert result.flags.restated_question
    assert result.score <= JUNK_CAP


@pytest.mark.parametrize("answer", ["I don't know", "no idea, sorry", "idk", "???"])
def test_a_non_answer_scores_zero(scorer, answer):
    result = scorer.score("t-math-chain", answer)
    assert result.flags.non_answer and result.score == 0.0


def test_gibberish_is_a_non_answer(scorer):
    result = scorer.score("t-math-chain", "asdkj qwoeiu zmxnbv plokij hgfrte")
    assert result.flags.non_answer and result.score == 0.0


def test_an_answer_to_another_question_is_flagged(scorer):
    answer = ("Batch inference precomputes predictions for many records on a schedule, while "
              "online inference answers each request with low latency behind an API.")
    result = scorer.score("t-math-chain", answer)
    assert result.flags.better_fit_question == "t-dep-batch-online"
    assert result.score <= JUNK_CAP


def test_a_too_short_answer_is_flagged(scorer):
    result = scorer.score("t-algo-bagging", "Variance.")
    assert result.flags.too_short and result.score <= JUNK_CAP


@pytest.mark.parametrize("answer", ["They are connected.", "the terminals are not connected"])
def test_a_short_answer_that_says_something_is_not_capped_as_too_short(scorer, answer):
    """Real students answer in a few words, and echo the question's: brevity is no fault."""
    item = ScoringItem("short", "Explain why the voltage reading between terminals 1 and 2 was 0.",
                       ("Terminals 1 and 2 are connected, so there is no gap between them.",))
    flags = scorer.score(item, answer).flags
    assert not (flags.too_short or flags.restated_question or flags.better_fit_question)


@JUDGE_DOUBTS_PARAPHRASES
def test_a_negated_key_point_is_not_covered(scorer):
    result = scorer.score("t-stat-pvalue",
                          "The p-value is not computed assuming the null hypothesis is true.")
    first = result.key_points[0]
    assert first.contradicted and not first.covered


@pytest.mark.parametrize("answer", ["", "   ", None])
def test_empty_input_scores_zero_without_error(scorer, answer):
    result = scorer.score("t-algo-bagging", answer)
    assert result.score == 0.0


def test_a_huge_answer_is_truncated_not_rejected(scorer):
    result = scorer.score("t-algo-bagging", GOOD_BAGGING + " " + "Filler words here. " * 2000)
    assert result.truncated and result.score >= 3.0
    assert len(GOOD_BAGGING) < MAX_ANSWER_CHARS


def test_emoji_code_and_non_english_text_score_without_error(scorer):
    for answer in ["🤔🤔", "```python\nmodel.fit(X, y)\n```", "la varianza mide la dispersión"]:
        assert 0.0 <= scorer.score("t-algo-bagging", answer).score <= 5.0


def test_unknown_question_id_is_a_clear_error(scorer):
    with pytest.raises(KeyError, match="no question with id 'nope'"):
        scorer.score("nope", "anything")


HASH_TABLE = ScoringItem("coach-1", "What is a hash table's average lookup cost, and why?",
                         ("A hash table looks a key up in O(1) time on average. The hash function "
                          "maps the key straight to a bucket, so no search through the data is "
                          "needed. Many collisions degrade lookups towards O(n).",))
HASH_TABLE_PARAPHRASE = ("On average lookups take constant time, O(1), because hashing the key "
                         "points directly at its bucket; lots of collisions make it O(n).")


def test_a_coachs_own_question_without_key_points_is_scored_from_its_reference(scorer):
    assert len(HASH_TABLE.effective_key_points) == 3
    good = scorer.score(HASH_TABLE, HASH_TABLE_PARAPHRASE)
    bad = scorer.score(HASH_TABLE, "Hash tables keep keys in sorted order.")
    assert good.score > bad.score + 1.0


@JUDGE_DOUBTS_PARAPHRASES
def test_a_complete_paraphrase_of_a_coachs_reference_scores_as_complete(scorer):
    # 2.9: the judge finds "hashing the key points directly at its bucket" contradicts "maps the
    # key straight to a bucket" (P 0.81).
    assert scorer.score(HASH_TABLE, HASH_TABLE_PARAPHRASE).score >= 4.0


def test_key_point_weights_count(scorer):
    item = ScoringItem("weights", "Name two properties of the median.",
                       ("The median is robust to outliers. The median of an even count averages "
                        "the two middle values.",),
                       (KeyPoint("The median is robust to outliers", 4.0),
                        KeyPoint("The median of an even count averages the two middle values", 1.0)))
    heavy = scorer.score(item, "The median is robust to outliers.")
    light = scorer.score(item, "With an even count, the median averages the two middle values.")
    assert heavy.score > light.score


def test_batches_score_like_single_answers(scorer):
    answers = [GOOD_BAGGING, "Bagging averages bootstrap models.", "I don't know",
               GOOD_BAGGING + " " + GOOD_BAGGING.lower(), "bootstrap, variance, averaging, trees"]
    batch = scorer.score_many([("t-algo-bagging", a) for a in answers])
    single = [scorer.score("t-algo-bagging", a) for a in answers]
    # What `make score` and `make eval` report is what the interview would: a text's vector
    # never depends on the texts encoded beside it.
    assert [r.score for r in batch] == pytest.approx([r.score for r in single], abs=1e-3)
    assert [r.flags for r in batch] == [r.flags for r in single]


def test_a_texts_vector_does_not_depend_on_its_neighbours(scorer):
    texts = ["Bagging averages bootstrap models.", "A much longer sentence about gradient boosting "
             "fitting each new tree to the residuals of the ensemble so far, step by step."]
    alone = scorer.encoder.encode(texts[:1])
    together = scorer.encoder.encode(texts)
    assert alone[0] == pytest.approx(together[0], abs=1e-6)


def test_result_serialises_for_feedback(scorer):
    payload = scorer.score("t-algo-bagging", GOOD_BAGGING).to_dict()
    assert set(payload) >= {"score", "covered", "missed", "closest_reference", "flags"}
    assert payload["closest_reference"] in scorer.item("t-algo-bagging").reference_answers


def test_scoring_in_the_action_server_does_not_block_the_event_loop(monkeypatch, scorer):
    from actions import grading

    def slow_score(item, answer):
        time.sleep(0.5)
        return "scored"

    monkeypatch.setattr(grading, "scorer", lambda: type("S", (), {"score": staticmethod(slow_score)}))

    async def both():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        result = await grading.score("t-algo-bagging", "x")
        task.cancel()
        return result, ticks

    result, ticks = asyncio.run(both())
    assert result == "scored" and ticks >= 10
