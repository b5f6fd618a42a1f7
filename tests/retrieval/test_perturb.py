"""The judge's synthetic pairs: each perturbation states the opposite claim, fluently."""

from __future__ import annotations

import random

from retrieval.perturb import (
    contradictions,
    exchange_cause,
    keyword_list,
    long_term_list,
    negate,
    reverse_comparative,
    swap_roles,
    swap_terms,
    term_phrases,
)


def test_reversing_a_comparative_uses_its_antonym():
    flipped = reverse_comparative("Bagging reduces variance of the ensemble", random.Random(0))
    assert flipped in ("Bagging increases variance of the ensemble",
                       "Bagging raises variance of the ensemble")


def test_cause_and_effect_are_exchanged():
    assert exchange_cause("The loss diverges because the learning rate is too high.") == \
        "The learning rate is too high because the loss diverges."


def test_negation_follows_the_first_auxiliary():
    assert negate("The estimator is unbiased") == "The estimator is not unbiased"


def test_swapping_terms_keeps_the_words_and_changes_their_order():
    text = "Ridge shrinks coefficients while lasso sets some coefficients exactly to zero"
    swapped = swap_terms(text, random.Random(1))
    assert swapped != text and sorted(swapped.split()) == sorted(text.split())


def test_a_keyword_list_has_the_terms_and_no_claim():
    text = "Bootstrap samples train independent models whose average reduces variance"
    listed = keyword_list(text, random.Random(2))
    terms = [t.strip(" .") for t in listed.replace(";", ",").replace(" - ", ",").split(",")]
    assert 3 <= len(terms) <= 8
    assert set(terms) <= set(text.lower().split())


def test_roles_are_exchanged_everywhere():
    swapped = swap_roles("Bagging averages models; boosting fits them in turn.", ["bagging", "boosting"],
                         random.Random(0))
    assert swapped == "Boosting averages models; bagging fits them in turn."


def test_every_perturbation_differs_from_the_claim():
    text = "A larger batch lowers gradient noise because more samples are averaged"
    found = contradictions(text, random.Random(3))
    assert len(found) >= 3 and text not in found


def test_term_phrases_are_runs_of_content_words():
    assert term_phrases("Inverted dropout scales the kept activations by 1/(1 - p) during training.") == \
        ["Inverted dropout", "kept activations", "training"]


def test_a_long_term_list_is_only_the_texts_terms_under_a_header():
    texts = ["Bagging trains models independently on bootstrap samples and averages them",
             "Boosting trains models sequentially, each one correcting the errors of the ensemble",
             "Bagging mainly reduces variance while boosting mainly reduces bias"]
    listed = long_term_list(texts, random.Random(4))
    phrases = {p for t in texts for p in term_phrases(t)}
    body = listed.split(": ", 1)[-1].removeprefix("So basically - ")
    for separator in (";", " / ", "\n- "):
        body = body.replace(separator, ",")
    items = [i.strip(" .") for i in body.split(",")]
    fillers = {"important", "key idea", "all about", "depends on", "etc", "->", "trade-offs", "in practice",
               "matters", "basically"}
    assert len([i for i in items if i in phrases]) >= 8
    assert {i for i in items if i not in phrases} <= fillers
    assert long_term_list(["too few terms here"], random.Random(0)) is None
