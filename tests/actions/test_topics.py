"""Asking for a topic: its words, its track, the choice narrowed to it, and the weakest topics
first. (The 130 written start requests are `make routing-eval`'s, not these.)"""

from __future__ import annotations

import random

import pytest

from actions import selection, topics
from actions.parameters import parse_request
from questionbank import load_bank
from tests.conftest import ROOT

BANK = ROOT / "data" / "questions"


@pytest.fixture(scope="module")
def bank():
    return load_bank(BANK)


def test_every_bank_topic_has_its_other_words_and_no_word_names_a_missing_topic():
    assert set(topics.ALIASES) == set(topics.bank_topics(BANK))


def test_no_word_is_given_to_two_topics():
    owners = {}
    for topic, words in topics.ALIASES.items():
        for word in words:
            assert owners.setdefault(word, topic) == topic, word


@pytest.mark.parametrize("text, topic", [
    ("drill me on eigenvectors", "linear algebra"),
    ("something about batch inference", "model serving"),
    ("concept drift please", "monitoring"),
    ("a question on window functions", "sql"),
    ("give me three statistics questions", None),
])
def test_a_topic_is_found_by_its_words(text, topic):
    assert topics.find_topic(text, BANK) == topic


def test_a_topic_names_its_track_and_a_level_phrase_is_a_level():
    """Against the fixture bank (tests/conftest.py), as the actions read it."""
    request = parse_request([{"entity": "track", "value": "statistics"},
                             {"entity": "level", "value": "mid level"}],
                            "statistics questions on derivatives, mid level")
    assert (request.track, request.topic, request.level) == ("mathematics", "calculus", "mid")
    assert not request.problems
    assert parse_request([{"entity": "topic", "value": "astrology"}], "/start_interview").problems


@pytest.mark.parametrize("text, track, questions", [
    ("quiz me on anything", "mixed", None),
    ("surprise me with two questions on anything", "mixed", 2),
    ("a dozen deployment questions, junior level", "deployment", 12),
])
def test_plain_words_for_any_track_and_a_dozen(text, track, questions):
    request = parse_request([], text)
    assert (request.track, request.questions, request.problems) == (track, questions, [])


def test_the_nearest_topics_are_the_same_tracks_first(bank):
    nearest = selection.nearest_topics(bank, "hypothesis testing")
    statistics = {q.topic for q in bank if q.track == "statistics"} - {"hypothesis testing"}
    assert set(nearest[:len(statistics)]) == statistics


def test_the_weakest_topics_come_first_and_the_order_is_seeded(bank):
    mastery = {("statistics", "bayesian statistics"): 0.1, ("statistics", "experimentation"): 0.9}
    picked = selection.pick_questions(bank, "statistics", "mid", 5, random.Random(1), mastery=mastery)
    by_id = {q.id: q for q in bank}
    assert by_id[picked[0]].topic == "bayesian statistics"
    assert by_id[picked[-1]].topic == "experimentation", "the strongest topic comes last"
    assert picked == selection.pick_questions(bank, "statistics", "mid", 5, random.Random(1), mastery=mastery)
