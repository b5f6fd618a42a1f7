"""`make index`: build the FAISS index when the bank or model changed; refit the calibration when
the index or the graded set changed."""

from __future__ import annotations

import sys
import time

import numpy as np

from retrieval.bank import bank_items
from retrieval.calibration import CALIBRATION_FILE, Calibration, fit_calibration
from retrieval.encoder import Encoder
from retrieval.features import Features
from retrieval.graded import graded_hash, load_graded
from retrieval.index import build_index, index_is_current, load_index
from retrieval.items import content_hash
from retrieval.scoring import Scorer


def run(args) -> int:
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    items = bank_items(args.bank)
    stale = index_is_current(args.index, items, encoder.name)
    calibration_path = args.index / CALIBRATION_FILE
    source = graded_hash(args.graded) + content_hash(items)
    calibration = Calibration.load(args.index, Features.names())
    if stale is None and not args.force and calibration and calibration.source_hash == source:
        print(f"index and calibration are current ({len(items)} questions, {encoder.name})")
        return 0
    started = time.perf_counter()
    if stale is None and not args.force:
        index = load_index(args.index, items, encoder.name)
    else:
        print(f"building the index: {stale or 'forced'}")
        index = build_index(items, encoder)
        index.save(args.index)
        print(f"indexed {len(items)} questions ({index.info['texts']} texts) "
              f"in {time.perf_counter() - started:.1f}s -> {args.index}")
    graded = load_graded(args.graded, set(index.items))
    if not graded:
        print("no graded answers: scores use the uncalibrated key-point formula", file=sys.stderr)
        calibration_path.unlink(missing_ok=True)
        return 0
    scorer = Scorer(encoder, index)
    results = scorer.score_many([(g.question_id, g.answer) for g in graded])
    rows = np.array([r.features.as_vector() for r in results])
    calibration = fit_calibration(rows, np.array([g.grade for g in graded]), Features.names())
    calibration.source_hash = source
    calibration.save(args.index)
    print(f"calibration fitted on {len(graded)} graded answers -> {calibration_path}")
    return 0
