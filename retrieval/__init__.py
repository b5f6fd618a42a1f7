"""Scoring free-text answers against reference answers and key points.

sentence-transformers embeddings in a FAISS index; knows nothing of Rasa. The public API:
"""

from retrieval.bank import bank_items, ensure_index, item_from_question, load_scorer
from retrieval.calibration import Calibration, fit_calibration
from retrieval.encoder import Encoder
from retrieval.index import BankIndex, StaleIndexError, build_index, load_index
from retrieval.items import KeyPoint, ScoringItem
from retrieval.scoring import Flags, Scorer, ScoreResult

__all__ = [
    "BankIndex",
    "Calibration",
    "Encoder",
    "Flags",
    "KeyPoint",
    "ScoreResult",
    "Scorer",
    "ScoringItem",
    "StaleIndexError",
    "bank_items",
    "build_index",
    "ensure_index",
    "fit_calibration",
    "item_from_question",
    "load_index",
    "load_scorer",
]
