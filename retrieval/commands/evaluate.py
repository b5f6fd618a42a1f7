"""`make eval`: how well the scorer agrees with human grades, against raw cosine, per backend.

The calibration is fitted on the same graded set it is judged on, so its figures are
cross-validated with folds grouped by question: a question's answers are never both fitted and
judged. Raw cosine gets the same treatment (a cross-validated linear map to 0-5), so the
comparison is fair. Junk answers (restated question, "I don't know", gibberish, another
question's answer) come from the graded set and from synthetic ones built for every bank question.
"""

from __future__ import annotations

import random
import string
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.bank import bank_items, ensure_index
from retrieval.calibration import fit_calibration
from retrieval.encoder import BACKENDS, Encoder
from retrieval.features import Features
from retrieval.graded import GradedAnswer, load_graded
from retrieval.items import ScoringItem
from retrieval.scoring import (
    JUNK_CAP,
    MAX_ANSWER_CHARS,
    Scorer,
    ScoreResult,
    cap_for_flags,
    heuristic_score,
)

JUNK_CATEGORIES = {"restated": "restated question", "dont_know": "I don't know",
                   "off_topic": "another question's answer"}
DONT_KNOW = ["I don't know.", "No idea, sorry.", "I'm not sure.", "I don't remember this one.",
             "idk", "Honestly I have no clue.", "pass"]
SEED = 13


@dataclass
class Metrics:
    pearson: float
    spearman: float
    rmse: float
    qwk: float

    @classmethod
    def of(cls, predicted: np.ndarray, grades: np.ndarray) -> Metrics:
        from scipy.stats import pearsonr, spearmanr
        from sklearn.metrics import cohen_kappa_score

        # Kappa needs classes: whole points 0-5 (grades come in half points).
        as_class = lambda x: np.clip(np.floor(np.asarray(x) + 0.5), 0, 5).astype(int)  # noqa: E731
        return cls(
            pearson=float(pearsonr(predicted, grades)[0]),
            spearman=float(spearmanr(predicted, grades)[0]),
            rmse=float(np.sqrt(np.mean((predicted - grades) ** 2))),
            qwk=float(cohen_kappa_score(as_class(grades), as_class(predicted), weights="quadratic")),
        )

    def row(self, name: str) -> str:
        return f"{name:<34}{self.pearson:>9.3f}{self.spearman:>10.3f}{self.rmse:>7.2f}{self.qwk:>7.3f}"


def grouped_folds(groups: list[str], folds: int, seed: int = SEED) -> np.ndarray:
    """Fold number per row; all rows of a group share a fold."""
    unique = sorted(set(groups))
    random.Random(seed).shuffle(unique)
    fold_of = {group: position % folds for position, group in enumerate(unique)}
    return np.array([fold_of[g] for g in groups])


def cross_validated(rows: np.ndarray, cosine: np.ndarray, grades: np.ndarray,
                    fold: np.ndarray, results: list[ScoreResult]) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold predictions of the calibrated scorer and of linearly mapped raw cosine."""
    scorer = np.zeros(len(grades))
    baseline = np.zeros(len(grades))
    for k in np.unique(fold):
        train, test = fold != k, fold == k
        calibration = fit_calibration(rows[train], grades[train], Features.names())
        predicted = calibration.predict(rows[test])
        scorer[test] = [cap_for_flags(p, results[i].flags)
                        for p, i in zip(predicted, np.flatnonzero(test))]
        slope, intercept = np.polyfit(cosine[train], grades[train], 1)
        baseline[test] = np.clip(slope * cosine[test] + intercept, 0, 5)
    return scorer, baseline


def synthetic_junk(items: list[ScoringItem], seed: int = SEED) -> list[tuple[str, ScoringItem, str]]:
    """(kind, item, answer) for every bank question: the junk a candidate might try."""
    rng = random.Random(seed)
    junk = []
    for position, item in enumerate(items):
        question = item.question.strip()
        junk.append(("restated question", item, question))
        junk.append(("restated question", item, "So the question is: " + question.rstrip("?") + "."))
        junk.append(("I don't know", item, DONT_KNOW[position % len(DONT_KNOW)]))
        words = [''.join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
                 for _ in range(rng.randint(3, 12))]
        junk.append(("gibberish", item, " ".join(words)))
        other = rng.choice([o for o in items if o.id.rsplit("-", 1)[0] != item.id.rsplit("-", 1)[0]])
        junk.append(("another question's answer", item, other.reference_answers[0]))
    return junk


def _junk_table(kinds: list[str], scorer_scores: np.ndarray, cosine_scores: np.ndarray) -> list[str]:
    lines = [f"{'junk kind':<30}{'answers':>8}{'scorer <=1.0':>14}{'cosine <=1.0':>14}"]
    for kind in sorted(set(kinds)) + ["all junk"]:
        mask = np.array([k == kind or kind == "all junk" for k in kinds])
        lines.append(f"{kind:<30}{mask.sum():>8}{np.mean(scorer_scores[mask] <= JUNK_CAP):>14.1%}"
                     f"{np.mean(cosine_scores[mask] <= JUNK_CAP):>14.1%}")
    return lines


def raw_cosine(encoder: Encoder, index, pairs: list) -> np.ndarray:
    """The baseline: the whole answer encoded as it is, its best cosine with a reference answer."""
    vectors = encoder.encode([answer[:MAX_ANSWER_CHARS] for _, answer in pairs])
    best = []
    for (item, _), vector in zip(pairs, vectors):
        item_id = item if isinstance(item, str) else item.id
        best.append(float(np.max(index.vectors[item_id].references @ vector)))
    return np.array(best)


def evaluate_backend(backend: str, args, items: list[ScoringItem],
                     graded: list[GradedAnswer]) -> dict:
    index_dir = args.index if backend == "onnx-int8" else args.index.parent / f"index-{backend}"
    encoder = Encoder(backend, cache_dir=args.index.parent / "encoder")
    index, _ = ensure_index(encoder, args.bank, index_dir)
    scorer = Scorer(encoder, index)  # uncalibrated: features only
    results = scorer.score_many([(g.question_id, g.answer) for g in graded])
    rows = np.array([r.features.as_vector() for r in results])
    cosine = raw_cosine(encoder, index, [(g.question_id, g.answer) for g in graded])
    grades = np.array([g.grade for g in graded])
    fold = grouped_folds([g.question_id for g in graded], args.folds)
    calibrated, baseline = cross_validated(rows, cosine, grades, fold, results)
    uncalibrated = np.array([cap_for_flags(heuristic_score(r.features), r.flags) for r in results])

    # Junk: graded junk scored out of fold, synthetic junk scored with the full fit.
    full = fit_calibration(rows, grades, Features.names())
    slope, intercept = np.polyfit(cosine, grades, 1)
    junk = synthetic_junk(list(index.items.values()))
    junk_results = scorer.score_many([(item, answer) for _, item, answer in junk])
    junk_scores = [cap_for_flags(float(full.predict(np.array(r.features.as_vector()))[0]), r.flags)
                   for r in junk_results]
    junk_raw = raw_cosine(encoder, index, [(item, answer) for _, item, answer in junk])
    junk_cosine = np.clip(slope * junk_raw + intercept, 0, 5)
    graded_junk = [i for i, g in enumerate(graded) if g.category in JUNK_CATEGORIES]
    kinds = [JUNK_CATEGORIES[graded[i].category] for i in graded_junk] + [k for k, _, _ in junk]
    return {
        "backend": backend,
        "calibrated": Metrics.of(calibrated, grades),
        "cosine": Metrics.of(baseline, grades),
        "uncalibrated": Metrics.of(uncalibrated, grades),
        "predictions": calibrated,
        "junk_kinds": kinds,
        "junk_scores": np.concatenate([calibrated[graded_junk], junk_scores]),
        "junk_cosine": np.concatenate([baseline[graded_junk], junk_cosine]),
        "flag_counts": _flag_counts(junk, junk_results),
        "grades": grades,
    }


def _flag_counts(junk, results) -> dict[str, str]:
    """Per junk kind: the share that raised the flag meant for it."""
    expected = {"restated question": lambda f: f.restated_question,
                "I don't know": lambda f: f.non_answer,
                "gibberish": lambda f: f.non_answer,
                "another question's answer": lambda f: bool(f.better_fit_question)}
    counts = {}
    for kind, check in expected.items():
        flags = [r.flags for (k, _, _), r in zip(junk, results) if k == kind]
        counts[kind] = f"{sum(map(check, flags))}/{len(flags)}"
    return counts


def run(args) -> int:
    items = bank_items(args.bank)
    graded = load_graded(args.graded, {item.id for item in items})
    if len(graded) < 20:
        print(f"only {len(graded)} graded answers in {args.graded}: too few to evaluate",
              file=sys.stderr)
        return 1
    questions = len({g.question_id for g in graded})
    print(f"graded set: {len(graded)} answers to {questions} questions "
          f"({Path(args.graded)}); {args.folds}-fold cross-validation grouped by question\n")
    backends = args.backends or list(BACKENDS)
    reports = [evaluate_backend(backend, args, items, graded) for backend in backends]

    header = f"{'':<34}{'Pearson':>9}{'Spearman':>10}{'RMSE':>7}{'QWK':>7}"
    for report in reports:
        print(f"== backend {report['backend']}")
        print(header)
        print(report["calibrated"].row("scorer (calibrated, CV)"))
        print(report["uncalibrated"].row("scorer (uncalibrated formula)"))
        print(report["cosine"].row("raw cosine (linear map, CV)"))
        print()
        print("\n".join(_junk_table(report["junk_kinds"], report["junk_scores"], report["junk_cosine"])))
        print("flag raised on synthetic junk: "
              + ", ".join(f"{k}: {v}" for k, v in report["flag_counts"].items()))
        print()
    if len(reports) > 1:
        reference = reports[0]
        print(f"agreement with {reference['backend']} (mean |score difference| on the graded set):")
        for report in reports[1:]:
            difference = np.mean(np.abs(report["predictions"] - reference["predictions"]))
            print(f"  {report['backend']:<10} {difference:.3f}")
    chosen = next((r for r in reports if r["backend"] == args.backend), reports[-1])
    junk_rate = float(np.mean(chosen["junk_scores"] <= JUNK_CAP))
    pearson = chosen["calibrated"].pearson
    print(f"\nserving backend {chosen['backend']}: CV Pearson {pearson:.3f} "
          f"(target >= 0.80, raw cosine {chosen['cosine'].pearson:.3f}); "
          f"junk <= 1.0: {junk_rate:.1%} (target >= 95%)")
    return 0
