"""The public short-answer sets (SemEval-2013 Task 7: Beetle, SciEntsBank), read where the user
keeps them (`DATA=`, default ../shared/datasets); never copied into the repo.

Each row becomes a scoring item (question and reference answers, no key points: as any user's
file through `make score`) and the student's answer with its label.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from retrieval.items import ScoringItem

DEFAULT_DATA = Path(os.environ.get("DATA", "../shared/datasets"))
TRAIN_FILES = ("beetle_train.jsonl", "scientsbank_train.jsonl")
TEST_SPLITS = {
    "beetle UA": "beetle_test_ua.jsonl", "beetle UQ": "beetle_test_uq.jsonl",
    "scientsbank UA": "scientsbank_test_ua.jsonl", "scientsbank UQ": "scientsbank_test_uq.jsonl",
    "scientsbank UD": "scientsbank_test_ud.jsonl",
}
# Labels on the 0-5 scale, for calibration: what a grader of these sets would give.
GRADE_OF_LABEL = {"correct": 5.0, "partially_correct_incomplete": 3.0, "incorrect": 2.0,
                  "contradictory": 0.5, "irrelevant": 0.5, "non_domain": 0.0}
THREE_WAY = {"correct": "correct", "contradictory": "contradictory"}  # the rest: incorrect


@dataclass(frozen=True)
class LabelledAnswer:
    item: ScoringItem
    answer: str
    label: str  # as in the file: 5-way for Beetle, 3-way for SciEntsBank
    dataset: str

    @property
    def three_way(self) -> str:
        return THREE_WAY.get(self.label, "incorrect")

    @property
    def grade(self) -> float:
        return GRADE_OF_LABEL[self.label]


def held_out_of_judge(question_key: str) -> bool:
    """A quarter of the train splits' questions, fixed by a hash of the question: the judge
    never trains on them, and the calibration of derived key points is fitted on them only.
    Fitted on answers the judge had seen, the calibration trusted its verdicts far more than
    they hold on new questions, and scored below plain cosine on unseen domains."""
    return hashlib.sha256(question_key.encode()).digest()[0] % 4 == 0


class MissingDataError(FileNotFoundError):
    pass


def data_path(name: str, data: Path = DEFAULT_DATA) -> Path:
    path = Path(data) / name
    if not path.exists():
        raise MissingDataError(f"{path} not found: set DATA= to the folder holding the SemEval-2013 "
                               "JSONL files (see README, 'The judge and its data')")
    return path


def load_split(name: str, data: Path = DEFAULT_DATA) -> list[LabelledAnswer]:
    rows = []
    path = data_path(name, data)
    items: dict[str, ScoringItem] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        key = f"{row['dataset']}:{row['question_id']}"
        if key not in items:
            items[key] = ScoringItem(key, row["question"], tuple(row["reference_answers"]))
        rows.append(LabelledAnswer(items[key], row["student_answer"], row["label"], row["dataset"]))
    return rows


def files_hash(names: tuple[str, ...], data: Path = DEFAULT_DATA) -> str:
    digest = hashlib.sha256()
    for name in names:
        digest.update(name.encode() + data_path(name, data).read_bytes())
    return digest.hexdigest()
