"""A fast check of the scorer the interview serves: the real bank, its index, the committed judge
and calibration, on graded answers of the hard kinds (the full figures come from `make eval`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import load_scorer
from retrieval.commands.evaluate import FAIR_BOUNDS, within_bounds
from retrieval.graded import load_graded
from tests.known_gaps import JUDGE_READS_TOPIC

ROOT = Path(__file__).resolve().parents[2]
PER_KIND = 4


@pytest.fixture(scope="module")
def served():
    return load_scorer(ROOT / "data" / "questions", ROOT / "build" / "index")


@JUDGE_READS_TOPIC
def test_hard_kinds_mostly_land_within_fair_bounds(served):
    graded = load_graded(ROOT / "data" / "graded")
    sample = []
    for kind in FAIR_BOUNDS:
        sample += [g for g in graded if g.category == kind][:PER_KIND]
    results = served.score_many([(g.question_id, g.answer) for g in sample])
    inside = [within_bounds(g.category, r.score) for g, r in zip(sample, results)]
    assert sum(inside) >= 0.7 * len(sample), [
        (g.category, r.score) for g, r, ok in zip(sample, results, inside) if not ok]


def test_a_swapped_relation_is_reported_contradicted_not_covered(served):
    result = served.score("algo-eval-06",
                          "In k-fold cross-validation each fold trains the model once and tests "
                          "it on the other k-1 folds, so every example is trained on exactly once.")
    first = result.key_points[0]
    assert first.contradicted and not first.covered
    assert result.score <= 1.5


def test_bagging_and_boosting_swapped_are_contradicted_and_scored_low(served):
    result = served.score("algo-sup-07",
                          "Boosting trains its models independently on bootstrap samples and averages "
                          "them, which mainly reduces variance. Bagging trains them sequentially, each "
                          "one correcting the errors of the ensemble so far, which mainly reduces bias.")
    heavy = [m for m in result.key_points if m.weight >= 3]
    assert heavy and all(m.contradicted and not m.covered for m in heavy)
    assert result.score <= 1.5, result.score


def test_serving_imports_neither_torch_nor_transformers():
    """The encoder and the judge are served by onnxruntime and tokenizers: torch is loaded only
    to make an export, so the action server does not hold its hundreds of megabytes."""
    import subprocess
    import sys

    code = ("import sys; from retrieval import load_scorer; "
            f"s = load_scorer({str(ROOT / 'data' / 'questions')!r}, {str(ROOT / 'build' / 'index')!r}); "
            "s.score('algo-sup-07', 'Bagging averages models trained in parallel.'); "
            "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
