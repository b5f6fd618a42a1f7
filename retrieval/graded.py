"""The graded development set: candidate answers with human grades (data/graded/*.jsonl)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

COACH_FOLDER = "coach"  # coach overrides (`make export-graded`): fitted on, never evaluated on


@dataclass(frozen=True)
class GradedAnswer:
    question_id: str
    answer: str
    grade: float
    category: str
    style: str
    reason: str
    grader: str  # who graded it; never the writer of the answer
    source: str


class GradedSetError(ValueError):
    pass


def jsonl_folder_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(directory).glob("*.jsonl")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def load_graded(directory: Path, known_ids: set[str] | None = None) -> list[GradedAnswer]:
    """Every graded answer; a bad line is an error naming the file and line (the set is curated)."""
    answers, problems = [], []
    for path in sorted(Path(directory).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
                grade = float(row["grade"])
                if not 0 <= grade <= 5:
                    raise ValueError(f"grade {grade} is outside 0-5")
                if known_ids is not None and row["question_id"] not in known_ids:
                    raise ValueError(f"question_id {row['question_id']!r} is not in the bank")
                if not str(row.get("grader", "")).strip():
                    raise ValueError("'grader' is missing: say who graded the answer")
                answers.append(GradedAnswer(row["question_id"], str(row["answer"]), grade,
                                            row.get("category", ""), row.get("style", ""),
                                            row.get("reason", ""), row["grader"], where))
            except (ValueError, KeyError, TypeError) as error:
                problems.append(f"{where}: {error}")
    if problems:
        raise GradedSetError("\n".join(problems))
    return answers
