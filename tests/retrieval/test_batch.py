"""`make score`: ad-hoc questions in, scored lines out; bad lines reported and skipped."""

from __future__ import annotations

import json
from argparse import Namespace

from retrieval.commands.batch import run
from retrieval.judge import WEIGHTS_DIR
from tests.known_gaps import JUDGE_DOUBTS_PARAPHRASES

GOOD = {"question": "What does a p-value mean?",
        "reference_answer": ["The p-value is the probability, assuming the null hypothesis is true, "
                             "of a result at least as extreme as the one observed."],
        "student_answer": "Assuming the null is true, it is the chance of data at least as extreme as ours.",
        "student": "ana"}
OTHER = {"question": "How does bagging differ from boosting?",
         "reference_answer": "Bagging averages models trained in parallel on bootstrap samples to "
                             "reduce variance; boosting trains models sequentially to reduce bias.",
         "key_points": ["Bagging trains models in parallel on bootstrap samples",
                        {"text": "Boosting trains models sequentially", "weight": 2}],
         "student_answer": "I don't know"}


def run_on(tmp_path, lines: list[str], capsys):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n")
    code = run(Namespace(input=source, output=target, backend="onnx-int8",
                         index=tmp_path / "no-index", weights=WEIGHTS_DIR))
    rows = [json.loads(line) for line in target.read_text().splitlines()] if target.exists() else []
    return code, rows, capsys.readouterr().err


def test_scores_lines_and_passes_other_fields_through(tmp_path, capsys):
    code, rows, _ = run_on(tmp_path, [json.dumps(GOOD), json.dumps(OTHER)], capsys)
    assert code == 0 and len(rows) == 2
    assert rows[0]["student"] == "ana" and rows[0]["predicted_score"] >= 3.0
    assert rows[1]["predicted_score"] == 0.0 and rows[1]["flags"]["non_answer"]
    assert {"covered", "missed", "closest_reference"} <= set(rows[0])
    assert [m["key_point"] for m in rows[1]["missed"]][1] == "Boosting trains models sequentially"


def test_malformed_lines_are_reported_by_number_and_skipped(tmp_path, capsys):
    lines = [json.dumps(GOOD), "{broken", json.dumps({"question": "q?"}),
             json.dumps({**GOOD, "key_points": [{"text": ""}]}), json.dumps(OTHER)]
    code, rows, errors = run_on(tmp_path, lines, capsys)
    assert code == 0 and len(rows) == 2
    assert "in.jsonl:2: not valid JSON" in errors
    assert "in.jsonl:3: missing field 'reference_answer'" in errors
    assert "in.jsonl:4: key point 1" in errors
    assert "3 line(s) skipped" in errors


def test_a_missing_input_file_is_a_clear_error(tmp_path, capsys):
    code = run(Namespace(input=tmp_path / "none.jsonl", output=tmp_path / "o.jsonl",
                         backend="onnx-int8", index=tmp_path, weights=WEIGHTS_DIR))
    assert code == 2 and "no such input file" in capsys.readouterr().err


def related_lines() -> list[str]:
    """Five questions of one bank topic, each answered with its second reference answer."""
    from pathlib import Path

    from questionbank import load_bank

    bank = [q for q in load_bank(Path(__file__).resolve().parents[2] / "data" / "questions")
            if q.topic == "hypothesis testing"][:5]
    return [json.dumps({"question": q.question, "reference_answer": q.reference_answers[0],
                        "student_answer": q.reference_answers[1]}) for q in bank]


def test_related_questions_in_one_file_do_not_flag_right_answers(tmp_path, capsys):
    """Related questions share vocabulary, not answers: a right answer to each must not be sent
    to its neighbour as 'fits another question better'."""
    code, rows, _ = run_on(tmp_path, related_lines(), capsys)
    assert code == 0 and len(rows) == 5
    assert not [r for r in rows if r["flags"]["better_fit_question"]]


@JUDGE_DOUBTS_PARAPHRASES
def test_a_complete_answer_in_a_file_scores_well(tmp_path, capsys):
    _, rows, _ = run_on(tmp_path, related_lines(), capsys)
    assert all(r["predicted_score"] >= 3.5 for r in rows)
