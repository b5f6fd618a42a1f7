import pytest

from retrieval.text import is_non_answer, split_sentences


@pytest.mark.parametrize("text", ["I don't know.", "Honestly I have no clue.", "sorry, no idea",
                                  "hmm not sure about this one", "idk", "???", "   "])
def test_non_answers(text):
    assert is_non_answer(text)


@pytest.mark.parametrize("text", ["I don't know the exact constant, but the error shrinks like 1/sqrt(n).",
                                  "Not sure, but bagging reduces variance.", "pass the gradient back",
                                  "No, correlation does not imply causation."])
def test_hedged_answers_are_answers(text):
    assert not is_non_answer(text)


def test_sentences_list_items_and_code_blocks():
    text = "First point. Second point!\n- a list item\n1) numbered\n```python\nx = 1\ny = 2\n```"
    assert split_sentences(text) == ["First point.", "Second point!", "a list item", "numbered",
                                     "python\nx = 1\ny = 2"]
