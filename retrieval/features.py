"""Signals a grader would use, computed from embeddings of an answer and of one item.

Pure functions: vectors and texts in, numbers out. `scoring.py` turns them into a score.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from retrieval.index import ItemVectors
from retrieval.items import KeyPoint
from retrieval.text import content_stems, polarity_conflict

# Cosine similarities of all-MiniLM-L6-v2 between a key point and a sentence that states it
# typically sit above 0.55; same-topic sentences that do not state it sit around 0.3-0.45.
COVERED_AT = 0.5
SOFT_LOW, SOFT_HIGH = 0.3, 0.7


@dataclass
class KeyPointMatch:
    text: str
    weight: float
    similarity: float
    lexical: float
    evidence: str | None
    contradicted: bool

    @property
    def covered(self) -> bool:
        return not self.contradicted and (
            self.similarity >= COVERED_AT or (self.similarity >= COVERED_AT - 0.1 and self.lexical >= 0.5)
        )

    @property
    def soft(self) -> float:
        if self.contradicted:
            return 0.0
        lifted = self.similarity + 0.1 * self.lexical
        return float(np.clip((lifted - SOFT_LOW) / (SOFT_HIGH - SOFT_LOW), 0.0, 1.0))


@dataclass
class Features:
    coverage: float  # weighted soft coverage of key points
    covered_share: float  # weighted share of key points judged covered
    key_point_similarity: float  # weighted mean of best sentence similarity per key point
    reference_similarity: float  # best cosine between the whole answer and a reference answer
    reference_recall: float  # share of reference sentences the answer has a close match for
    precision: float  # how much of the answer is on the reference's subject
    question_similarity: float
    novelty: float  # share of the answer's content words not already in the question
    lexical_recall: float  # weighted share of key-point content words the answer uses
    contradiction: float  # weighted share of key points stated with flipped polarity
    log_words: float
    better_fit_margin: float  # how much better another bank question fits the answer

    def as_vector(self) -> list[float]:
        return list(asdict(self).values())

    @classmethod
    def names(cls) -> list[str]:
        return list(cls.__dataclass_fields__)


def match_key_points(
    key_points: tuple[KeyPoint, ...],
    key_point_vectors: np.ndarray,
    sentences: list[str],
    sentence_vectors: np.ndarray,
    answer_vector: np.ndarray,
    answer_stems: set[str],
) -> list[KeyPointMatch]:
    """Align each key point with the answer sentence that states it best. The similarity may
    come from the whole answer (a point spread over sentences); evidence and polarity always come
    from the best single sentence, where a negation would sit."""
    by_sentence = key_point_vectors @ sentence_vectors.T  # (key points, sentences)
    whole = key_point_vectors @ answer_vector
    matches = []
    for j, point in enumerate(key_points):
        best = int(np.argmax(by_sentence[j]))
        evidence = sentences[best] if best < len(sentences) else None
        similarity = float(max(by_sentence[j, best], whole[j]))
        point_stems = content_stems(point.text)
        lexical = len(point_stems & answer_stems) / len(point_stems) if point_stems else 0.0
        contradicted = bool(evidence) and similarity >= COVERED_AT - 0.1 and bool(
            polarity_conflict(evidence, point.text)
        )
        matches.append(KeyPointMatch(point.text, point.weight, similarity, lexical, evidence,
                                     contradicted))
    return matches


def compute_features(
    matches: list[KeyPointMatch],
    item: ItemVectors,
    question: str,
    answer: str,
    sentence_vectors: np.ndarray,
    answer_vector: np.ndarray,
    better_fit_margin: float,
) -> Features:
    weights = np.array([m.weight for m in matches])
    total = weights.sum()

    def weighted(values: list[float]) -> float:
        return float(np.dot(weights, values) / total)

    reference_sims = item.references @ answer_vector
    if len(item.reference_sentences) and len(sentence_vectors):
        pair = item.reference_sentences @ sentence_vectors.T
        reference_recall = float(np.mean(pair.max(axis=1) >= COVERED_AT))
        on_subject = np.vstack([item.reference_sentences, item.key_points]) @ sentence_vectors.T
        precision = float(np.mean(on_subject.max(axis=0)))
    else:
        reference_recall = precision = 0.0
    answer_stems = content_stems(answer)
    question_stems = content_stems(question)
    novelty = len(answer_stems - question_stems) / len(answer_stems) if answer_stems else 0.0
    return Features(
        coverage=weighted([m.soft for m in matches]),
        covered_share=weighted([float(m.covered) for m in matches]),
        key_point_similarity=weighted([m.similarity for m in matches]),
        reference_similarity=float(reference_sims.max()),
        reference_recall=reference_recall,
        precision=precision,
        question_similarity=float(item.question @ answer_vector),
        novelty=novelty,
        lexical_recall=weighted([m.lexical for m in matches]),
        contradiction=weighted([float(m.contradicted) for m in matches]),
        log_words=float(np.log1p(len(answer.split()))),
        better_fit_margin=better_fit_margin,
    )
