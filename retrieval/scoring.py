"""Score a free-text answer against one item: key points covered and missed, flags, 0-5 score."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from retrieval.calibration import AnyCalibration, calibration_kind
from retrieval.encoder import Encoder
from retrieval.features import (
    UNJUDGED_BELOW,
    VERDICT_FLOOR,
    Alignment,
    Features,
    KeyPointMatch,
    align,
    compute_features,
    key_point_matches,
)
from retrieval.index import BankIndex, ItemVectors, embed_item
from retrieval.items import ScoringItem
from retrieval.judge import LABELS, NEITHER, Judge
from retrieval.roles import crossed, parties
from retrieval.search import best_per_owner, top_k
from retrieval.text import content_stems, is_non_answer, looks_like_gibberish, split_sentences

MAX_SCORE = 5.0
JUNK_CAP = 1.0
MAX_ANSWER_CHARS = 6000  # past this, a grader skims too: the rest is not scored
BETTER_FIT_MARGIN = 0.08
BETTER_FIT_FLOOR = 0.55
BETTER_FIT_OWN_BELOW = 0.5  # ... and fits its own question this loosely at best
RESTATED_SIMILARITY = 0.7
RESTATED_NOVELTY = 0.4
TOO_SHORT_WORDS = 3
JUDGED_REFERENCES = 2  # references the judge reads a whole answer against, where key points are derived


@dataclass
class Flags:
    restated_question: bool = False
    better_fit_question: str | None = None
    non_answer: bool = False
    too_short: bool = False
    no_claim: bool = False  # telegraphic, and the judge finds no written key point stated (a keyword list)

    @property
    def any(self) -> bool:
        return bool(self.restated_question or self.better_fit_question or self.non_answer
                    or self.too_short or self.no_claim)


@dataclass
class ScoreResult:
    score: float
    key_points: list[KeyPointMatch]
    closest_reference: str
    flags: Flags
    features: Features
    raw_cosine: float
    truncated: bool = False
    max_score: float = field(default=MAX_SCORE)

    @property
    def covered(self) -> list[KeyPointMatch]:
        return [m for m in self.key_points if m.covered]

    @property
    def missed(self) -> list[KeyPointMatch]:
        return [m for m in self.key_points if not m.covered]

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "max_score": self.max_score,
            "covered": [{"key_point": m.text, "evidence": m.evidence} for m in self.covered],
            "missed": [
                {"key_point": m.text, "contradicted": m.contradicted} for m in self.missed
            ],
            "contradicted": [m.text for m in self.key_points if m.contradicted],
            "closest_reference": self.closest_reference,
            "flags": {
                "restated_question": self.flags.restated_question,
                "better_fit_question": self.flags.better_fit_question,
                "non_answer": self.flags.non_answer,
                "too_short": self.flags.too_short,
                "no_claim": self.flags.no_claim,
            },
            "raw_cosine": round(self.raw_cosine, 4),
            "truncated": self.truncated,
        }


def cap_for_flags(score: float, flags: Flags) -> float:
    """A non-answer scores 0; any other flag caps the score where a grader would."""
    if flags.non_answer:
        return 0.0
    return min(score, JUNK_CAP) if flags.any else score


def uncalibrated_score(features: Features) -> float:
    """Before any calibration exists: the judge's weighted key-point entailment, on 0-5."""
    return float(np.clip(MAX_SCORE * features.key_point_entailment
                         * (1.0 - features.key_point_contradiction), 0.0, MAX_SCORE))


@dataclass(frozen=True)
class ItemStems:
    references: tuple[frozenset[str], ...]  # each reference answer's content stems
    all: frozenset[str]  # and the key points'


@lru_cache(maxsize=8192)
def item_stems(item: ScoringItem) -> ItemStems:
    references = tuple(frozenset(content_stems(r)) for r in item.reference_answers)
    points = [content_stems(k.text) for k in item.effective_key_points]
    return ItemStems(references, frozenset().union(*references, *points))


@dataclass
class _Pending:
    """One answer between alignment and the judge's verdicts."""

    item: ScoringItem
    answer: _Prepared
    vectors: np.ndarray
    alignment: Alignment
    closest: list[int]  # reference answers, closest first
    references: list[int]  # those the judge reads the whole answer against


class Scorer:
    """Scores answers against bank items (by id) or against ad-hoc items (a coach's own)."""

    def __init__(self, encoder: Encoder, judge: Judge, index: BankIndex | None = None,
                 calibration: dict[str, AnyCalibration] | None = None):
        self.encoder = encoder
        self.judge = judge
        self.index = index
        self.calibration = calibration
        self._adhoc: dict[str, ItemVectors] = {}

    def item(self, item_id: str) -> ScoringItem:
        if self.index is None or item_id not in self.index.items:
            raise KeyError(f"no question with id {item_id!r} in the index")
        return self.index.items[item_id]

    def _vectors(self, item: ScoringItem) -> ItemVectors:
        if self.index is not None and self.index.items.get(item.id) == item:
            return self.index.vectors[item.id]
        key = item.digest()
        if key not in self._adhoc:
            if len(self._adhoc) > 4096:
                self._adhoc.clear()
            self._adhoc[key] = embed_item(item, self.encoder)
        return self._adhoc[key]

    def score(self, item: ScoringItem | str, answer: str) -> ScoreResult:
        return self.score_many([(item, answer)])[0]

    def score_many(
        self,
        pairs: Iterable[tuple[ScoringItem | str, str]],
        batch_size: int = 256,
        progress: Callable[[int], None] | None = None,
    ) -> list[ScoreResult]:
        """Scores in batches: one judge call reads the (passage, key point) pairs of many
        answers. Each answer scores as it would alone (the encoder embeds text by text)."""
        pairs = [(self.item(i) if isinstance(i, str) else i, a) for i, a in pairs]
        results: list[ScoreResult] = []
        for start in range(0, len(pairs), batch_size):
            chunk = pairs[start : start + batch_size]
            prepared = [_prepare(answer) for _, answer in chunk]
            pooled = self.encoder.encode([t for p in prepared for t in p.texts])
            pending, offset = [], 0
            for (item, _), answer in zip(chunk, prepared):
                count = len(answer.texts)
                vectors = _sentence_and_answer_vectors(answer, pooled[offset : offset + count])
                pending.append(self._align(item, answer, vectors))
                offset += count
            asked = [(p.alignment.passages[j], k.text) if p.alignment.similarity[j] >= UNJUDGED_BELOW
                     else None for p in pending for j, k in enumerate(p.item.effective_key_points)]
            asked += [(p.answer.text, p.item.reference_answers[r]) for p in pending for r in p.references]
            verdicts = np.tile(np.eye(len(LABELS), dtype=np.float32)[NEITHER], (len(asked), 1))
            positions = [i for i, pair in enumerate(asked) if pair is not None]
            verdicts[positions] = self.judge.probabilities([asked[i] for i in positions])
            point_at = 0
            reference_at = sum(len(p.item.effective_key_points) for p in pending)
            for p in pending:
                k, r = len(p.item.effective_key_points), len(p.references)
                results.append(self._finish(p, verdicts[point_at : point_at + k],
                                            verdicts[reference_at : reference_at + r]))
                point_at, reference_at = point_at + k, reference_at + r
            if progress:
                progress(len(chunk))
        return results

    def _align(self, item: ScoringItem, answer: _Prepared, vectors: np.ndarray) -> _Pending:
        item_vectors = self._vectors(item)
        sentence_vectors, answer_vector = vectors[:-1], vectors[-1]
        if not len(sentence_vectors):
            sentence_vectors = answer_vector[None, :]
        alignment = align(item_vectors.key_points, answer.sentences or [answer.text],
                          sentence_vectors, answer_vector, answer.text)
        closest = [int(r) for r in np.argsort(-(item_vectors.references @ answer_vector))]
        # The judge also reads the whole answer against its closest reference: where key points
        # are authored, the one closest (a complete paraphrase the judge doubts point by point
        # reads as entailing the whole; +1 point of hard kinds in the CV, README); where they are
        # derived from the first reference, the two closest, which may be alternatives to it.
        judged = [] if not answer.text else closest[:1 if item.key_points else JUDGED_REFERENCES]
        return _Pending(item, answer, vectors, alignment, closest, judged)

    def _finish(self, pending: _Pending, point_verdicts: np.ndarray,
                reference_verdicts: np.ndarray) -> ScoreResult:
        item, answer = pending.item, pending.answer
        item_vectors = self._vectors(item)
        answer_vector = pending.vectors[-1]
        points = item.effective_key_points
        compared = parties(item.question, tuple(k.text for k in points))
        pinned_wrong = [bool(compared) and crossed(k.text, answer.text, compared, item.question)
                        for k in points]
        matches = key_point_matches(points, pending.alignment, answer.sentences or [answer.text],
                                    point_verdicts, pinned_wrong)
        own_best, better_id, other_best = self._better_fit(item, item_vectors, answer_vector)
        margin = max(0.0, other_best - own_best)
        stems = item_stems(item)
        answer_stems = content_stems(answer.text)
        features = compute_features(matches, bool(item.key_points), reference_verdicts, item_vectors,
                                    item.question, answer.text, answer_vector, margin,
                                    answer_stems, stems.references)
        fits_own = any(m.covered for m in matches) or features.reference_entailment >= VERDICT_FLOOR
        flags = Flags(
            # Real students echo the question's words in right answers: restating it is a fault
            # only when nothing in the answer states what the question asks.
            restated_question=bool(features.question_similarity >= RESTATED_SIMILARITY
                                   and features.novelty < RESTATED_NOVELTY and not fits_own),
            # Only when the answer clearly fits another question *and* does not fit this one:
            # a file of related questions shares vocabulary, not answers.
            better_fit_question=(better_id if margin >= BETTER_FIT_MARGIN and other_best >= BETTER_FIT_FLOOR
                                 and own_best < BETTER_FIT_OWN_BELOW and not fits_own else None),
            non_answer=bool(is_non_answer(answer.text)
                            or looks_like_gibberish(answer.text, self.encoder.vocabulary)),
            # Brevity alone is no fault: "they are connected" is a whole right answer. Too short
            # means a word or two that say nothing the references or key points say, or a bare
            # term ("Variance.") that states nothing at all.
            too_short=bool(len(answer_stems) < TOO_SHORT_WORDS and not fits_own
                           and (not answer_stems & stems.all or features.function_words == 0)),
            # Only where a person wrote the key points: a derived one is a whole reference
            # sentence, which a partly right answer may not entail and still earn points. And
            # only for telegraphic text: in prose the judge's doubts are not proof of no claim
            # (it found none stated in two of the bank's own model answers), so the fit weighs them.
            no_claim=bool(item.key_points and not fits_own and features.telegraphic > 0),
        )
        if self.calibration is not None:
            fit = self.calibration[calibration_kind(item)]
            score = float(fit.predict(np.array(features.as_vector()))[0])
        else:
            score = uncalibrated_score(features)
        score = cap_for_flags(score, flags)
        closest = pending.closest[0]
        return ScoreResult(
            score=round(score, 1),
            key_points=matches,
            closest_reference=item.reference_answers[closest],
            flags=flags,
            features=features,
            raw_cosine=float(item_vectors.references[closest] @ answer_vector),
            truncated=answer.truncated,
        )

    def _better_fit(self, item: ScoringItem, vectors: ItemVectors,
                    answer_vector: np.ndarray) -> tuple[float, str | None, float]:
        own = float(np.max(np.concatenate([vectors.references @ answer_vector,
                                           vectors.key_points @ answer_vector])))
        if self.index is None:
            return own, None, 0.0
        scores, positions = top_k(self.index.searchable, answer_vector[None, :], 24)
        best = best_per_owner(scores[0], positions[0], self.index.owners)
        best.pop(item.id, None)
        if not best:
            return own, None, 0.0
        other_id = max(best, key=best.get)
        return own, other_id, best[other_id]


@dataclass
class _Prepared:
    text: str
    sentences: list[str]
    truncated: bool

    @property
    def texts(self) -> list[str]:
        # Only the sentences are encoded: the whole answer's vector is pooled from theirs, which
        # halves the encoder's work (the answer's tokens once, not twice).
        return self.sentences or [self.text]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _sentence_and_answer_vectors(answer: _Prepared, pooled: np.ndarray) -> np.ndarray:
    """Rows: each sentence's unit vector, then the whole answer's: the sentences' vectors averaged,
    weighted by their length, which approximates encoding the whole answer (without
    cross-sentence attention) at no extra cost."""
    if not answer.sentences:
        return _normalised(pooled)  # one text, the whole answer: no sentence rows
    weights = np.array([max(1, len(s.split())) for s in answer.sentences], dtype=np.float32)
    whole = (weights[:, None] * pooled).sum(axis=0) / weights.sum()
    return _normalised(np.vstack([pooled, whole[None, :]]))


def _prepare(answer: str) -> _Prepared:
    text = (answer or "").strip()
    truncated = len(text) > MAX_ANSWER_CHARS
    text = text[:MAX_ANSWER_CHARS]
    sentences = split_sentences(text)
    if len(sentences) == 1:
        sentences = []  # the whole answer already is its one sentence
    return _Prepared(text, sentences, truncated)
