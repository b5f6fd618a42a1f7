"""Synthetic training pairs for the judge, built from the bank's own key points.

A bi-encoder barely moves when a claim is turned round, so the judge learns it from pairs in
which it is: two terms swapped, a comparative reversed, cause and effect exchanged, the claim
negated (as factual-consistency checkers such as FactCC are trained). Keyword lists, the
question itself and a sibling key point give the "neither" side. Pure functions of text and a
seeded random generator.
"""

from __future__ import annotations

import random
import re

from retrieval.text import STOPWORDS, words

# Pairs whose swap flips a statement's meaning while barely moving its embedding.
_ANTONYMS = [
    ("increase", "decrease"), ("increases", "decreases"), ("increasing", "decreasing"),
    ("higher", "lower"), ("more", "less"), ("larger", "smaller"), ("large", "small"),
    ("biased", "unbiased"), ("convex", "nonconvex"), ("always", "never"), ("before", "after"),
    ("overfitting", "underfitting"), ("overfit", "underfit"), ("independent", "dependent"),
    ("positive", "negative"), ("maximise", "minimise"), ("maximize", "minimize"),
    ("maximum", "minimum"), ("reduces", "raises"), ("reduce", "raise"), ("faster", "slower"),
    ("true", "false"), ("sufficient", "insufficient"), ("correlated", "uncorrelated"),
    ("sparse", "dense"), ("linear", "nonlinear"), ("parallel", "sequential"), ("rows", "columns"),
    ("left", "right"), ("upper", "lower"), ("wider", "narrower"), ("stateless", "stateful"),
    ("online", "offline"), ("lazy", "eager"), ("symmetric", "asymmetric"), ("add", "subtract"),
    ("reduces", "increases"), ("reduce", "increase"), ("lowers", "raises"), ("lower", "raise"),
]
ANTONYMS: dict[str, set[str]] = {}
for _a, _b in _ANTONYMS:
    ANTONYMS.setdefault(_a, set()).add(_b)
    ANTONYMS.setdefault(_b, set()).add(_a)


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\S")
_CAUSAL = re.compile(r"^(.*?)\s*,?\s+\b(because|since|so that|which causes|which means|leads to|"
                     r"causes|makes)\b\s+(.*)$", re.I)
_COPULA = re.compile(r"\b(is|are|does|do|can|will|has|have|must|should)\b", re.I)


def _content_positions(tokens: list[str]) -> list[int]:
    return [i for i, t in enumerate(tokens)
            if t[0].isalpha() and t.lower() not in STOPWORDS and len(t) > 3]


def _join(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r"\s+([,.;:!?)])", r"\1", re.sub(r"([(])\s+", r"\1", text))


def swap_terms(text: str, rng: random.Random) -> str | None:
    """Exchange two content words far enough apart to change who does what to whom."""
    tokens = _TOKEN.findall(text)
    positions = _content_positions(tokens)
    pairs = [(a, b) for a in positions for b in positions
             if b - a >= 3 and tokens[a].lower() != tokens[b].lower()]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    tokens[a], tokens[b] = tokens[b], tokens[a]
    return _join(tokens)


def reverse_comparative(text: str, rng: random.Random) -> str | None:
    """Replace a word with its antonym: increases -> decreases, higher -> lower."""
    tokens = _TOKEN.findall(text)
    candidates = [i for i, t in enumerate(tokens) if t.lower() in ANTONYMS]
    if not candidates:
        return None
    i = rng.choice(candidates)
    replacement = sorted(ANTONYMS[tokens[i].lower()])[0]
    tokens[i] = replacement.capitalize() if tokens[i][0].isupper() else replacement
    return _join(tokens)


def exchange_cause(text: str) -> str | None:
    """'A because B' -> 'B because A'."""
    match = _CAUSAL.match(text.strip().rstrip("."))
    if not match or len(match.group(1).split()) < 2 or len(match.group(3).split()) < 2:
        return None
    first, link, second = match.groups()
    return f"{second[0].upper()}{second[1:]} {link.lower()} {first[0].lower()}{first[1:]}."


def negate(text: str) -> str | None:
    """Insert 'not' after the first auxiliary verb: 'X is unbiased' -> 'X is not unbiased'."""
    match = _COPULA.search(text)
    if not match:
        return None
    return text[: match.end()] + " not" + text[match.end():]


def keyword_list(text: str, rng: random.Random) -> str | None:
    """The point's content words with no claim: what a candidate who only knows the terms types."""
    terms = list(dict.fromkeys(w for w in words(text) if w not in STOPWORDS and len(w) > 2))
    if len(terms) < 3:
        return None
    rng.shuffle(terms)
    terms = terms[: rng.randint(3, min(8, len(terms)))]
    separator = rng.choice([", ", "; ", ", ", " - "])
    return separator.join(terms) + rng.choice(["", ".", "..."])



_LIST_HEADERS = ["", "", "Key terms: ", "Keywords: ", "Main ideas: ", "Glossary: ", "Things to mention: ",
                 "So basically - ", "Relevant concepts: "]
_LIST_FILLERS = ["important", "key idea", "all about", "depends on", "etc.", "->", "trade-offs",
                 "in practice", "matters", "basically"]


def term_phrases(text: str) -> list[str]:
    """Runs of consecutive content words ("inverted dropout", "held-out fold"), in their case,
    each cut to its first two words."""
    phrases, run = [], []
    for token in _TOKEN.findall(text) + ["."]:
        if token[0].isalnum() and token.lower() not in STOPWORDS:
            run.append(token)
        else:
            if run and len(" ".join(run)) > 2:
                # Two words at most: a longer run ("inverted dropout scales") reads as a claim.
                phrases.append(" ".join(run[:2]))
            run = []
    return list(dict.fromkeys(phrases))


def long_term_list(texts: list[str], rng: random.Random) -> str | None:
    """A long keyword list from several texts (a question's key points and references): a
    header, eight to thirty of their terms in random order, some filler, and no claim. The
    judge learnt "neither" from a few terms of one key point and still read long lists of a
    whole answer's vocabulary as entailing it."""
    phrases = list(dict.fromkeys(p for t in texts for p in term_phrases(t)))
    if len(phrases) < 8:
        return None
    rng.shuffle(phrases)
    chosen = phrases[: rng.randint(8, min(30, len(phrases)))]
    out = []
    for phrase in chosen:
        out.append(phrase)
        if rng.random() < 0.15:
            out.append(rng.choice(_LIST_FILLERS))
    separator = rng.choice([", ", "; ", ", ", " / ", "\n- "])
    return rng.choice(_LIST_HEADERS) + separator.join(out) + rng.choice(["", ".", "..."])


# Terms that play opposite roles in ML claims: exchanging them is the fluent wrong answer
# ("boosting trains in parallel", "the model trains on one fold and is tested on k-1").
ROLE_PAIRS = [
    ("train", "test"), ("trains", "tests"), ("training", "testing"), ("trained", "tested"),
    ("input", "output"), ("encoder", "decoder"), ("numerator", "denominator"),
    ("precision", "recall"), ("bias", "variance"), ("l1", "l2"), ("mean", "median"),
    ("forward", "backward"), ("prior", "posterior"), ("null", "alternative"), ("row", "column"),
    ("batch", "online"), ("bagging", "boosting"), ("parallel", "sequentially"),
    ("first", "last"), ("numerical", "categorical"), ("false positives", "false negatives"),
    ("type i", "type ii"), ("sensitivity", "specificity"), ("read", "write"),
    ("client", "server"), ("cpu", "gpu"), ("latency", "throughput"), ("local", "global"),
    ("concave", "convex"), ("overfitting", "underfitting"), ("rows", "columns"),
]


def _exchange(text: str, a: str, b: str) -> str:
    pattern = re.compile(rf"\b({re.escape(a)}|{re.escape(b)})\b", re.I)

    def other(match: re.Match) -> str:
        word = match.group(0)
        replacement = b if word.lower() == a else a
        return replacement.capitalize() if word[0].isupper() else replacement

    return pattern.sub(other, text)


def swap_roles(text: str, terms: list[str], rng: random.Random) -> str | None:
    """Exchange two terms everywhere in the text: a role pair, or two of the question's own
    terms (bagging and boosting in "how does bagging differ from boosting?")."""
    lowered = text.lower()
    present = lambda t: re.search(rf"\b{re.escape(t)}\b", lowered) is not None  # noqa: E731
    pairs = [(a, b) for a, b in ROLE_PAIRS if present(a) or present(b)]
    own = [t for t in dict.fromkeys(terms) if present(t)]
    pairs += [(a, b) for i, a in enumerate(own) for b in own[i + 1 :]]
    if not pairs:
        return None
    swapped = _exchange(text, *rng.choice(pairs))
    return swapped if swapped != text else None


def swaps_against(point: str, text: str, terms: list[str]) -> list[str]:
    """The point with two roles exchanged, for each pair (a role pair, or two of the question's
    terms) that the text itself names both of. Where the text binds a claim to one party and
    says something of the other, the exchanged point is what it contradicts: "BFS uses a stack"
    against "BFS explores with a queue, DFS with a stack". A text that never names the other
    party gives no such pair, since of it the exchanged point says nothing."""
    lowered_point, lowered_text = point.lower(), text.lower()
    present = lambda t, s: re.search(rf"\b{re.escape(t)}\b", s) is not None  # noqa: E731
    own = list(dict.fromkeys(terms))
    pairs = list(ROLE_PAIRS) + [(a, b) for i, a in enumerate(own) for b in own[i + 1 :]]
    swapped = []
    for a, b in pairs:
        if (present(a, lowered_text) and present(b, lowered_text)
                and (present(a, lowered_point) or present(b, lowered_point))):
            exchanged = _exchange(point, a, b)
            if exchanged != point and exchanged not in swapped:
                swapped.append(exchanged)
    return swapped


def question_terms(question: str) -> list[str]:
    """The question's content words: the entities an answer must not mix up."""
    return [w for w in words(question) if w not in STOPWORDS and len(w) > 3
            and w not in {"what", "explain", "describe", "would", "when", "which", "difference",
                          "between", "differ", "does", "how", "why", "give", "example"}]


def contradictions(text: str, rng: random.Random, terms: list[str] = ()) -> list[str]:
    """Every perturbation that applies, each a fluent statement of the opposite claim."""
    # A random swap of two words is often nonsense rather than the opposite claim: it serves
    # only where no role pair applies.
    found = [swap_roles(text, list(terms), rng) or swap_terms(text, rng),
             reverse_comparative(text, rng), exchange_cause(text), negate(text)]
    return [f for f in found if f and f.strip() != text.strip()]
