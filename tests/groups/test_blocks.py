"""Block Kit for the payload contract and the question of the day."""

from __future__ import annotations

from groups import blocks


def _texts(message):
    found = [message["text"]]

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                found.append(value) if key == "text" and isinstance(value, str) else walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message["blocks"])
    return "\n".join(found)


def test_a_question_has_its_label_its_text_and_the_command_buttons():
    message = blocks.bot_message(
        "Question 2 of 5 (statistics, testing, mid): What is a p-value?",
        {"type": "question", "track": "statistics", "topic": "testing", "difficulty": "mid",
         "number": 2, "total": 5, "follow_up": False})
    assert message["text"].startswith("Question 2 of 5")
    kinds = [b["type"] for b in message["blocks"]]
    assert kinds == ["context", "section", "actions"]
    assert message["blocks"][1]["text"]["text"] == "What is a p-value?"
    assert [e["value"] for e in message["blocks"][2]["elements"]] == [p for _, p in blocks.QUESTION_BUTTONS]


def test_feedback_marks_covered_missed_and_contradicted_and_folds_the_model_answer():
    payload = {"type": "feedback", "score": 3.5, "max_score": 5.0, "covered": ["a <b> & c"],
               "missed": ["d", "e"], "contradicted": ["e"], "model_answer": "the answer"}
    text = "Score: 3.5 / 5.0\nThat's too short to judge well.\nCovered:\n  + a"
    message = blocks.bot_message(text, payload)
    text = _texts(message)
    assert "▰▰▰▰" in text and "✓ a &lt;b&gt; &amp; c" in text and "✗ d" in text and "⚠ e" in text
    assert "✗ e" not in text, "a contradicted point is listed once, as contradicted"
    assert "too short" in text
    assert message["blocks"][-1]["type"] == "context" and "the answer" in _texts({"text": "", "blocks": [
        message["blocks"][-1]]})


def test_the_summary_is_a_table_and_buttons_follow_it():
    payload = {"type": "summary", "score": 6.0, "max_score": 10.0, "questions": 2,
               "per_track": {"statistics": {"score": 6.0, "max_score": 10.0,
                                            "topics": {"testing": {"score": 6.0, "max_score": 10.0}}}}}
    message = blocks.bot_message("Interview summary...\nWhat to study next:\n  - testing", payload,
                                 [("Go again", "/start_interview")])
    text = _texts(message)
    assert "```" in text and "testing" in text and "6.0 / 10.0" in text and "What to study next" in text
    assert message["blocks"][-1]["type"] == "actions"


def test_the_reveal_ranks_members_and_shows_each_key_points_share():
    question = {"id": "q", "question": "Q?", "track": "t", "topic": "x", "difficulty": "mid"}
    message = blocks.qotd_reveal(question,
                                 "model", ["kp one", "kp two"],
                                 [{"member": "U1", "score": 4.0}, {"member": "U2", "score": 1.0}], [1.0, 0.5])
    text = _texts(message)
    assert text.index("<@U1>") < text.index("<@U2>")
    assert "100%  kp one" in text and "50%  kp two" in text


def test_long_texts_stay_within_slacks_section_limit():
    message = blocks.bot_message("x" * 10_000)
    assert len(message["blocks"][0]["text"]["text"]) <= blocks.SECTION_LIMIT
