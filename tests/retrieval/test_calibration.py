"""Calibration: fitted from features to grades, stored beside the index, refused when stale."""

from __future__ import annotations

import numpy as np

from retrieval import Calibration, fit_calibration
from retrieval.commands.evaluate import Metrics, grouped_folds, synthetic_junk
from retrieval.items import ScoringItem


def test_fit_recovers_a_linear_relation_and_clips_to_the_scale(tmp_path):
    rng = np.random.default_rng(0)
    rows = rng.uniform(0, 1, size=(200, 3))
    grades = np.clip(1 + 3 * rows[:, 0] + 0.5 * rows[:, 1], 0, 5)
    calibration = fit_calibration(rows, grades, ["a", "b", "c"], alpha=0.1)
    assert np.corrcoef(calibration.predict(rows), grades)[0, 1] > 0.99
    assert calibration.predict(np.array([[100.0, 0, 0]]))[0] == 5.0
    calibration.save(tmp_path)
    assert Calibration.load(tmp_path, ["a", "b", "c"]) == calibration
    assert Calibration.load(tmp_path, ["other", "features"]) is None


def test_folds_keep_a_questions_answers_together():
    groups = ["q1", "q1", "q2", "q3", "q3", "q4", "q5"]
    folds = grouped_folds(groups, 3)
    assert folds[0] == folds[1] and folds[3] == folds[4]
    assert len(set(folds)) == 3


def test_metrics_of_a_perfect_prediction():
    grades = np.array([0, 1, 2.5, 4, 5.0])
    metrics = Metrics.of(grades, grades)
    assert metrics.pearson == 1.0 and metrics.rmse == 0.0 and metrics.qwk == 1.0


def test_synthetic_junk_has_every_kind_for_every_question():
    items = [ScoringItem(f"t-{topic}-1", f"Question about {topic}?", (f"Answer about {topic}.",))
             for topic in ("a", "b", "c")]
    junk = synthetic_junk(items)
    kinds = {kind for kind, _, _ in junk}
    assert kinds == {"restated question", "I don't know", "gibberish", "another question's answer"}
    for kind, item, answer in junk:
        if kind == "another question's answer":
            assert answer != item.reference_answers[0]
