"""`make routing-eval`: does the trained NLU route answers as answers and commands as commands?

Answers: the graded set's candidate answers (every style the graders wrote, "I don't know" ones
aside, since those are the dont_know command) plus data/routing/answers.yml (one-word answers,
formulas, code). Commands: data/routing/commands.yml, phrasings written apart from the NLU
training data. Start requests: data/routing/start_requests.yml, also written apart, each read
as the interview would read it (actions/parameters.py): start_interview, with the right track,
topic, level and count. Prints the accuracies and every miss; fails below the targets.
Runs in the Rasa environment: `python -m bot.routing_eval --model models/<hash>.tar.gz`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
from pathlib import Path

import yaml

ANSWER = "answer"
# While a question is open the rules score these as the answer (data/rules/interview.yml).
SCORED_AS_ANSWER = {"answer", "nlu_fallback", "affirm", "deny"}
ANSWER_TARGET = 1.0
COMMAND_TARGET = 0.95
START_TARGET = 0.95
START_FIELDS = ("track", "topic", "level", "questions")


def load_answers(graded_dir: Path, extra: Path) -> list[str]:
    answers = []
    for path in sorted(graded_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row.get("category") != "dont_know" and row.get("answer", "").strip():
                    answers.append(row["answer"])
    if extra.exists():
        answers += [str(a) for a in yaml.safe_load(extra.read_text(encoding="utf-8"))["answers"]]
    return answers


def load_commands(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))["commands"]
    return [(str(text), intent) for intent, texts in data.items() for text in texts]


def load_start_requests(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["requests"]


def read_start(parsed: dict) -> dict:
    """What the interview makes of a parsed message with no interview running: does it start
    one (the rules and actions/parameters.starts_an_interview), and with which four fields."""
    from actions.parameters import parse_request, starts_an_interview

    text = parsed.get("text") or ""
    intent = (parsed.get("intent") or {}).get("name")
    request = parse_request(parsed.get("entities") or [], text)
    return {"intent": "start_interview" if starts_an_interview(intent, text) else intent,
            **{field: getattr(request, field) for field in START_FIELDS}}


def _shown(fields: dict) -> str:
    return " ".join(f"{k}={v}" for k, v in fields.items() if v is not None)


def start_rows(requests: list[dict], parsed: list[dict]) -> list[tuple[str, str, str]]:
    """(text, wanted, got) with the fields as text: every field right, or the row is a miss."""
    rows = []
    for request, message in zip(requests, parsed):
        want = {"intent": "start_interview", **{f: request.get(f) for f in START_FIELDS}}
        rows.append((request["text"], _shown(want), _shown(read_start(message))))
    return rows


def training_examples(nlu: Path) -> set[str]:
    """Normalised NLU examples, entity annotations removed: a test phrasing must not be one."""
    examples = set()
    for block in yaml.safe_load(nlu.read_text(encoding="utf-8"))["nlu"]:
        for line in block.get("examples", "").splitlines():
            text = re.sub(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:])
            examples.add(_normal(text))
    return examples


def _normal(text: str) -> str:
    return text.lower().strip(" ?.!")


async def route_all(model: str, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse is logged at debug level

    agent = Agent.load(model)
    return [await agent.parse_message(text) for text in texts]


def report(title: str, rows: list[tuple[str, str, str]]) -> float:
    wrong = [(text, want, got) for text, want, got in rows if want != got]
    accuracy = 1 - len(wrong) / len(rows) if rows else 0.0
    print(f"{title}: {len(rows) - len(wrong)}/{len(rows)} routed right ({accuracy:.1%})")
    for text, want, got in wrong:
        shown = text if len(text) <= 90 else text[:87] + "..."
        if len(want) > 16:  # a start request: fields, then the text
            print(f"    expected {want}\n         got {got}\n         for {shown!r}")
        else:
            print(f"    expected {want:<16} got {got:<16} {shown!r}")
    return accuracy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.routing_eval")
    parser.add_argument("--model", required=True)
    parser.add_argument("--graded", type=Path, default=Path("data/graded"))
    parser.add_argument("--answers", type=Path, default=Path("data/routing/answers.yml"))
    parser.add_argument("--commands", type=Path, default=Path("data/routing/commands.yml"))
    parser.add_argument("--starts", type=Path, default=Path("data/routing/start_requests.yml"))
    parser.add_argument("--nlu", type=Path, default=Path("data/nlu.yml"))
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)

    answers = load_answers(args.graded, args.answers)
    commands = load_commands(args.commands)
    starts = load_start_requests(args.starts)
    seen = training_examples(args.nlu)
    leaked = [text for text, _ in commands if _normal(text) in seen]
    leaked += [r["text"] for r in starts if _normal(r["text"]) in seen]
    leaked += [text for text in answers if _normal(text) in seen]
    if leaked:
        print("FAILED these test messages are also NLU training examples:", leaked)
        return 1
    parsed = asyncio.run(route_all(args.model, answers + [text for text, _ in commands]
                                   + [r["text"] for r in starts]))
    routed = [(p.get("intent") or {}).get("name") for p in parsed]
    answer_rows = [(text, ANSWER, ANSWER if got in SCORED_AS_ANSWER else got)
                   for text, got in zip(answers, routed)]
    command_rows = [(text, want, got) for (text, want), got in
                    zip(commands, routed[len(answers):len(answers) + len(commands)])]
    answer_accuracy = report("answers", answer_rows)
    command_accuracy = report("commands", command_rows)
    start_accuracy = report("start requests, no interview running (started, track, topic, level, count)",
                            start_rows(starts, parsed[len(answers) + len(commands):]))
    failed = []
    if len(answers) < 200 or answer_accuracy < ANSWER_TARGET:
        failed.append(f"answers: need >= 200 all routed as answers ({len(answers)}, {answer_accuracy:.1%})")
    if len(commands) < 100 or command_accuracy < COMMAND_TARGET:
        failed.append(f"commands: need >= 100 at >= {COMMAND_TARGET:.0%} "
                      f"({len(commands)}, {command_accuracy:.1%})")
    if len(starts) < 100 or start_accuracy < START_TARGET:
        failed.append(f"start requests: need >= 100 at >= {START_TARGET:.0%} "
                      f"({len(starts)}, {start_accuracy:.1%})")
    for line in failed:
        print("FAILED " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
