"""Glue between the question bank and the scorer: build, check and load what scoring needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from questionbank import Question, load_bank
from retrieval.calibration import AnyCalibration, load_calibrations
from retrieval.encoder import Encoder
from retrieval.features import Features
from retrieval.index import BankIndex, build_index, index_is_current, load_index
from retrieval.items import KeyPoint, ScoringItem
from retrieval.judge import WEIGHTS_DIR, Judge
from retrieval.scoring import Scorer

DEFAULT_BANK = Path("data/questions")
DEFAULT_INDEX = Path("build/index")


def item_from_question(question: Question) -> ScoringItem:
    return ScoringItem(
        id=question.id,
        question=question.question,
        reference_answers=tuple(question.reference_answers),
        key_points=tuple(KeyPoint(k.text, k.weight) for k in question.key_points),
    )


def bank_items(bank_dir: Path = DEFAULT_BANK) -> list[ScoringItem]:
    return [item_from_question(q) for q in load_bank(bank_dir)]


def ensure_index(encoder: Encoder, bank_dir: Path = DEFAULT_BANK,
                 index_dir: Path = DEFAULT_INDEX) -> tuple[BankIndex, bool]:
    """Load the index, rebuilding it first when the bank or the model changed. (index, rebuilt)"""
    items = bank_items(bank_dir)
    if index_is_current(index_dir, items, encoder.name) is None:
        return load_index(index_dir, items, encoder.name), False
    index = build_index(items, encoder)
    index.save(index_dir)
    return index, True


def load_calibration(judge: Judge, directory: Path = WEIGHTS_DIR) -> dict[str, AnyCalibration]:
    return load_calibrations(directory, Features.names(), judge.name)


def load_scorer(bank_dir: Path = DEFAULT_BANK, index_dir: Path = DEFAULT_INDEX,
                backend: str = "onnx-int8", weights_dir: Path = WEIGHTS_DIR,
                rebuild_stale_index: bool = False, log: Callable[[str], None] = print) -> Scorer:
    """The scorer the interview uses: refuses judge weights that fail their hash check or a
    calibration fitted for another judge, rather than scoring with them. A stale index (another
    bank, or vectors from another CPU's int8 kernels) is refused too, or rebuilt when asked, and
    the log says why."""
    encoder = Encoder(backend)
    items = bank_items(bank_dir)
    problem = index_is_current(index_dir, items, encoder.name)
    if problem and rebuild_stale_index:
        log(f"rebuilding the index: {problem}")
        index, _ = ensure_index(encoder, bank_dir, index_dir)
    else:
        index = load_index(index_dir, items, encoder.name)
    judge = Judge(weights_dir)
    return Scorer(encoder, judge, index, load_calibration(judge, weights_dir))
