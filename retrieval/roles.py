"""Who does what: a key point's claim pinned on the other party of a comparison.

"Boosting trains its models in parallel; bagging builds them sequentially" uses every word of
"Bagging trains models independently on bootstrap samples", so the bi-encoder and the judge read
it as covered. A grader reads it as the wrong way round. For a question that compares named
parties ("bagging and boosting", "precision, recall and F1"), a key point whose subject is one
party is checked against the clause of the answer that states its claim best: when that clause's
subject is another party, and no clause states the claim of the right one, the point is crossed.

Pure functions of text, no model. Questions that name no coordinated parties get no check.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.text import STOPWORDS, content_stems, role_terms, split_sentences, stem, words

# Where one party's claim ends and another's may begin, inside a sentence.
_CLAUSE = re.compile(
    r";\s+|,?\s+and\s+(?=(?:the|a|an|its|their)\s)"
    r"|,?\s+(?=\b(?:while|whereas|but|unlike|in contrast|on the other hand|instead)\b)", re.I)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|,", re.I)
_JOINS = frozenset({"and", "or", "vs", "versus", "than", ","})
COORDINATED_WITHIN = 4  # words between two parties named in one list of the question
MIN_SHARED = 2  # content words a clause must share with the claim to state it...
MIN_SHARE = 0.4  # ... and this share of the claim's content words


def first_stem(text: str) -> str | None:
    return next((stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1), None)


@lru_cache(maxsize=4096)
def parties(question: str, key_points: tuple[str, ...]) -> frozenset[str]:
    """The parties a question compares: the subjects of its key points that the question names
    side by side ("bagging and boosting", "sigmoid, ReLU and GELU"). Empty for other questions."""
    subjects = {first_stem(point) for point in key_points} & role_terms(question)
    tokens = [t.lower() for t in _TOKEN.findall(question)]
    named = [(i, stem(t)) for i, t in enumerate(tokens) if stem(t) in subjects]
    found: set[str] = set()
    for (i, a), (j, b) in zip(named, named[1:]):
        between = tokens[i + 1 : j]
        if a != b and len(between) <= COORDINATED_WITHIN and _JOINS & set(between):
            found |= {a, b}
    return frozenset(found) if len(found) >= 2 else frozenset()


def _clauses(answer: str) -> list[tuple[str, bool]]:
    """Clauses, each with whether it opens its sentence."""
    out = []
    for sentence in split_sentences(answer) or [answer]:
        parts = [c for c in _CLAUSE.split(sentence) if c and c.strip()]
        out += [(clause, i == 0) for i, clause in enumerate(parts)]
    return out


def crossed(point: str, answer: str, compared: frozenset[str]) -> bool:
    """True when the answer states the point's claim of another party and nowhere of its own."""
    subject = first_stem(point)
    if subject not in compared or {stem(w) for w in words(point)} & compared != {subject}:
        return False  # not about exactly one compared party
    claim = content_stems(point) - compared
    need = max(MIN_SHARED, MIN_SHARE * len(claim))
    if len(claim) < MIN_SHARED:
        return False
    best, best_subjects, with_subject = 0, frozenset(), 0
    carried: frozenset[str] = frozenset()
    for clause, opens in _clauses(answer):
        if opens:
            carried = frozenset()
        stems = [stem(w) for w in words(clause)]
        hits = [i for i, s in enumerate(stems) if s in claim]
        # The parties named before the claim's first word are its subject: "less dense than
        # water" names water as the object. A clause naming none continues the last one's.
        subjects = frozenset(s for s in (stems[: hits[0]] if hits else stems) if s in compared)
        carried = subjects or carried
        shared = len(claim & set(stems))
        if subject in carried:
            with_subject = max(with_subject, shared)
        if shared > best:
            best, best_subjects = shared, carried
    return bool(best >= need and best_subjects and subject not in best_subjects and with_subject < need)
