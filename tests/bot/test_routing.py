"""The answer guard's decision (pure Python, no Rasa): commands only when clearly commands."""

import pytest

from bot.components.routing import ANSWER, EMPTY, OUT_OF_SCOPE, Vocabulary, route

VOCABULARY = Vocabulary()
for intent, examples in {
    "skip_question": ["skip", "skip this question", "next question please", "move on"],
    "stop_interview": ["stop", "stop the interview", "end the interview", "i'm done"],
    "hint": ["hint", "give me a hint", "can i get a hint", "a clue please"],
    "start_interview": ["start an interview", "quiz me on statistics"],
    "chitchat": ["how are you", "what's your name"],
    "out_of_scope": ["what's the weather", "order me a pizza"],
    "answer": ["skip connections ease gradient flow", "stop words are removed before tf-idf",
               "gradient descent minimises the loss", "the variance measures spread"],
}.items():
    for example in examples:
        VOCABULARY.add(intent, example)


@pytest.mark.parametrize("text, intent", [
    ("skip", "skip_question"), ("skip this one please", "skip_question"),
    ("stop the interview", "stop_interview"), ("can I get a hint?", "hint"),
    ("any hints?", "hint"), ("how are you", "chitchat"), ("what's the weather like", "out_of_scope"),
])
def test_clear_commands_and_small_talk_are_kept(text, intent):
    assert route(text, intent, 0.9, VOCABULARY) is None


@pytest.mark.parametrize("text, intent", [
    ("skip connections", "skip_question"),
    ("stop words", "stop_interview"),
    ("Skip connections let gradients flow past layers in deep networks.", "skip_question"),
    ("stop = loss_val > best_loss", "stop_interview"),
    ("```python\nnext(iter(loader))\n```", "skip_question"),
    ("hint: the gradient of the variance", "hint"),
    ("what's the variance of a weather forecast error", "out_of_scope"),
    ("skip " * 20, "skip_question"),
])
def test_technical_or_long_messages_become_answers(text, intent):
    assert route(text, intent, 0.95, VOCABULARY) == ANSWER


def test_low_confidence_commands_become_answers():
    assert route("skip", "skip_question", 0.3, VOCABULARY) == ANSWER


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_messages_get_their_own_intent(text):
    assert route(text, "answer", 1.0, VOCABULARY) == EMPTY


def test_button_payloads_and_answers_pass_through():
    assert route('/start_interview{"track":"statistics"}', "start_interview", 1.0, VOCABULARY) is None
    assert route('/start_interview{"track": broken', "answer", 0.6, VOCABULARY) is None
    assert route("/restart", "answer", 0.6, VOCABULARY) is None
    assert route("the variance measures spread", "answer", 0.9, VOCABULARY) is None


@pytest.mark.parametrize("text", ["/no_such_intent", '/no_such_intent{"x": 1}', "/drop_table"])
def test_a_payload_naming_no_known_intent_is_out_of_scope_not_an_answer(text):
    assert route(text, "answer", 0.7, VOCABULARY) == OUT_OF_SCOPE


@pytest.mark.parametrize("text, intent", [("one", "start_interview"), ("3", "start_interview"),
                                          ("none", "dont_know"), ("two", "skip_question")])
def test_a_bare_number_or_none_is_an_answer_not_a_command(text, intent):
    assert route(text, intent, 0.95, VOCABULARY) == ANSWER


def test_a_start_may_name_a_topic_but_a_topic_alone_is_an_answer():
    vocabulary = Vocabulary({k: set(v) for k, v in VOCABULARY.by_intent.items()})
    for words in ("gradient descent", "variance", "statistics"):
        vocabulary.add_subject(words)
    assert route("quiz me on gradient descent", "start_interview", 0.9, VOCABULARY) == ANSWER
    assert route("quiz me on gradient descent", "start_interview", 0.9, vocabulary) is None
    assert route("gradient descent", "start_interview", 0.9, vocabulary) == ANSWER
    assert route("skip gradient descent", "skip_question", 0.9, vocabulary) == ANSWER
    assert "gradient" in vocabulary.technical(), "subject words stay technical for other commands"
