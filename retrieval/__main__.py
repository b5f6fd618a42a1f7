"""`python -m retrieval COMMAND`: index, score, eval, bench, judge. Each lives in retrieval/commands/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from retrieval.encoder import BACKENDS
from retrieval.judge import BASE_LAYERS, SERVED, WEIGHTS_DIR
from retrieval.loading import DEFAULT_BANK, DEFAULT_INDEX
from retrieval.public_sets import DEFAULT_DATA

DEFAULT_GRADED = Path("data/graded")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m retrieval")
    parser.add_argument("--bank", type=Path, default=DEFAULT_BANK)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--backend", choices=BACKENDS, default="onnx-int8")
    parser.add_argument("--weights", type=Path, default=WEIGHTS_DIR,
                        help="the judge and calibration (default retrieval/weights)")
    commands = parser.add_subparsers(dest="command", required=True)
    index = commands.add_parser("index", help="build the index when the bank or encoder changed")
    index.add_argument("--force", action="store_true")
    score = commands.add_parser("score", help="batch-score a JSONL file")
    score.add_argument("input", type=Path)
    score.add_argument("output", type=Path)
    judge = commands.add_parser("judge", help="fine-tune the pair judge")
    judge.add_argument("--data", type=Path, default=DEFAULT_DATA)
    judge.add_argument("--out", type=Path, default=WEIGHTS_DIR)
    judge.add_argument("--epochs", type=int, default=1)
    judge.add_argument("--batch", type=int, default=16)
    judge.add_argument("--lr", type=float, default=5e-5)
    judge.add_argument("--limit", type=int, default=0, help="train on the first N pairs only")
    judge.add_argument("--stage-one", type=Path, default=None,
                       help="start stage two from this judge's weights instead of training stage one")
    judge.add_argument("--teacher", type=Path, default=None,
                       help="distil from this six-layer judge instead of training stages one and two")
    judge.add_argument("--layers", type=int, default=BASE_LAYERS,
                       help="fewer distils a student from the six-layer judge (stage three: tried, not "
                            "served, README)")
    judge.add_argument("--student-epochs", type=int, default=2)
    judge.add_argument("--served", choices=SERVED, default=SERVED[0],
                       help=f"how the interview runs it, written to judge.json (default {SERVED[0]})")
    for name, text in [("calibrate", "fit the calibration for the judge"),
                       ("eval", "the scorer against human grades and plain cosine")]:
        command = commands.add_parser(name, help=text)
        command.add_argument("--data", type=Path, default=DEFAULT_DATA)
        command.add_argument("--graded", type=Path, default=DEFAULT_GRADED)
        command.add_argument("--folds", type=int, default=5)
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
    elif args.command == "calibrate":
        from retrieval.commands.calibrate import run
    elif args.command == "judge":
        from retrieval.commands.train_judge import run
    else:
        from retrieval.commands.bench import run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
