"""`make eval`: the scorer against human grades, every figure beside plain cosine on the same rows.

Honest by construction:
- the judge never saw the graded set or any test split (retrieval/commands/train_judge.py);
- the bank's calibration is refitted here on the graded set minus the fold being judged (5 folds
  grouped by question: a question's answers of every kind, its anchors and its model answer
  stay in one fold), so no graded answer is scored by a fit that saw it or its
  question; the public test splits are scored by the fit on the SemEval train splits;
- the label classifiers for the SemEval 3-way and 5-way tasks are fitted on the train splits only;
- no threshold is chosen on the rows it is reported on.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import json
import random
import string
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.calibration import calibration_kind
from retrieval.commands.calibrate import fit_all, fit_authored, fit_derived_long, training_rows
from retrieval.commands.scored import feature_rows, raw_cosine, score_cached, score_public
from retrieval.commands.train_judge import written_questions
from retrieval.encoder import Encoder
from retrieval.features import Features
from retrieval.items import ScoringItem
from retrieval.judge import Judge
from retrieval.loading import bank_items
from retrieval.public_sets import TEST_SPLITS, load_split
from retrieval.scoring import JUNK_CAP, ScoreResult, cap_for_flags

JUNK_CATEGORIES = {"restated": "restated question", "dont_know": "I don't know",
                   "off_topic": "another question's answer"}
# The hard kinds (answers written to test the grader, data/graded/README.md), each to a question
# of its own, and their fair bounds (issue 8): (at least, at most).
FAIR_BOUNDS = {"keyword_list": (None, 1.0), "swapped_relation": (None, 1.5),
               "confident_wrong": (None, 1.5), "paraphrase": (4.0, None), "terse_expert": (3.0, None)}
DONT_KNOW = ["I don't know.", "No idea, sorry.", "I'm not sure.", "I don't remember this one.",
             "idk", "Honestly I have no clue.", "pass"]
# SemEval-2013 Task 7 as published (Dzikovska et al. 2013), macro-F1 / weighted-F1, as quoted in
# github.com/ashudeep/Student-Response-Analysis (Report/report.tex; baselines re-run there).
PUBLISHED = {
    ("beetle UA", "5-way"): "baseline .424/.483, best ETS2 .619/.705",
    ("beetle UQ", "5-way"): "baseline .414/.463, best ETS2 .552/.614",
    ("beetle UA", "3-way"): "baseline .552/.578, best CoMeT1 .715/.728",
    ("beetle UQ", "3-way"): "baseline .477/.500, best ETS2 .585/.597",
}
MODEL_ANSWER_FLOOR = 4.0  # a question's own model answer is a complete answer: a paraphrase's bound
TARGETS = {"hard kinds within fair bounds": 0.75,
           "... on questions the judge never saw": 0.75, "junk <= 1.0": 0.95, "model answers >= 4.0": 0.95}
SEED = 13
# Hard kinds to questions with no graded answer, which no fit ever sees (test_served_scorer).
UNSEEN_HARD_KINDS = Path("tests/data/unseen_hard_kinds.jsonl")
UNSEEN_RANDOM_LENGTHS = Path("tests/data/unseen_random_lengths.jsonl")
FIXTURES = [UNSEEN_HARD_KINDS, UNSEEN_RANDOM_LENGTHS]


@dataclass
class Agreement:
    pearson: float
    rmse: float
    mean: float

    @classmethod
    def of(cls, predicted, grades) -> Agreement:
        predicted, grades = np.asarray(predicted, float), np.asarray(grades, float)
        return cls(float(np.corrcoef(predicted, grades)[0, 1]),
                   float(np.sqrt(np.mean((predicted - grades) ** 2))), float(predicted.mean()))


def grouped_folds(groups: list[str], folds: int, seed: int = SEED) -> np.ndarray:
    """Fold number per row; all rows of a group share a fold."""
    unique = sorted(set(groups))
    random.Random(seed).shuffle(unique)
    fold_of = {group: position % folds for position, group in enumerate(unique)}
    return np.array([fold_of[g] for g in groups])


def synthetic_junk(items: list[ScoringItem], seed: int = SEED) -> list[tuple[str, ScoringItem, str]]:
    """(kind, item, answer) for every bank question: the junk a candidate might try."""
    rng = random.Random(seed)
    junk = []
    for position, item in enumerate(items):
        question = item.question.strip()
        junk.append(("restated question", item, question))
        junk.append(("restated question", item, "So the question is: " + question.rstrip("?") + "."))
        junk.append(("I don't know", item, DONT_KNOW[position % len(DONT_KNOW)]))
        words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
                 for _ in range(rng.randint(3, 12))]
        junk.append(("gibberish", item, " ".join(words)))
        other = rng.choice([o for o in items if o.id.rsplit("-", 1)[0] != item.id.rsplit("-", 1)[0]])
        junk.append(("another question's answer", item, other.reference_answers[0]))
    return junk


def fixture_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).open(encoding="utf-8")]


def within_bounds(kind: str, score: float) -> bool:
    low, high = FAIR_BOUNDS[kind]
    return (low is None or score >= low) and (high is None or score <= high)


def predict(calibration, results: list[ScoreResult]) -> np.ndarray:
    predicted = calibration.predict(feature_rows(results))
    return np.array([round(cap_for_flags(p, r.flags), 1) for p, r in zip(predicted, results)])


def predict_routed(fits: dict, items: list[ScoringItem], results: list[ScoreResult]) -> np.ndarray:
    """Each answer by the fit the scorer would choose for its question."""
    return np.array([predict(fits[calibration_kind(item)], [result])[0]
                     for item, result in zip(items, results)])


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(positive, scores))


def label_f1(train_x, train_y, test_x, test_y) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=1.0))
    model.fit(train_x, train_y)
    predicted = model.predict(test_x)
    return (float(f1_score(test_y, predicted, average="macro")),
            float(f1_score(test_y, predicted, average="weighted")))


def run(args) -> int:
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    judge = Judge(args.weights)
    training = training_rows(args, encoder, judge)
    public, graded, graded_results = training.public, training.graded, training.graded_results
    scorer = training.scorer
    public_x, graded_x = training.public_x, feature_rows(graded_results)
    items = bank_items(args.bank)
    model_answers = score_cached(scorer, [(item, item.reference_answers[0]) for item in items],
                                 "model-answers")
    grades = training.grades
    names = Features.names()
    misses: list[str] = []

    # --- the team's graded set, cross-validated by question --------------------------------
    graded_pairs = [(scorer.item(g.question_id), g.answer) for g in graded]
    cosine = raw_cosine(encoder, graded_pairs)
    # Anchors and model answers join the fold of the question they were given to.
    every = grouped_folds([g.question_id for g in graded] + [item.id for item, _, _ in training.anchors]
                          + [item.id for item in items], args.folds)
    fold = every[:len(graded)]
    anchor_fold = every[len(graded):len(graded) + len(training.anchors)]
    model_fold = every[len(graded) + len(training.anchors):]
    ours, baseline = np.zeros(len(graded)), np.zeros(len(graded))
    model_scores = np.zeros(len(items))
    for k in range(args.folds):
        train, test = fold != k, fold == k
        fit = fit_authored(training, graded_x[train], grades[train], names, anchors=anchor_fold != k)
        held = np.flatnonzero(model_fold == k)
        model_scores[held] = predict(fit, [model_answers[i] for i in held])
        ours[test] = predict(fit, [graded_results[i] for i in np.flatnonzero(test)])
        slope, intercept = np.polyfit(cosine[train], grades[train], 1)
        baseline[test] = np.clip(slope * cosine[test] + intercept, 0, 5)
    categories = np.array([g.category for g in graded])
    junk_rows = np.isin(categories, list(JUNK_CATEGORIES))
    hard_rows = np.isin(categories, list(FAIR_BOUNDS))
    print(f"graded set: {len(graded)} answers to {len({g.question_id for g in graded})} questions, "
          f"{args.folds}-fold CV grouped by question; the public test splits are scored with the "
          f"fit on {len(public)} SemEval train answers to questions the judge never trained on\n")
    print(f"{'rows':<40}{'n':>6}{'Pearson':>9}{'cosine':>8}{'RMSE':>7}{'cosine':>8}{'mean':>6}{'human':>7}")
    for name, mask in [("graded set, all", np.ones(len(graded), bool)),
                       ("graded set, without junk", ~junk_rows),
                       ("graded set, original (no hard kinds)", ~hard_rows)]:
        a, b = Agreement.of(ours[mask], grades[mask]), Agreement.of(baseline[mask], grades[mask])
        print(f"{name:<40}{mask.sum():>6}{a.pearson:>9.3f}{b.pearson:>8.3f}{a.rmse:>7.2f}{b.rmse:>8.2f}"
              f"{a.mean:>6.2f}{grades[mask].mean():>7.2f}")
        if name == "graded set, without junk" and a.pearson <= b.pearson:
            misses.append(f"{name}: Pearson {a.pearson:.3f} not above cosine {b.pearson:.3f}")

    # --- the hard kinds -----------------------------------------------------------------------
    print(f"\n{'hard kind (graded, CV)':<28}{'n':>5}{'fair bound':>12}{'scorer':>8}{'cosine':>8}"
          f"{'mean':>6}{'human':>7}")
    hard_in, hard_all = 0, 0
    for kind, (low, high) in FAIR_BOUNDS.items():
        mask = categories == kind
        if not mask.any():
            continue
        inside = [within_bounds(kind, s) for s in ours[mask]]
        inside_cosine = [within_bounds(kind, s) for s in baseline[mask]]
        bound = f">= {low}" if low is not None else f"<= {high}"
        print(f"{kind:<28}{mask.sum():>5}{bound:>12}{np.mean(inside):>8.0%}{np.mean(inside_cosine):>8.0%}"
              f"{ours[mask].mean():>6.2f}{grades[mask].mean():>7.2f}")
        hard_in, hard_all = hard_in + sum(inside), hard_all + len(inside)
    hard_share = hard_in / max(1, hard_all)
    print(f"{'all hard kinds':<28}{hard_all:>5}{'':>12}{hard_share:>8.0%}")
    # The judge was trained on pairs written for some questions' key points (never on graded
    # answers): on those its verdicts are better than on a question it never saw.
    judge_trained = np.isin([g.question_id for g in graded], sorted(written_questions()))
    graders = np.array([g.grader for g in graded])
    # A writer's terse answer that its grader found thin (2.5 for a "terse expert") holds the
    # scorer to a bound the human did not meet: shown apart, the target counts every row.
    human_agrees = np.array([c in FAIR_BOUNDS and within_bounds(c, g) for c, g in zip(categories, grades)])
    splits = [("... on questions the judge never saw", hard_rows & ~judge_trained),
              ("... on questions it had pairs for", hard_rows & judge_trained),
              ("... where the grader's grade is in bounds", hard_rows & human_agrees)]
    # By grader too, so writers' styles can be told apart: each grader graded one writer's answers.
    splits += [("... graded by " + grader, hard_rows & (graders == grader))
               for grader in sorted(set(graders[hard_rows]))]
    def share_within(mask):
        return float(np.mean([within_bounds(c, v) for c, v in zip(categories[mask], ours[mask])]))

    for name, mask in splits:
        print(f"{name:<40}{mask.sum():>5}{share_within(mask):>8.0%}")
    unseen_share = share_within(hard_rows & ~judge_trained)
    model_share = float(np.mean(model_scores >= MODEL_ANSWER_FLOOR))
    print(f"{'model answers (first references) >= 4.0':<40}{len(items):>5}{model_share:>8.0%}"
          f"   mean {model_scores.mean():.2f}, lowest {model_scores.min():.1f}")
    contradicted = [any(m.contradicted for m in graded_results[i].key_points)
                    for i in np.flatnonzero(categories == "swapped_relation")]
    covered_when_swapped = [graded_results[i].features.covered_share
                            for i in np.flatnonzero(categories == "swapped_relation")]
    print(f"swapped relations with a key point reported contradicted: {np.mean(contradicted):.0%}; "
          f"mean weighted share reported covered: {np.mean(covered_when_swapped):.2f}")

    # --- questions without key points, long references ----------------------------------------
    # The graded set with its questions' key points removed (derived from the references'
    # sentences, as for a coach's own question), cross-validated by question on the same folds.
    stripped, stripped_cosine = np.zeros(len(graded)), np.zeros(len(graded))
    for k in range(args.folds):
        train, test = fold != k, fold == k
        fit = fit_derived_long(training, names, graded=train)
        stripped[test] = predict(fit, [training.as_derived[i] for i in np.flatnonzero(test)])
        slope, intercept = np.polyfit(cosine[train], grades[train], 1)
        stripped_cosine[test] = np.clip(slope * cosine[test] + intercept, 0, 5)
    fits = fit_all(training, graded, graded_results, names)  # on everything: junk, SemEval's tests
    short_fit_scores = predict(fits["derived"], training.as_derived)
    print(f"\n{'key points removed (long references)':<40}{'n':>6}{'Pearson':>9}{'cosine':>8}"
          f"{'mean':>6}{'human':>7}")
    for name, mask in [("graded set, all", np.ones(len(graded), bool)),
                       ("graded set, without junk", ~junk_rows)]:
        a = Agreement.of(stripped[mask], grades[mask])
        b = Agreement.of(stripped_cosine[mask], grades[mask])
        print(f"{name:<40}{mask.sum():>6}{a.pearson:>9.3f}{b.pearson:>8.3f}{a.mean:>6.2f}{grades[mask].mean():>7.2f}")
        if a.pearson <= b.pearson:
            misses.append(f"key points removed, {name}: Pearson {a.pearson:.3f} "
                          f"not above cosine {b.pearson:.3f}")
    short = Agreement.of(short_fit_scores, grades)
    print(f"{'... scored by the short-reference fit':<40}{len(graded):>6}{short.pearson:>9.3f}{'':>8}"
          f"{short.mean:>6.2f}{grades.mean():>7.2f}")

    # --- hard kinds to questions nothing is fitted on (tests/data) ----------------------------
    full = fits["authored"]  # the bank's fit on every graded row, as served
    print(f"\n{'hard kinds, questions with no graded answer':<44}{'n':>5}{'scorer':>8}")
    for path in FIXTURES:
        rows = fixture_rows(path)
        pairs = [(scorer.item(r["question_id"]), r["answer"]) for r in rows]
        results = score_cached(scorer, pairs, path.stem)
        inside = [within_bounds(r["category"], v) for r, v in zip(rows, predict(full, results))]
        print(f"{path.name:<44}{len(rows):>5}{np.mean(inside):>8.0%}")

    # --- junk ---------------------------------------------------------------------------------
    junk = synthetic_junk(items)
    junk_results = score_cached(scorer, [(item, answer) for _, item, answer in junk], "junk")
    junk_scores = predict(full, junk_results)
    print(f"\n{'junk kind':<30}{'n':>6}{'scorer <= 1.0':>15}")
    graded_junk = ours[junk_rows] <= JUNK_CAP
    print(f"{'graded junk (CV)':<30}{junk_rows.sum():>6}{graded_junk.mean():>15.1%}")
    kinds = np.array([k for k, _, _ in junk])
    for kind in sorted(set(kinds)):
        print(f"{'synthetic: ' + kind:<30}{(kinds == kind).sum():>6}"
              f"{np.mean(junk_scores[kinds == kind] <= JUNK_CAP):>15.1%}")
    junk_share = float(np.mean(np.concatenate([graded_junk, junk_scores <= JUNK_CAP])))
    print(f"{'all junk':<30}{len(junk) + junk_rows.sum():>6}{junk_share:>15.1%}")

    # --- the public test splits ---------------------------------------------------------------
    train_cosine = raw_cosine(encoder, [(r.item, r.answer) for r in public])
    print(f"\n{'SemEval-2013 test split':<18}{'n':>6}{'AUC correct':>12}{'cosine':>8}{'Pearson':>9}"
          f"{'cosine':>8}{'mean score: correct / other':>30}")
    f1_lines = []
    for split, filename in TEST_SPLITS.items():
        rows = load_split(filename, args.data)
        results = score_public(encoder, judge, rows, f"semeval-{split.replace(' ', '-')}")
        scores = predict_routed(fits, [r.item for r in rows], results)
        cos = raw_cosine(encoder, [(r.item, r.answer) for r in rows])
        correct = np.array([r.label == "correct" for r in rows])
        label_grades = np.array([r.grade for r in rows])
        ours_auc, cos_auc = auc(scores, correct), auc(cos, correct)
        print(f"{split:<18}{len(rows):>6}{ours_auc:>12.3f}{cos_auc:>8.3f}"
              f"{np.corrcoef(scores, label_grades)[0, 1]:>9.3f}{np.corrcoef(cos, label_grades)[0, 1]:>8.3f}"
              f"{scores[correct].mean():>18.2f} / {scores[~correct].mean():.2f}")
        if ours_auc <= cos_auc:
            misses.append(f"{split}: AUC {ours_auc:.3f} not above cosine {cos_auc:.3f}")
        dataset = rows[0].dataset
        same = np.array([r.dataset == dataset for r in public])
        x = feature_rows(results)
        tasks = [("3-way", lambda r: r.three_way)]
        if dataset == "beetle":
            tasks.append(("5-way", lambda r: r.label))
        for task, label_of in tasks:
            train_y = [label_of(r) for r, keep in zip(public, same) if keep]
            test_y = [label_of(r) for r in rows]
            macro, weighted = label_f1(public_x[same], train_y, x, test_y)
            cmacro, cweighted = label_f1(train_cosine[same, None], train_y, cos[:, None], test_y)
            f1_lines.append(f"{split:<18}{task:<7}{macro:>7.3f}{weighted:>8.3f}{cmacro:>9.3f}{cweighted:>8.3f}"
                            f"   {PUBLISHED.get((split, task), 'published figures not on file')}")
    print(f"\n{'labels':<25}{'macro':>7}{'wF1':>8}{'cos mac':>9}{'cos wF1':>8}   SemEval-2013 published")
    print("\n".join(f1_lines))

    print()
    for name, value in [("hard kinds within fair bounds", hard_share),
                        ("... on questions the judge never saw", unseen_share), ("junk <= 1.0", junk_share),
                        ("model answers >= 4.0", model_share)]:
        print(f"{name}: {value:.1%} (target >= {TARGETS[name]:.0%})")
        if value < TARGETS[name]:
            misses.append(f"{name}: {value:.1%} below {TARGETS[name]:.0%}")
    for miss in misses:
        print(f"TARGET MISSED: {miss}", file=sys.stderr)
    return 1 if misses else 0
