"""`make calibrate`: fit the 0-5 calibrations for the committed judge.

Three fits (retrieval/calibration.py):
- for bank questions, whose key points a person wrote: boosted trees on the team's whole graded
  set, hard kinds included, and anchors (`anchor_answers`: other questions' answers at 0, second
  references and the key points themselves at 5; `make eval` cross-validates it by question);
- for questions whose key points are derived from a reference of one or two sentences (most
  `make score` files): ridge regression on the answers of the SemEval-2013 train splits to the
  quarter of their questions the judge never trained on (real students; labels mapped to grades
  in public_sets.GRADE_OF_LABEL). Trees did worse there than ridge on every test split;
- for derived key points from a longer reference (a coach's own question): trees on the graded
  set scored with its questions' key points removed, and SemEval's few longer references.
Written to retrieval/weights/calibration.json with the hashes of what they read.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from retrieval.calibration import calibration_kind, fit_calibration, fit_tree_calibration, save_calibrations
from retrieval.commands.scored import bank_scorer, feature_rows, score_cached, score_graded, score_public
from retrieval.encoder import Encoder
from retrieval.features import Features
from retrieval.graded import COACH_FOLDER, GradedAnswer, jsonl_folder_hash, load_graded
from retrieval.items import ScoringItem
from retrieval.judge import Judge
from retrieval.loading import bank_items
from retrieval.public_sets import TRAIN_FILES, LabelledAnswer, files_hash, held_out_of_judge, load_split
from retrieval.scoring import Scorer, ScoreResult

OTHER_ANSWER_SEED = 101


def other_question_answers(items: list[ScoringItem]) -> list[tuple[ScoringItem, str]]:
    """Each bank question with the last reference answer of a question from another topic, to be
    graded 0: a fluent, complete answer to the wrong question. Trees do not extrapolate, and the
    graded set's off-topic answers are short, so without these a long answer full of another
    topic's vocabulary scored up to 2. `make eval`'s junk takes first references instead."""
    rng = random.Random(OTHER_ANSWER_SEED)
    donors = [item for item in items if len(item.reference_answers) > 1]
    pairs = []
    for item in items:
        topic = item.id.rsplit("-", 1)[0]
        donor = rng.choice([d for d in donors if d.id.rsplit("-", 1)[0] != topic])
        pairs.append((item, donor.reference_answers[-1]))
    return pairs


@dataclass
class TrainingRows:
    public: list[LabelledAnswer]  # SemEval train answers to the questions the judge never trained on
    public_results: list[ScoreResult]
    graded: list[GradedAnswer]
    graded_results: list[ScoreResult]
    anchors: list[tuple[ScoringItem, str, float]]  # anchor_answers, with their grades
    anchor_results: list[ScoreResult]
    # The graded set again, its questions stripped of their key points, which are then derived
    # from the references' sentences as for a coach's own question: human grades for long
    # references, which SemEval (one or two sentences) does not have.
    as_derived: list[ScoreResult]
    scorer: Scorer

    @cached_property
    def public_x(self) -> np.ndarray:
        return feature_rows(self.public_results)

    @cached_property
    def public_grades(self) -> np.ndarray:
        return np.array([r.grade for r in self.public])

    @cached_property
    def grades(self) -> np.ndarray:
        return np.array([g.grade for g in self.graded])

    @cached_property
    def anchor_x(self) -> np.ndarray:
        return feature_rows(self.anchor_results)

    @cached_property
    def anchor_grades(self) -> np.ndarray:
        return np.array([grade for _, _, grade in self.anchors])

    @cached_property
    def as_derived_x(self) -> np.ndarray:
        return feature_rows(self.as_derived)

    @cached_property
    def long_public(self) -> np.ndarray:
        return np.array([calibration_kind(r.item) == "derived_long" for r in self.public])


def anchor_answers(items: list[ScoringItem]) -> list[tuple[ScoringItem, str, float]]:
    """Answers whose grade needs no grader: another question's answer is worth 0; each
    question's own second reference answer (a reviewed model answer) 5, and so are its key
    points stated one after another. Without the 5s, the judge's doubts about fluent text (it
    finds some correct paraphrases contradictory) made the trees score 61 of the 308 first
    references below 3.5 on their own questions, and a 45-word answer stating every key point 2.8."""
    stated = [(item, " ".join(point.text.rstrip(".") + "." for point in item.key_points), 5.0)
              for item in items if item.key_points]
    return ([(item, text, 0.0) for item, text in other_question_answers(items)]
            + [(item, text, 5.0) for item in items for text in item.reference_answers[1:]] + stated)


def training_rows(args, encoder: Encoder, judge: Judge) -> TrainingRows:
    public = [r for name in TRAIN_FILES for r in load_split(name, args.data) if held_out_of_judge(r.item.id)]
    public_results = score_public(encoder, judge, public, "semeval-held-out")
    scorer = bank_scorer(encoder, judge, args.bank, args.index)
    graded = load_graded(args.graded, set(scorer.index.items))
    anchors = anchor_answers(bank_items(args.bank))
    stripped = [(replace(scorer.item(g.question_id), key_points=()), g.answer) for g in graded]
    return TrainingRows(public, public_results, graded, score_graded(scorer, graded), anchors,
                        score_cached(scorer, [(item, text) for item, text, _ in anchors], "anchors"),
                        score_cached(scorer, stripped, "graded-as-derived"), scorer)


ALL = slice(None)


def fit_authored(rows: TrainingRows, graded_x: np.ndarray, grades: np.ndarray, names: list[str],
                 anchors=ALL):
    """The bank's trees: graded answers (a fold's, or with coach overrides) and the anchors."""
    return fit_tree_calibration(np.vstack([graded_x, rows.anchor_x[anchors]]),
                                np.concatenate([grades, rows.anchor_grades[anchors]]), names)


def fit_derived_long(rows: TrainingRows, names: list[str], graded=ALL):
    """Long references: the graded set with its key points removed, and SemEval's longer ones."""
    return fit_tree_calibration(
        np.vstack([rows.as_derived_x[graded], rows.public_x[rows.long_public]]),
        np.concatenate([rows.grades[graded], rows.public_grades[rows.long_public]]), names)


def fit_all(rows: TrainingRows, graded: list[GradedAnswer], graded_results: list[ScoreResult],
            names: list[str]) -> dict:
    """The three fits on every row; `graded` may add coach overrides to the bank's fit."""
    return {"authored": fit_authored(rows, feature_rows(graded_results),
                                     np.array([g.grade for g in graded]), names),
            "derived": fit_calibration(rows.public_x, rows.public_grades, names),
            "derived_long": fit_derived_long(rows, names)}


def run(args) -> int:
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    judge = Judge(args.weights)
    rows = training_rows(args, encoder, judge)
    names = Features.names()
    graded, graded_results = rows.graded, rows.graded_results
    # Coach overrides (`make export-graded`) teach the bank's fit too; `make eval` never reads them.
    coached = load_graded(args.graded / COACH_FOLDER, set(rows.scorer.index.items))
    if coached:
        graded, graded_results = graded + coached, graded_results + score_graded(rows.scorer, coached)
    calibrations = fit_all(rows, graded, graded_results, names)
    sources = {"judge": judge.name, "graded": jsonl_folder_hash(args.graded),
               "coached": jsonl_folder_hash(args.graded / COACH_FOLDER),
               "semeval_train": files_hash(TRAIN_FILES, args.data)}
    for calibration in calibrations.values():
        calibration.sources = sources
    save_calibrations(calibrations, args.weights)
    print(f"calibration fitted on {len(rows.public)} SemEval answers (to questions the judge never saw) "
          f"and {len(graded)} graded answers (with {len(rows.anchors)} anchors) "
          f"-> {args.weights}", file=sys.stderr)
    return 0
