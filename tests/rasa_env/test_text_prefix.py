"""NLU reads the start of a message only, and the answer keeps its whole text: why a 100 kB answer
cannot hold other conversations (tokenising all of it on the event loop did, for 33 s)."""

from __future__ import annotations

from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.text_prefix import FULL_TEXT, NLU_CHARS, TextPrefix


def test_a_long_message_reaches_nlu_as_its_prefix_and_keeps_its_whole_text():
    huge = "The variance is the mean squared deviation from the mean. " * 2000
    short = "The p-value assumes the null hypothesis is true."
    long_message, short_message = Message(data={TEXT: huge}), Message(data={TEXT: short})
    TextPrefix().process([long_message, short_message])
    assert long_message.get(TEXT) == huge[:NLU_CHARS] and long_message.get(FULL_TEXT) == huge
    assert short_message.get(TEXT) == short and short_message.get(FULL_TEXT) is None
