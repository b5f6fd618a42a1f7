"""Scoring free-text answers against reference answers and key points.

sentence-transformers embeddings in a FAISS index; knows nothing of Rasa. The public API:
"""

from retrieval.calibration import Calibration, StaleCalibrationError, fit_calibration
from retrieval.encoder import Encoder
from retrieval.index import BankIndex, StaleIndexError, build_index, load_index
from retrieval.items import KeyPoint, ScoringItem
from retrieval.judge import Judge, JudgeWeightsError
from retrieval.loading import bank_items, ensure_index, item_from_question, load_calibration, load_scorer
from retrieval.scoring import Flags, Scorer, ScoreResult

__all__ = [
    "BankIndex",
    "Calibration",
    "Encoder",
    "Flags",
    "Judge",
    "JudgeWeightsError",
    "KeyPoint",
    "ScoreResult",
    "Scorer",
    "ScoringItem",
    "StaleCalibrationError",
    "StaleIndexError",
    "bank_items",
    "build_index",
    "ensure_index",
    "fit_calibration",
    "item_from_question",
    "load_calibration",
    "load_index",
    "load_scorer",
]
