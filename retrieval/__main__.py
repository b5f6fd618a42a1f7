"""`python -m retrieval COMMAND`: index, score, eval, bench. Each lives in retrieval/commands/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrieval.bank import DEFAULT_BANK, DEFAULT_INDEX
from retrieval.encoder import BACKENDS

DEFAULT_GRADED = Path("data/graded")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m retrieval")
    parser.add_argument("--bank", type=Path, default=DEFAULT_BANK)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--backend", choices=BACKENDS, default="onnx-int8")
    commands = parser.add_subparsers(dest="command", required=True)
    index = commands.add_parser("index", help="build the index and calibration when stale")
    index.add_argument("--graded", type=Path, default=DEFAULT_GRADED)
    index.add_argument("--force", action="store_true")
    score = commands.add_parser("score", help="batch-score a JSONL file")
    score.add_argument("input", type=Path)
    score.add_argument("output", type=Path)
    evaluate = commands.add_parser("eval", help="evaluate the scorer on the graded set")
    evaluate.add_argument("--graded", type=Path, default=DEFAULT_GRADED)
    evaluate.add_argument("--folds", type=int, default=5)
    evaluate.add_argument("--backends", nargs="+", choices=BACKENDS, default=None)
    bench = commands.add_parser("bench", help="latency, throughput, build time, memory")
    bench.add_argument("--answers", type=int, default=300)
    bench.add_argument("--graded", type=Path, default=DEFAULT_GRADED)
    args = parser.parse_args(argv)

    if args.command == "index":
        from retrieval.commands.build import run
    elif args.command == "score":
        from retrieval.commands.batch import run
    elif args.command == "eval":
        from retrieval.commands.evaluate import run
    else:
        from retrieval.commands.bench import run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
