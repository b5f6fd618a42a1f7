"""`make calibrate`: fit the 0-5 calibrations for the committed judge.

Two fits (retrieval/calibration.py):
- for bank questions, whose key points a person wrote: boosted trees on the team's whole graded
  set, hard kinds included, and on other questions' answers at 0 (`make eval` cross-validates it
  by question);
- for questions whose key points are derived from a reference (any `make score` file): ridge
  regression on the answers of the SemEval-2013 train splits to the quarter of their questions
  the judge never trained on (real students; labels mapped to grades in
  public_sets.GRADE_OF_LABEL). Trees did worse there than ridge on every test split.
Written to retrieval/weights/calibration.json with the hashes of what they read.
"""

from __future__ import annotations

import random
import sys

import numpy as np

from retrieval.calibration import fit_calibration, fit_tree_calibration, save_calibrations
from retrieval.commands.scored import bank_scorer, feature_rows, score_cached, score_graded, score_public
from retrieval.encoder import Encoder
from retrieval.features import Features
from retrieval.graded import COACH_FOLDER, jsonl_folder_hash, load_graded
from retrieval.items import ScoringItem
from retrieval.judge import Judge
from retrieval.loading import bank_items
from retrieval.public_sets import TRAIN_FILES, files_hash, held_out_of_judge, load_split

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


def training_rows(args, encoder: Encoder, judge: Judge):
    """The public answers (to the train splits' questions the judge never trained on), the graded
    set and the other questions' answers, each with its scored results, and the bank's scorer."""
    public = [r for name in TRAIN_FILES for r in load_split(name, args.data) if held_out_of_judge(r.item.id)]
    public_results = score_public(encoder, judge, public, "semeval-held-out")
    scorer = bank_scorer(encoder, judge, args.bank, args.index)
    graded = load_graded(args.graded, set(scorer.index.items))
    graded_results = score_graded(scorer, graded)
    others = other_question_answers(bank_items(args.bank))
    other_results = score_cached(scorer, others, "other-questions")
    return public, public_results, graded, graded_results, others, other_results, scorer


def run(args) -> int:
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    judge = Judge(args.weights)
    public, public_results, graded, graded_results, others, other_results, scorer = \
        training_rows(args, encoder, judge)
    names = Features.names()
    # Coach overrides (`make export-graded`) teach the fit too; `make eval` never reads them.
    coached = load_graded(args.graded / COACH_FOLDER, set(scorer.index.items))
    if coached:
        graded, graded_results = graded + coached, graded_results + score_graded(scorer, coached)
    grades = np.array([g.grade for g in graded])
    calibrations = {
        "authored": fit_tree_calibration(feature_rows(graded_results + other_results),
                                         np.concatenate([grades, np.zeros(len(others))]), names),
        "derived": fit_calibration(feature_rows(public_results), [r.grade for r in public], names),
    }
    sources = {"judge": judge.name, "graded": jsonl_folder_hash(args.graded),
               "coached": jsonl_folder_hash(args.graded / COACH_FOLDER),
               "semeval_train": files_hash(TRAIN_FILES, args.data)}
    for calibration in calibrations.values():
        calibration.sources = sources
    save_calibrations(calibrations, args.weights)
    print(f"calibration fitted on {len(public)} SemEval answers (to questions the judge never saw) "
          f"and {len(graded)} graded answers (with {len(others)} other questions' answers at 0) "
          f"-> {args.weights}", file=sys.stderr)
    return 0
