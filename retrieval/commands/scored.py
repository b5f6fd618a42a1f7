"""Scoring whole data sets for `make calibrate` and `make eval`, cached under build/cache.

The cache key covers the judge, the encoder, the items and the answers, so a changed model or
data set is rescored, never read stale.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import numpy as np

from retrieval.encoder import Encoder
from retrieval.features import Features
from retrieval.graded import GradedAnswer
from retrieval.index import build_index
from retrieval.items import ScoringItem
from retrieval.judge import Judge
from retrieval.loading import ensure_index
from retrieval.public_sets import LabelledAnswer
from retrieval.scoring import MAX_ANSWER_CHARS, Scorer, ScoreResult

CACHE = Path("build/cache")


# The scorer's own code is part of the key: a changed flag or feature rescores, never reads stale.
_CODE = [Path(__file__).parents[1] / name for name in
         ("scoring.py", "features.py", "roles.py", "judge.py", "text.py", "items.py", "index.py")]


def _key(scorer: Scorer, pairs: list[tuple[ScoringItem, str]]) -> str:
    digest = hashlib.sha256(f"{scorer.judge.name}|{scorer.encoder.name}|{Features.names()}".encode())
    for path in _CODE:
        digest.update(path.read_bytes())
    for item, answer in pairs:
        digest.update(item.digest().encode() + answer.encode())
    if scorer.index is not None:
        digest.update(scorer.index.info["content_hash"].encode())
    return digest.hexdigest()[:20]


def score_cached(scorer: Scorer, pairs: list[tuple[ScoringItem, str]], name: str) -> list[ScoreResult]:
    from tqdm import tqdm

    path = CACHE / f"{name}-{_key(scorer, pairs)}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    with tqdm(total=len(pairs), desc=name, unit="answer") as bar:
        results = scorer.score_many(pairs, progress=bar.update)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(results))
    return results


def score_public(encoder: Encoder, judge: Judge, rows: list[LabelledAnswer], name: str) -> list[ScoreResult]:
    """As `make score` would: the split's own questions form the index for the better-fit flag."""
    items = list({row.item.id: row.item for row in rows}.values())
    scorer = Scorer(encoder, judge, build_index(items, encoder))
    return score_cached(scorer, [(row.item, row.answer) for row in rows], name)


def bank_scorer(encoder: Encoder, judge: Judge, bank: Path, index_dir: Path) -> Scorer:
    index, _ = ensure_index(encoder, bank, index_dir)
    return Scorer(encoder, judge, index)


def score_graded(scorer: Scorer, graded: list[GradedAnswer]) -> list[ScoreResult]:
    return score_cached(scorer, [(scorer.item(g.question_id), g.answer) for g in graded], "graded")


def feature_rows(results: list[ScoreResult]) -> np.ndarray:
    return np.array([r.features.as_vector() for r in results])


def raw_cosine(encoder: Encoder, pairs: list[tuple[ScoringItem, str]]) -> np.ndarray:
    """The baseline: the whole answer encoded as it is, its best cosine with a reference answer."""
    vectors = encoder.encode([answer[:MAX_ANSWER_CHARS] for _, answer in pairs])
    references: dict[str, np.ndarray] = {}
    best = []
    for (item, _), vector in zip(pairs, vectors):
        if item.id not in references:
            references[item.id] = encoder.encode(list(item.reference_answers))
        best.append(float(np.max(references[item.id] @ vector)))
    return np.array(best)
