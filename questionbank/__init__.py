"""The question bank: schema, loading with precise error messages, and coverage reporting.

Knows nothing of Rasa or of embeddings; `retrieval/` and `actions/` build on it.
"""

from questionbank.loader import BankError, load_bank, load_file
from questionbank.schema import DIFFICULTIES, TRACKS, FollowUp, KeyPoint, Question

__all__ = [
    "DIFFICULTIES",
    "TRACKS",
    "BankError",
    "FollowUp",
    "KeyPoint",
    "Question",
    "load_bank",
    "load_file",
]
