"""Near-duplicate questions: pairs whose embeddings are closer than two distinct questions'."""

from __future__ import annotations

import numpy as np

from retrieval.encoder import Encoder

# all-MiniLM-L6-v2: rewordings of one question score above ~0.9; distinct questions on the same
# topic ("what is SVD" / "how does SVD relate to PCA") sit around 0.7-0.85.
NEAR_DUPLICATE = 0.9


def find_near_duplicates(questions: list[tuple[str, str]], encoder: Encoder | None = None,
                         threshold: float = NEAR_DUPLICATE) -> list[tuple[str, str, float]]:
    """(id, id, cosine) for every pair of questions above the threshold, closest first."""
    if len(questions) < 2:
        return []
    encoder = encoder or Encoder()
    vectors = encoder.encode([text for _, text in questions])
    similarity = vectors @ vectors.T
    first, second = np.triu_indices(len(questions), k=1)
    close = similarity[first, second] >= threshold
    pairs = [(questions[i][0], questions[j][0], float(similarity[i, j]))
             for i, j in zip(first[close], second[close])]
    return sorted(pairs, key=lambda pair: -pair[2])
