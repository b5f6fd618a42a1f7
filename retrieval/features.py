"""Signals a grader would use, from the embeddings and the judge's verdicts on one answer.

Pure functions: vectors, probabilities and texts in, numbers out. `scoring.py` runs the models
and turns these into a score.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from retrieval.index import ItemVectors
from retrieval.items import KeyPoint
from retrieval.judge import CONTRADICTS, ENTAILS
from retrieval.text import STOPWORDS, content_stems, words

# The judge's verdict on a key point is its most probable label, with a floor so a coin-toss
# between "entails" and "neither" is not reported as covered.
VERDICT_FLOOR = 0.5
# Below this cosine the aligned sentence is about something else: its "contradiction" is noise.
ON_SUBJECT = 0.3
WHOLE_ANSWER_WORDS = 40  # up to this length the judge reads the whole answer for each key point
PASSAGE_SENTENCES = 2  # past it, the key point's best-aligned sentences, in the answer's order
# The judge's cost grows with what it reads, so a key point no sentence comes near is "neither"
# without asking it.
UNJUDGED_BELOW = 0.2
# English prose is 35-50% function words; a list of terms has next to none. Below this share an
# answer reads as telegraphic, and the calibration learns what that costs.
TELEGRAPHIC_BELOW = 0.2


@dataclass
class KeyPointMatch:
    text: str
    weight: float
    similarity: float  # best cosine with a sentence (or the whole answer)
    evidence: str | None  # the sentence that states it best
    entails: float  # the judge's P(the answer entails the key point)
    contradicts: float  # the judge's P(the answer contradicts it)
    crossed: bool = False  # its claim is pinned on another party of the question (roles.py)

    @property
    def contradicted(self) -> bool:
        return self.crossed or (self.similarity >= ON_SUBJECT and self.contradicts >= VERDICT_FLOOR
                                and self.contradicts > self.entails)

    @property
    def covered(self) -> bool:
        return self.entails >= VERDICT_FLOOR and not self.contradicted


@dataclass
class Alignment:
    """Where each key point is best stated, and the passage the judge reads for it."""

    best_sentence: list[int]
    similarity: list[float]
    passages: list[str]


@dataclass
class Features:
    key_point_entailment: float  # weighted mean of the judge's P(entails) over key points
    key_point_contradiction: float  # weighted mean P(contradicts)
    covered_share: float  # weighted share of key points judged covered
    reference_entailment: float  # best P(entails) of a reference answer
    reference_contradiction: float  # P(contradicts) of the closest reference answer
    authored_entailment: float  # key-point entailment where a person wrote the key points
    derived_entailment: float  # reference entailment where key points come from the reference
    # The bi-encoder's and the word-overlap view count only as far as the judge finds the answer
    # states something: a keyword list has the words and the vocabulary but no claim.
    gated_coverage: float  # weighted soft cosine coverage of key points x entailment
    gated_similarity: float  # best cosine with a reference answer x entailment
    gated_lexical: float  # weighted share of key-point content words used x entailment
    reference_similarity: float  # best cosine between the whole answer and a reference answer
    question_similarity: float
    novelty: float  # share of the answer's content words not already in the question
    function_words: float  # share of the answer's words that are function words: ~0 in a keyword list
    telegraphic: float  # how far the function-word share falls below prose's, 0-1
    log_words: float
    better_fit_margin: float  # how much better another bank question fits the answer
    role_swaps: float  # weighted share of key points whose claim the answer pins on another party
    contradicted_share: float  # weighted share of key points reported contradicted
    reference_overlap: float  # best share of a reference answer's content words the answer uses

    def as_vector(self) -> list[float]:
        return list(asdict(self).values())

    @classmethod
    def names(cls) -> list[str]:
        return list(cls.__dataclass_fields__)


def align(key_point_vectors: np.ndarray, sentences: list[str], sentence_vectors: np.ndarray,
          answer_vector: np.ndarray, answer: str) -> Alignment:
    """Each key point's best sentence, and what the judge reads: the whole answer when it is
    short, else the two sentences closest to the key point (a point spread over two sentences
    is still read whole)."""
    by_sentence = key_point_vectors @ sentence_vectors.T  # (key points, sentences)
    whole = key_point_vectors @ answer_vector
    short = len(answer.split()) <= WHOLE_ANSWER_WORDS or len(sentences) == 1
    best, similarity, passages = [], [], []
    for j in range(len(key_point_vectors)):
        ranked = np.argsort(-by_sentence[j])
        best.append(int(ranked[0]))
        similarity.append(float(max(by_sentence[j, ranked[0]], whole[j])))
        if short:
            passages.append(answer)
        else:
            # The runner-up sentence joins only when it is nearly as close: a point stated across two.
            chosen = [int(i) for i in ranked[:PASSAGE_SENTENCES]
                      if by_sentence[j, i] >= by_sentence[j, ranked[0]] - 0.05]
            passages.append(" ".join(sentences[i] for i in sorted(chosen)))
    return Alignment(best, similarity, passages)


def key_point_matches(key_points: tuple[KeyPoint, ...], alignment: Alignment, sentences: list[str],
                      verdicts: np.ndarray, crossed: list[bool] | None = None) -> list[KeyPointMatch]:
    """A crossed point states the claim of the other party: whatever the judge's verdict, it
    does not entail the point (the judge reads "boosting trains in parallel" and "bagging
    trains in parallel" alike)."""
    crossed = crossed or [False] * len(key_points)
    return [
        KeyPointMatch(point.text, point.weight, alignment.similarity[j],
                      sentences[alignment.best_sentence[j]] if sentences else None,
                      0.0 if crossed[j] else float(verdicts[j, ENTAILS]),
                      1.0 if crossed[j] else float(verdicts[j, CONTRADICTS]), crossed[j])
        for j, point in enumerate(key_points)
    ]


def soft_coverage(similarity: float, low: float = 0.3, high: float = 0.7) -> float:
    return float(np.clip((similarity - low) / (high - low), 0.0, 1.0))


def function_word_share(text: str) -> float:
    tokens = words(text)
    return sum(1 for w in tokens if w in STOPWORDS) / len(tokens) if tokens else 0.0


def compute_features(
    matches: list[KeyPointMatch],
    authored: bool,
    reference_verdicts: np.ndarray,
    item: ItemVectors,
    question: str,
    answer: str,
    answer_vector: np.ndarray,
    better_fit_margin: float,
    answer_stems: set[str] | frozenset[str],
    reference_stems: tuple[frozenset[str], ...] = (),
) -> Features:
    """`reference_verdicts`: the judge on the closest reference answers, closest first;
    `answer_stems`: the answer's content stems; `reference_stems`: each reference answer's."""
    weights = np.array([m.weight for m in matches], dtype=np.float64)
    total = weights.sum() or 1.0

    def weighted(values) -> float:
        return float(np.dot(weights, values) / total)

    reference_sims = item.references @ answer_vector
    function_words = function_word_share(answer)
    question_stems = content_stems(question)
    novelty = len(answer_stems - question_stems) / len(answer_stems) if answer_stems else 0.0
    lexical = []
    for m in matches:
        point = content_stems(m.text)
        lexical.append(len(point & answer_stems) / len(point) if point else 0.0)
    entailment = weighted([m.entails for m in matches])
    reference_entailment = float(reference_verdicts[:, ENTAILS].max()) if len(reference_verdicts) else 0.0
    states = entailment if authored else max(entailment, reference_entailment)
    return Features(
        key_point_entailment=entailment,
        key_point_contradiction=weighted([m.contradicts for m in matches]),
        covered_share=weighted([float(m.covered) for m in matches]),
        reference_entailment=reference_entailment,
        reference_contradiction=float(reference_verdicts[0, CONTRADICTS]) if len(reference_verdicts) else 0.0,
        authored_entailment=entailment if authored else 0.0,
        derived_entailment=0.0 if authored else reference_entailment,
        gated_coverage=states * weighted([soft_coverage(m.similarity) for m in matches]),
        gated_similarity=states * float(reference_sims.max()),
        gated_lexical=states * weighted(lexical),
        reference_similarity=float(reference_sims.max()),
        question_similarity=float(item.question @ answer_vector),
        novelty=novelty,
        function_words=function_words,
        telegraphic=float(np.clip((TELEGRAPHIC_BELOW - function_words) / TELEGRAPHIC_BELOW, 0.0, 1.0)),
        log_words=float(np.log1p(len(answer.split()))),
        better_fit_margin=better_fit_margin,
        role_swaps=weighted([float(m.crossed) for m in matches]),
        contradicted_share=weighted([float(m.contradicted) for m in matches]),
        reference_overlap=max((len(answer_stems & stems) / len(stems) for stems in reference_stems if stems),
                              default=0.0),
    )
