"""`make routing-eval`: does the trained NLU route answers as answers and commands as commands?

Answers: the graded set's candidate answers (every style the graders wrote, "I don't know" ones
aside, since those are the dont_know command) plus data/routing/answers.yml (one-word answers,
formulas, code). Commands: data/routing/commands.yml, phrasings written apart from the NLU
training data. Prints both accuracies and every misrouted message; fails below the targets.
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
    intents = []
    for text in texts:
        parsed = await agent.parse_message(text)
        intents.append((parsed.get("intent") or {}).get("name"))
    return intents


def report(title: str, rows: list[tuple[str, str, str]]) -> float:
    wrong = [(text, want, got) for text, want, got in rows if want != got]
    accuracy = 1 - len(wrong) / len(rows) if rows else 0.0
    print(f"{title}: {len(rows) - len(wrong)}/{len(rows)} routed right ({accuracy:.1%})")
    for text, want, got in wrong:
        shown = text if len(text) <= 90 else text[:87] + "..."
        print(f"    expected {want:<16} got {got:<16} {shown!r}")
    return accuracy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.routing_eval")
    parser.add_argument("--model", required=True)
    parser.add_argument("--graded", type=Path, default=Path("data/graded"))
    parser.add_argument("--answers", type=Path, default=Path("data/routing/answers.yml"))
    parser.add_argument("--commands", type=Path, default=Path("data/routing/commands.yml"))
    parser.add_argument("--nlu", type=Path, default=Path("data/nlu.yml"))
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)

    answers = load_answers(args.graded, args.answers)
    commands = load_commands(args.commands)
    seen = training_examples(args.nlu)
    leaked = [text for text, _ in commands if _normal(text) in seen]
    leaked += [text for text in answers if _normal(text) in seen]
    if leaked:
        print("FAILED these test messages are also NLU training examples:", leaked)
        return 1
    routed = asyncio.run(route_all(args.model, answers + [text for text, _ in commands]))
    answer_rows = [(text, ANSWER, ANSWER if got in SCORED_AS_ANSWER else got)
                   for text, got in zip(answers, routed)]
    command_rows = [(text, want, got) for (text, want), got in zip(commands, routed[len(answers):])]
    answer_accuracy = report("answers", answer_rows)
    command_accuracy = report("commands", command_rows)
    failed = []
    if len(answers) < 200 or answer_accuracy < ANSWER_TARGET:
        failed.append(f"answers: need >= 200 all routed as answers ({len(answers)}, {answer_accuracy:.1%})")
    if len(commands) < 100 or command_accuracy < COMMAND_TARGET:
        failed.append(f"commands: need >= 100 at >= {COMMAND_TARGET:.0%} "
                      f"({len(commands)}, {command_accuracy:.1%})")
    for line in failed:
        print("FAILED " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
