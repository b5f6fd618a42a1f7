"""Load question files, reporting every problem with its file, line, question id and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from questionbank.schema import TRACKS, Question, topic_slug


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    question_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.question_id:
            parts.append(f"question '{self.question_id}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class BankError(Exception):
    """Raised with every problem found, so an author fixes them all in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers, for each mapping, the line of the mapping and of each key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {key_node.value: key_node.start_mark.line + 1 for key_node, _ in node.value}
    return _Located(mapping, node.start_mark.line + 1, lines)


class _Located(dict):
    def __init__(self, mapping: dict, line: int, key_lines: dict[str, int]):
        super().__init__(mapping)
        self.line = line
        self.key_lines = key_lines


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load_file(path: Path, root: Path | None = None) -> tuple[list[Question], list[Problem]]:
    """Parse one file: a YAML list of questions or a mapping with a top-level `questions:` list."""
    shown = str(path.relative_to(root.parent) if root else path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        return [], [Problem(shown, line, None, None, f"not valid YAML: {error}")]
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(shown, None, None, None, f"cannot read file: {error}")]

    entries = document.get("questions") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        expected = "a list of questions, or a mapping with a 'questions:' list"
        return [], [Problem(shown, None, None, None, f"expected {expected}")]

    questions, problems = [], []
    for position, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(Problem(shown, None, None, None, f"entry {position} is not a mapping"))
            continue
        qid = entry.get("id") if isinstance(entry.get("id"), str) else None
        label = qid or f"#{position}"
        try:
            question = Question.model_validate(_plain(entry))
        except ValidationError as error:
            for detail in error.errors():
                loc = detail["loc"]
                field = _field_path(loc) if loc else None
                line = entry.key_lines.get(loc[0], entry.line) if loc else entry.line
                problems.append(Problem(shown, line, label, field, detail["msg"]))
            continue
        problems.extend(_placement_problems(question, path, shown, entry.line))
        questions.append(question)
    return questions, problems


def _placement_problems(question: Question, path: Path, shown: str, line: int) -> list[Problem]:
    """Files live at data/questions/<track>/<topic_slug>.yml; a question must match its file."""
    problems = []
    if path.parent.name in TRACKS and question.track != path.parent.name:
        message = f"is '{question.track}' but the file is in the '{path.parent.name}' folder"
        problems.append(Problem(shown, line, question.id, "track", message))
    if topic_slug(question.topic) != path.stem:
        message = f"'{question.topic}' belongs in {topic_slug(question.topic)}.yml, not {path.name}"
        problems.append(Problem(shown, line, question.id, "topic", message))
    return problems


def load_bank(root: Path) -> list[Question]:
    """Load and validate every *.yml / *.yaml file under `root`. Raises BankError on any problem."""
    root = Path(root)
    files = sorted([*root.rglob("*.yml"), *root.rglob("*.yaml")])
    if not files:
        raise BankError([Problem(str(root), None, None, None, "no question files (*.yml) found")])
    questions: list[Question] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in files:
        loaded, found = load_file(path, root)
        problems.extend(found)
        shown = str(path.relative_to(root.parent))
        for question in loaded:
            if question.id in seen:
                message = f"duplicate id, already used in {seen[question.id]}"
                problems.append(Problem(shown, None, question.id, "id", message))
            else:
                seen[question.id] = shown
                questions.append(question)
    if problems:
        raise BankError(problems)
    return questions
