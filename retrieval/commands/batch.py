"""`make score IN=answers.jsonl OUT=scored.jsonl`: batch-score any questions, bank or not.

Each input line: `question`, `reference_answer` (string or list), `student_answer`, optionally
`key_points` (strings or {text, weight}). Other fields pass through. A bad line is reported by
line number and skipped. The questions of the file form their own small index, so an answer that
fits another question of the same file better is flagged, as in the interview.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from retrieval.calibration import StaleCalibrationError
from retrieval.encoder import Encoder
from retrieval.index import build_index
from retrieval.items import KeyPoint, ScoringItem
from retrieval.judge import Judge, JudgeWeightsError
from retrieval.loading import load_calibration
from retrieval.scoring import Scorer

PROGRESS_FROM = 50  # lines; below this a progress bar is noise


class LineError(ValueError):
    pass


@dataclass
class Row:
    number: int
    fields: dict
    item: ScoringItem
    answer: str


def _strings(value, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise LineError(f"'{name}' must be a non-empty string or list of strings")
    if not any(v.strip() for v in value):
        raise LineError(f"'{name}' is empty")
    return tuple(v.strip() for v in value if v.strip())


def _key_points(value) -> tuple[KeyPoint, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LineError("'key_points' must be a list of strings or {text, weight} objects")
    points = []
    for position, point in enumerate(value, start=1):
        if isinstance(point, str) and point.strip():
            points.append(KeyPoint(point.strip()))
        elif isinstance(point, dict) and isinstance(point.get("text"), str) and point["text"].strip():
            weight = point.get("weight", 1)
            if not isinstance(weight, (int, float)) or weight < 0:
                raise LineError(f"key point {position}: 'weight' must be a number >= 0")
            points.append(KeyPoint(point["text"].strip(), float(weight)))
        else:
            raise LineError(f"key point {position} must be a non-empty string or {{text, weight}}")
    return tuple(points)


def parse_line(number: int, line: str) -> Row:
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as error:
        raise LineError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(fields, dict):
        raise LineError("expected a JSON object")
    for name in ("question", "reference_answer", "student_answer"):
        if name not in fields:
            raise LineError(f"missing field '{name}'")
    question = _strings(fields["question"], "question")[0]
    answer = fields["student_answer"]
    if not isinstance(answer, str):
        raise LineError("'student_answer' must be a string (it may be empty)")
    references = _strings(fields["reference_answer"], "reference_answer")
    key_points = _key_points(fields.get("key_points"))
    item_id = hashlib.sha1(json.dumps([question, references]).encode()).hexdigest()[:12]
    item = ScoringItem(item_id, question, references, key_points)
    return Row(number, fields, item, answer)


def read_rows(path: Path) -> tuple[list[Row], list[str]]:
    rows, errors = [], []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(parse_line(number, line))
            except (LineError, ValueError) as error:
                errors.append(f"{path}:{number}: {error}; line skipped")
    return rows, errors


def output_fields(row: Row, result) -> dict:
    feedback = result.to_dict()
    return {
        **row.fields,
        "predicted_score": feedback.pop("score"),
        "max_score": feedback.pop("max_score"),
        **feedback,
    }


def run(args) -> int:
    if not args.input.exists():
        print(f"no such input file: {args.input}", file=sys.stderr)
        return 2
    rows, errors = read_rows(args.input)
    for error in errors:
        print(error, file=sys.stderr)
    if not rows:
        print("nothing to score", file=sys.stderr)
        return 1
    try:
        judge = Judge(args.weights)
        calibration = load_calibration(judge, args.weights)
    except (JudgeWeightsError, StaleCalibrationError) as error:
        print(f"cannot score: {error}", file=sys.stderr)
        return 2
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    unique = list({row.item.id: row.item for row in rows}.values())
    index = build_index(unique, encoder) if len(unique) > 1 else None
    scorer = Scorer(encoder, judge, index, calibration)

    from tqdm import tqdm

    with tqdm(total=len(rows), unit="answer", disable=len(rows) < PROGRESS_FROM,
              file=sys.stderr) as bar:
        results = scorer.score_many([(row.item, row.answer) for row in rows], progress=bar.update)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as out:
        for row, result in zip(rows, results):
            out.write(json.dumps(output_fields(row, result), ensure_ascii=False) + "\n")
    print(f"scored {len(rows)} answers -> {args.output}"
          + (f" ({len(errors)} line(s) skipped)" if errors else ""), file=sys.stderr)
    return 0
