"""Who does what: a key point's claim pinned on the other party of a comparison.

"Boosting trains its models in parallel; bagging builds them sequentially" uses every word of
"Bagging trains models independently on bootstrap samples", so the bi-encoder and the judge read
it as covered. A grader reads it as the wrong way round. For a question that compares parties it
names side by side ("bagging and boosting", "the standard deviation and the standard error"),
each claim of a key point about one party ("BFS uses a queue, while DFS uses a stack" holds two)
is checked against the clause of the answer that states it best: when that clause's subject is
another party, and no clause states the claim of the right one, the point is crossed.

Pure functions of text, no model. Questions that name no parties side by side get no check.
The rule was written while reading bank answers, graded ones among them (README, figures).
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


def _leading_stems(text: str, count: int = 2) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1][:count]


def party_of(point: str, parties_: frozenset[str]) -> str | None:
    """The party a key point (or a part of one) is about: its first or second content word
    ("The standard error is ..." is about the error, where the deviation is the other party)."""
    return next((s for s in _leading_stems(point) if s in parties_), None)


@lru_cache(maxsize=4096)
def parties(question: str, key_points: tuple[str, ...]) -> frozenset[str]:
    """The parties a question compares: what its key points are about, where the question names
    them side by side ("bagging and boosting", "the standard deviation and the standard error",
    "sigmoid, ReLU and GELU"). Empty for other questions."""
    asked = role_terms(question)
    leads = [_leading_stems(part) for point in key_points for part in _segments_by_lead(point, asked)]
    subjects = set()
    for lead in leads:
        if not lead:
            continue
        # Two parties that open with the same word are told apart by the next one, when the
        # question names both ("standard deviation", "standard error").
        shared = [other for other in leads if other[:1] == lead[:1] and other != lead]
        if shared and lead[1:] and all(o[1:] and o[1] in asked for o in shared + [lead]):
            subjects.add(lead[1])
        else:
            subjects.add(lead[0])
    subjects &= asked
    tokens = [t.lower() for t in _TOKEN.findall(question)]
    named = [(i, stem(t)) for i, t in enumerate(tokens) if stem(t) in subjects]
    found: set[str] = set()
    # Words next to a name are its modifiers or head ("Docker image", "canary releases").
    beside = {tokens[k] for i, _ in named for k in (i - 1, i + 1) if 0 <= k < len(tokens)}
    for (i, a), (j, b) in zip(named, named[1:]):
        between = tokens[i + 1 : j]
        # Side by side: a join, and nothing else but small words and the names' own modifiers
        # ("a Docker image and a Docker container", "shadow deployments, canary releases").
        if (a != b and len(between) <= COORDINATED_WITHIN and _JOINS & set(between)
                and all(t in _JOINS or t in STOPWORDS or t in beside for t in between)):
            found |= {a, b}
    return frozenset(found) if len(found) >= 2 else frozenset()


def _segments_by_lead(point: str, names: set[str] | frozenset[str]) -> list[str]:
    """A key point split where its clauses turn to another name: "BFS uses a queue ..., while
    DFS uses a stack" is two claims, one per party."""
    parts = [c for c in _CLAUSE.split(point) if c and c.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and not (set(_leading_stems(part)) & set(names)):
            merged[-1] += " " + part  # a clause about no new party continues the last
        else:
            merged.append(part)
    return merged


@lru_cache(maxsize=256)
def _clauses(answer: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """Each clause's word stems, with whether it opens its sentence: split once per answer, not
    once per key point."""
    out = []
    for sentence in split_sentences(answer) or [answer]:
        if "\n" in sentence:
            continue  # a code block: its names are identifiers, not the subjects of claims
        parts = [c for c in _CLAUSE.split(sentence) if c and c.strip()]
        out += [(tuple(stem(w) for w in words(clause)), i == 0) for i, clause in enumerate(parts)]
    return tuple(out)


def crossed(point: str, answer: str, compared: frozenset[str], question: str = "") -> bool:
    """True when the answer states one of the point's claims of another party and nowhere of
    the right one."""
    asked = role_terms(question) | compared
    return any(_claim_crossed(part, answer, compared, asked) for part in _segments_by_lead(point, compared))


def _claim_crossed(claim_text: str, answer: str, compared: frozenset[str], asked: set[str]) -> bool:
    subject = party_of(claim_text, compared)
    if subject is None:
        return False
    # The claim is what is said of the party, less the names the question gives (a party's
    # own words, "standard" in "standard error", are no evidence of the claim).
    claim = content_stems(claim_text) - asked
    need = max(MIN_SHARED, MIN_SHARE * len(claim))
    if len(claim) < MIN_SHARED:
        return False
    best, best_subjects, with_subject = 0, frozenset(), 0
    carried: frozenset[str] = frozenset()
    for stems, opens in _clauses(answer):
        if opens:
            carried = frozenset()
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
