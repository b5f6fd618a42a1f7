"""Pure vector search: vectors in, hits out. No model, no bank knowledge."""

from __future__ import annotations

import faiss
import numpy as np


def flat_index(vectors: np.ndarray) -> faiss.IndexFlatIP:
    """Exact inner-product index; with normalised vectors, scores are cosine similarities."""
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def top_k(index: faiss.Index, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, positions), each of shape (len(queries), k); position -1 pads missing hits."""
    k = max(1, min(k, index.ntotal))
    return index.search(np.ascontiguousarray(queries, dtype=np.float32), k)


def best_per_owner(scores: np.ndarray, positions: np.ndarray, owners: list[str]) -> dict[str, float]:
    """Collapse one query's hits to the best score per owner (e.g. per question id)."""
    best: dict[str, float] = {}
    for score, position in zip(scores, positions):
        if position < 0:
            continue
        owner = owners[position]
        if score > best.get(owner, -1.0):
            best[owner] = float(score)
    return best
