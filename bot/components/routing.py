"""Deciding whether a message is a command or an answer. Pure Python, no Rasa import.

While a question is open, a candidate's message is their answer unless it is *clearly* a command
or small talk. The classifier's intent is only trusted when the message is short, has no formula
or code in it, and is made of words that the intent's own training examples use (plus fillers).
So "skip" is a command but "skip connections ease gradient flow" is an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ANSWER = "answer"
EMPTY = "empty_message"
START = "start_interview"
# Not an intent: the words that name what to practise (topics and their other words, tracks,
# levels). A start request may use them freely, but they never make a message a command.
SUBJECT = "_subject"
COMMANDS = frozenset(
    {"hint", "repeat_question", "skip_question", "dont_know", "show_answer", "switch_track",
     "stop_interview", "help", "start_interview", "show_progress"}
)
SOCIAL = frozenset({"greet", "goodbye", "thank", "chitchat", "bot_challenge", "affirm", "deny"})
OUT_OF_SCOPE = "out_of_scope"
RASA_INTENTS = frozenset({"restart", "back", "session_start", "nlu_fallback", "out_of_scope"})
GUARDED = COMMANDS | SOCIAL | {OUT_OF_SCOPE}

MIN_CONFIDENCE = 0.5
MAX_COMMAND_WORDS = {"start_interview": 16, "switch_track": 12}
DEFAULT_MAX_WORDS = 10
LONG_MESSAGE_CHARS = 400

# Words any command may contain without changing what it asks for.
FILLERS = frozenset(
    """a an the i i'm im me my you your we us let let's lets please pls plz can could would will
    just ok okay now this that it one to for of on in and or so sorry um uh hey oh well right
    do does give get have want like need be is are am maybe actually really go again bit some any
    thanks thank kindly quick quickly little small another other think""".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CODE_OR_FORMULA = re.compile(r"[=`{}\[\]<>^*/\\|_+]|\d\s*[-x]\s*\d|\b(?:def|return|select|from)\b")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def stem(word: str) -> str:
    """Just enough to match 'hints' with 'hint' and 'skipping' with 'skip'."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


_FILLER_STEMS = frozenset(stem(w) for w in FILLERS)
_NUMBER_STEMS = frozenset(stem(w) for w in """one two three four five six seven eight nine ten
    eleven twelve fifteen twenty couple single none zero""".split())


@dataclass
class Vocabulary:
    """Words seen in each intent's training examples; learnt when the NLU model trains."""

    by_intent: dict[str, set[str]] = field(default_factory=dict)

    def add(self, intent: str, text: str) -> None:
        self.by_intent.setdefault(intent, set()).update(stems(text))

    def add_subject(self, text: str) -> None:
        self.by_intent.setdefault(SUBJECT, set()).update(stems(text))

    def technical(self) -> set[str]:
        """Words of answer examples that no command or small-talk example uses."""
        others = set().union(*(v for k, v in self.by_intent.items() if k not in (ANSWER, SUBJECT)),
                             _FILLER_STEMS)
        return self.by_intent.get(ANSWER, set()) - others


def route(text: str, intent: str | None, confidence: float, vocabulary: Vocabulary) -> str | None:
    """The intent to use instead of `intent`, or None to keep it."""
    if not text or not text.strip():
        return EMPTY
    if text.lstrip().startswith("/"):
        # A button payload: Rasa's own parser decides, but it leaves a payload naming no intent
        # it knows to the classifier's guess, which may take it for an answer: out of scope.
        named = re.match(r"/([A-Za-z0-9_]+)", text.lstrip())
        if named and named.group(1) not in vocabulary.by_intent and named.group(1) not in RASA_INTENTS:
            return OUT_OF_SCOPE
        return None
    if intent not in GUARDED:
        return None
    return None if _clearly(intent, text, confidence, vocabulary) else ANSWER


def _clearly(intent: str, text: str, confidence: float, vocabulary: Vocabulary) -> bool:
    tokens = stems(text)
    if not tokens or confidence < MIN_CONFIDENCE or len(text) > LONG_MESSAGE_CHARS:
        return False
    if len(tokens) > MAX_COMMAND_WORDS.get(intent, DEFAULT_MAX_WORDS):
        return False
    if intent != "start_interview" and _CODE_OR_FORMULA.search(text.lower()):
        return False
    technical = vocabulary.technical()
    if intent == OUT_OF_SCOPE:
        # Off-topic requests are open-ended: trust them unless they use technical words.
        return not any(t in technical for t in tokens)
    known = vocabulary.by_intent.get(intent, set()) | _FILLER_STEMS
    # A command names itself: "one", "2" or "none" alone is an answer, never a count or a command;
    # "gradient descent" alone is an answer, "quiz me on gradient descent" a start.
    own = known - _FILLER_STEMS - _NUMBER_STEMS
    if not any(t in own and not t.isdigit() for t in tokens):
        return False
    if intent == START:
        known = known | vocabulary.by_intent.get(SUBJECT, set())
    unknown = [t for t in tokens if t not in known and not t.isdigit()]
    # One everyday word the examples lack ("skip that one please") is fine in a sentence; in one
    # or two words it is not ("stop words" is an answer), and a technical word never is.
    allowed = 0 if len(tokens) <= 2 else 1 if len(tokens) <= 6 else 2
    return len(unknown) <= allowed and not any(t in technical for t in unknown)
