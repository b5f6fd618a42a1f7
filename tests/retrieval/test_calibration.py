"""Calibration: fitted from features to grades, committed beside the judge, refused when stale."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval import StaleCalibrationError, fit_calibration, load_calibration
from retrieval.calibration import (
    MONOTONE,
    TREE_SETTINGS,
    TreeCalibration,
    calibration_kind,
    fit_tree_calibration,
    load_calibrations,
    save_calibrations,
)
from retrieval.commands.calibrate import other_question_answers
from retrieval.commands.evaluate import FAIR_BOUNDS, grouped_folds, synthetic_junk, within_bounds
from retrieval.graded import jsonl_folder_hash
from retrieval.items import KeyPoint, ScoringItem

ROOT = Path(__file__).resolve().parents[2]


def test_fit_recovers_a_linear_relation_and_clips_to_the_scale(tmp_path):
    rng = np.random.default_rng(0)
    rows = rng.uniform(0, 1, size=(200, 3))
    grades = np.clip(1 + 3 * rows[:, 0] + 0.5 * rows[:, 1], 0, 5)
    calibration = fit_calibration(rows, grades, ["a", "b", "c"], alpha=0.1)
    calibration.sources = {"judge": "judge:x"}
    assert np.corrcoef(calibration.predict(rows), grades)[0, 1] > 0.99
    assert calibration.predict(np.array([[100.0, 0, 0]]))[0] == 5.0
    save_calibrations(dict.fromkeys(("authored", "derived", "derived_long"), calibration), tmp_path)
    assert load_calibrations(tmp_path, ["a", "b", "c"], "judge:x")["derived"] == calibration
    with pytest.raises(StaleCalibrationError, match="other features"):
        load_calibrations(tmp_path, ["other", "features"], "judge:x")
    with pytest.raises(StaleCalibrationError, match="make calibrate"):
        load_calibrations(tmp_path, ["a", "b", "c"], "judge:y")


def test_trees_walked_in_numpy_predict_what_scikit_learn_predicts(tmp_path):
    from sklearn.ensemble import HistGradientBoostingRegressor

    rng = np.random.default_rng(1)
    names = ["key_point_entailment", "free", "role_swaps"]
    rows = rng.uniform(0, 1, size=(400, 3))
    grades = np.clip(1 + 4 * rows[:, 0] * rows[:, 1] - 2 * rows[:, 2] + rng.normal(0, 0.2, 400), 0, 5)
    trees = fit_tree_calibration(rows, grades, names)
    reference = HistGradientBoostingRegressor(
        monotonic_cst=[MONOTONE.get(n, 0) for n in names], early_stopping=False, random_state=0,
        **TREE_SETTINGS).fit(rows, grades)
    unseen = rng.uniform(-0.5, 1.5, size=(300, 3))  # beyond the training range too
    assert np.allclose(trees.predict(unseen), np.clip(reference.predict(unseen), 0, 5), atol=1e-6)
    ridge = fit_calibration(rows, grades, names)
    trees.sources = ridge.sources = {"judge": "judge:x"}
    save_calibrations({"authored": trees, "derived": ridge, "derived_long": trees}, tmp_path)
    loaded = load_calibrations(tmp_path, names, "judge:x")
    assert isinstance(loaded["authored"], TreeCalibration)
    assert np.allclose(loaded["authored"].predict(unseen), trees.predict(unseen))


def test_trees_never_reward_contradiction_or_punish_entailment():
    rng = np.random.default_rng(2)
    names = ["key_point_entailment", "role_swaps"]
    rows = rng.uniform(0, 1, size=(300, 2))
    grades = np.clip(5 * rows[:, 0] - 3 * rows[:, 1] + rng.normal(0, 1.5, 300), 0, 5)  # noisy
    trees = fit_tree_calibration(rows, grades, names)
    grid = np.linspace(0, 1, 21)
    for fixed in (0.1, 0.5, 0.9):
        rising = trees.predict(np.column_stack([grid, np.full(21, fixed)]))
        falling = trees.predict(np.column_stack([np.full(21, fixed), grid]))
        assert np.all(np.diff(rising) >= -1e-9) and np.all(np.diff(falling) <= 1e-9)


def test_other_questions_answers_come_from_another_topic_and_are_not_evals_junk():
    items = [ScoringItem(id=f"math-{topic}-0{n}", question=f"q {topic} {n}",
                         reference_answers=(f"first {topic} {n}", f"last {topic} {n}"))
             for topic in ("la", "calc", "opt") for n in (1, 2)]
    pairs = other_question_answers(items)
    assert [item.id for item, _ in pairs] == [item.id for item in items]
    for item, answer in pairs:
        assert answer.split()[0] == "last" and answer.split()[1] != item.id.split("-")[1]
    assert other_question_answers(items) == pairs  # seeded


def test_the_fit_is_chosen_by_who_wrote_the_key_points_and_how_long_the_reference_is():
    short = ScoringItem("s", "Why?", ("Because the sample is small. So the variance is high.",))
    long = ScoringItem("l", "Why?", ("The sample is small. The variance is high. So we pool the groups.",))
    authored = ScoringItem("a", "Why?", ("The sample is small.",), (KeyPoint("The sample is small", 1.0),))
    kinds = [calibration_kind(item) for item in (authored, short, long)]
    assert kinds == ["authored", "derived", "derived_long"]


def test_sample_weights_pull_the_fit_towards_heavier_rows():
    rows = np.array([[0.0], [1.0], [0.0], [1.0]])
    grades = np.array([0.0, 5.0, 5.0, 0.0])
    heavy_first = fit_calibration(rows, grades, ["a"], alpha=0.0, weights=np.array([9, 9, 1, 1]))
    assert heavy_first.predict(np.array([[1.0]]))[0] > heavy_first.predict(np.array([[0.0]]))[0]


def test_the_committed_calibration_is_current(judge):
    """Fitted for the committed judge and on today's graded set: else run `make calibrate`."""
    calibration = load_calibration(judge)["authored"]
    assert calibration.sources["graded"] == jsonl_folder_hash(ROOT / "data" / "graded"), \
        "data/graded changed since the calibration was fitted: run `make calibrate`"


def test_folds_keep_a_questions_answers_together():
    groups = ["q1", "q1", "q2", "q3", "q3", "q4", "q5"]
    folds = grouped_folds(groups, 3)
    assert folds[0] == folds[1] and folds[3] == folds[4]
    assert len(set(folds)) == 3


def test_fair_bounds_of_the_hard_kinds():
    assert within_bounds("keyword_list", 1.0) and not within_bounds("keyword_list", 1.1)
    assert within_bounds("paraphrase", 4.0) and not within_bounds("paraphrase", 3.9)
    assert set(FAIR_BOUNDS) == {"keyword_list", "swapped_relation", "confident_wrong",
                                "paraphrase", "terse_expert"}


def test_synthetic_junk_has_every_kind_for_every_question():
    items = [ScoringItem(f"t-{topic}-1", f"Question about {topic}?", (f"Answer about {topic}.",))
             for topic in ("a", "b", "c")]
    junk = synthetic_junk(items)
    kinds = {kind for kind, _, _ in junk}
    assert kinds == {"restated question", "I don't know", "gibberish", "another question's answer"}
    for kind, item, answer in junk:
        if kind == "another question's answer":
            assert answer != item.reference_answers[0]
