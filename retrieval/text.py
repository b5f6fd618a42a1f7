"""Text helpers for scoring: sentence splitting, content words, non-answers. No model here."""

from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+\s*(?:[-*\u2022]|\d+[.)])?\s*")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CODE_FENCE = re.compile(r"```.*?```", re.S)

# Small, fixed English stop list: enough to compare content words, no download needed.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    yours one two use used using get gets like well way make makes thing things e g eg ie i.e
    etc basically actually really think maybe so yeah ok okay um uh""".split()
)

_NON_ANSWER_CORE = (
    r"i\s+(?:really\s+|honestly\s+|just\s+)?(?:do\s*n[o']?t|dont|do\s+not|can'?t|cannot)\s+"
    r"(?:know|remember|recall|say|answer)"
    r"|i\s+(?:have|'ve|ve)\s+(?:got\s+)?no\s+(?:idea|clue)|no\s+(?:idea|clue)|(?:i'?m\s+)?not\s+sure"
    r"|i\s+forgot|dunno|idk|pass|skip|no\s+comment|n/?a|\?+|\.+|-+"
)
# The whole message is a non-answer: "I don't know", "Honestly, no idea about this one, sorry".
NON_ANSWER = re.compile(
    r"^\s*(?:(?:honestly|sorry|um+|uh+|hmm+|well|ok|okay)[\s,.!]*)*(?:" + _NON_ANSWER_CORE + r")"
    r"(?:\s+(?:about\s+)?(?:this|that|it)(?:\s+one)?|\s+the\s+answer|\s+at\s+all)?"
    r"[\s.!?,]*(?:sorry|,?\s*sorry)?[\s.!?]*$",
    re.I,
)


def split_sentences(text: str, max_sentences: int = 40) -> list[str]:
    """Sentences and list items of an answer; code blocks stay whole (a grader reads them so)."""
    blocks = []
    last = 0
    for fence in _CODE_FENCE.finditer(text):
        blocks += _split_prose(text[last : fence.start()])
        blocks.append(fence.group(0).strip("`").strip())
        last = fence.end()
    blocks += _split_prose(text[last:])
    return [b for b in blocks if b][:max_sentences]


def _split_prose(text: str) -> list[str]:
    return [s.strip(" -*\u2022\t") for s in _SENTENCE.split(text) if s and s.strip(" -*\u2022\t")]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper: enough to match 'normalises' with 'normalisation'."""
    for suffix in ("isations", "izations", "isation", "ization", "ations", "ation", "ings", "ing",
                   "ities", "ity", "ness", "ments", "ment", "ises", "izes", "ised", "ized", "ise",
                   "ize", "ies", "ied", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _is_content(word: str) -> bool:
    return word not in STOPWORDS and len(word) > 1


def content_stems(text: str) -> set[str]:
    return {stem(w) for w in words(text) if _is_content(w)}


def is_non_answer(text: str) -> bool:
    return bool(NON_ANSWER.match(text.strip())) or not words(text)


def looks_like_gibberish(text: str, vocabulary: frozenset[str] | None) -> bool:
    """Mostly tokens no dictionary knows (keyboard mashing), judged against the model's vocab."""
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,6}s?\b", text)}
    tokens = [w for w in words(text) if not w.isdigit() and w not in acronyms]
    if len(tokens) < 3 or vocabulary is None:
        return False
    known = sum(1 for w in tokens if w in vocabulary or stem(w) in vocabulary)
    return known / len(tokens) < 0.5


# Words of a question that name no party: "what is the difference between bagging and boosting?"
_QUESTION_WORDS = frozenset(stem(w) for w in """what explain describe would when which difference
    between differ does how why give example compare contrast name state main key role work""".split())


def role_terms(question: str) -> set[str]:
    """The parties a question is about (bagging, boosting): content stems of the question."""
    return content_stems(question) - _QUESTION_WORDS
