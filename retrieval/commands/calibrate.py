"""`make calibrate`: fit the 0-5 calibration for the committed judge, where real answers dominate.

Fitted on the SemEval-2013 train splits (real students; labels mapped to grades in
public_sets.GRADE_OF_LABEL) and the team's graded set, whose rows count GRADED_WEIGHT times so a
thousand answers are heard beside nine thousand. Written to retrieval/weights/calibration.json
with the hashes of what it read.
"""

from __future__ import annotations

import sys

import numpy as np

from retrieval.calibration import fit_calibration
from retrieval.commands.scored import bank_scorer, feature_rows, score_graded, score_public
from retrieval.encoder import Encoder
from retrieval.features import Features
from retrieval.graded import graded_hash, load_graded
from retrieval.judge import Judge
from retrieval.public_sets import TRAIN_FILES, files_hash, load_split

GRADED_WEIGHT = 3.0


def training_rows(args, encoder: Encoder, judge: Judge):
    """The public answers and the graded set, each with its scored results."""
    public = [r for name in TRAIN_FILES for r in load_split(name, args.data)]
    public_results = score_public(encoder, judge, public, "semeval-train")
    scorer = bank_scorer(encoder, judge, args.bank, args.index)
    graded = load_graded(args.graded, set(scorer.index.items))
    graded_results = score_graded(scorer, graded)
    return public, public_results, graded, graded_results


def run(args) -> int:
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    judge = Judge(args.weights)
    public, public_results, graded, graded_results = training_rows(args, encoder, judge)
    rows = np.vstack([feature_rows(public_results), feature_rows(graded_results)])
    grades = np.array([r.grade for r in public] + [g.grade for g in graded])
    weights = np.array([1.0] * len(public) + [GRADED_WEIGHT] * len(graded))
    calibration = fit_calibration(rows, grades, Features.names(), weights=weights)
    calibration.sources = {"judge": judge.name, "graded": graded_hash(args.graded),
                           "semeval_train": files_hash(TRAIN_FILES, args.data),
                           "public_rows": len(public), "graded_rows": len(graded)}
    calibration.save(args.weights)
    print(f"calibration fitted on {len(public)} SemEval answers and {len(graded)} graded answers "
          f"-> {args.weights}", file=sys.stderr)
    return 0
