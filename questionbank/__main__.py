"""`python -m questionbank validate|coverage [DIR]`: check the bank or print its coverage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from questionbank.coverage import coverage_table, leaky_hints, skill_shortfalls, skills_table
from questionbank.loader import BankError, load_bank

DEFAULT_DIR = Path("data/questions")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m questionbank")
    parser.add_argument("command", choices=["validate", "coverage"])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument(
        "--near-duplicates",
        action="store_true",
        help="also report questions whose embeddings are nearly identical (needs the model)",
    )
    args = parser.parse_args(argv)
    try:
        questions = load_bank(args.directory)
    except BankError as error:
        print(f"The question bank has {len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.command == "coverage":
        print(coverage_table(questions))
        print()
        print(skills_table(questions))
        return 0
    for warning in leaky_hints(questions):
        print(f"  warning: {warning}", file=sys.stderr)
    shortfalls = skill_shortfalls(questions)
    for shortfall in shortfalls:
        print(f"  {shortfall}", file=sys.stderr)
    if shortfalls:
        return 1
    print(f"{len(questions)} questions in {args.directory}: valid.")
    if args.near_duplicates:
        from retrieval.duplicates import find_near_duplicates

        pairs = find_near_duplicates([(q.id, q.question) for q in questions])
        for first, second, similarity in pairs:
            print(f"  near-duplicate questions: {first} and {second} (cosine {similarity:.2f})")
        return 1 if pairs else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
