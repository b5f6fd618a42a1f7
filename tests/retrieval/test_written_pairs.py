"""The pairs written for the judge name real questions and key points, and `make eval` can
tell the questions they are on."""

from __future__ import annotations

import json

from retrieval import bank_items
from retrieval.commands.evaluate import FAIR_BOUNDS
from retrieval.commands.train_judge import LABEL_NAMES, WRITTEN_DIR, written_questions
from retrieval.graded import load_graded
from tests.conftest import ROOT


def rows():
    for path in sorted((ROOT / WRITTEN_DIR).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            yield f"{path.name}:{number}", json.loads(line)


def test_every_row_names_a_question_key_point_and_label():
    items = {item.id: item for item in bank_items(ROOT / "data" / "questions")}
    problems = []
    for where, row in rows():
        item = items.get(row["question_id"])
        if item is None:
            problems.append(f"{where}: no question {row['question_id']}")
            continue
        count = len(item.effective_key_points)
        if row["label"] == "answer":
            named = set(row["entails"]) | set(row["contradicts"])
            if set(row["entails"]) & set(row["contradicts"]) or not named <= set(range(count)):
                problems.append(f"{where}: key point indices {sorted(named)} of {count}")
        elif row["label"] not in LABEL_NAMES or not 0 <= row["key_point"] < count:
            problems.append(f"{where}: label {row['label']!r}, key point {row['key_point']}")
        if not row["text"].strip():
            problems.append(f"{where}: empty text")
    assert not problems, "\n".join(problems)


def test_make_eval_tells_hard_kinds_on_questions_the_judge_had_pairs_for_from_the_rest():
    """The 2026-12 hard kinds are on questions the judge was trained on pairs for; `make eval`
    reports them apart from those on questions it never saw, which carry the target."""
    hard = {g.question_id for g in load_graded(ROOT / "data" / "graded") if g.category in FAIR_BOUNDS}
    written = {row["question_id"] for _, row in rows()}
    assert written_questions(ROOT / WRITTEN_DIR) == written
    assert hard - written and hard & written
