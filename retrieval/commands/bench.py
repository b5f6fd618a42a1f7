"""`make bench`: scoring latency, throughput, index build time and peak memory, each beside raw
sentence-transformers `encode` (torch backend, the plain way) of the same texts in the same run.

Each side runs in its own process so that peak memory (max RSS) is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import numpy as np

from retrieval.graded import GradedSetError, load_graded
from retrieval.loading import bank_items

WARM_UP = 20
# Machines differ (VNNI or not), so the targets are ratios to raw encode in the same run:
# (label, key, limit, higher is better).
TARGETS = [("p50 latency", "p50_ms", 2.0, False), ("p99 latency", "p99_ms", 3.0, False),
           ("batch throughput", "throughput", 0.5, True)]


def _answers(args, items) -> list[tuple[str, str]]:
    """Realistic answers: the graded set when there is one, else the bank's reference answers."""
    try:
        graded = load_graded(args.graded, {i.id for i in items})
    except GradedSetError:  # a broken graded set must not stop a benchmark
        graded = []
    pairs = [(g.question_id, g.answer) for g in graded if g.answer.strip()]
    if not pairs:
        pairs = [(i.id, r) for i in items for r in i.reference_answers]
    repeat = -(-args.answers // len(pairs))
    return (pairs * repeat)[: args.answers]


def _percentiles(samples: list[float]) -> dict:
    ms = np.array(samples) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p99_ms": float(np.percentile(ms, 99))}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_scorer(args) -> dict:
    from retrieval.encoder import Encoder
    from retrieval.index import build_index
    from retrieval.judge import Judge
    from retrieval.loading import load_calibration
    from retrieval.scoring import Scorer

    items = bank_items(args.bank)
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    encoder.encode(["warm up"])
    started = time.perf_counter()
    index = build_index(items, encoder)
    build = time.perf_counter() - started
    judge = Judge(args.weights)
    scorer = Scorer(encoder, judge, index, load_calibration(judge, args.weights))
    answers = _answers(args, items)
    for question_id, answer in answers[:WARM_UP]:
        scorer.score(question_id, answer)
    latency = []
    for question_id, answer in answers:
        started = time.perf_counter()
        scorer.score(question_id, answer)
        latency.append(time.perf_counter() - started)
    started = time.perf_counter()
    scorer.score_many(answers)
    batch = time.perf_counter() - started
    return {"name": f"scorer ({encoder.name})", "build_s": build, "texts": index.info["texts"],
            **_percentiles(latency), "throughput": len(answers) / batch, "peak_mb": _peak_mb(),
            "imports_torch": "torch" in sys.modules}


def measure_raw(args) -> dict:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    from retrieval.encoder import _package_model_path
    from retrieval.index import _item_texts

    model = SentenceTransformer(_package_model_path(), device="cpu")
    model.encode(["warm up"])
    items = bank_items(args.bank)
    texts = [t for item in items for t in _item_texts(item)[0]]
    started = time.perf_counter()
    model.encode(texts)
    build = time.perf_counter() - started
    answers = [a for _, a in _answers(args, items)]
    for answer in answers[:WARM_UP]:
        model.encode([answer])
    latency = []
    for answer in answers:
        started = time.perf_counter()
        model.encode([answer])
        latency.append(time.perf_counter() - started)
    started = time.perf_counter()
    model.encode(answers)
    batch = time.perf_counter() - started
    return {"name": "raw encode (torch)", "build_s": build, "texts": len(texts),
            **_percentiles(latency), "throughput": len(answers) / batch, "peak_mb": _peak_mb()}


def _child(part: str, args) -> dict:
    command = [sys.executable, "-m", "retrieval.commands.bench", part, str(args.bank),
               str(args.index), args.backend, str(args.graded), str(args.answers), str(args.weights)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"benchmark part {part!r} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(args) -> int:
    print(f"benchmarking on {args.answers} answers, one at a time then batched "
          f"(warm, after {WARM_UP} warm-up answers)...", file=sys.stderr)
    raw = _child("raw", args)
    ours = _child("scorer", args)
    rows = [("per-answer latency p50 (ms)", "p50_ms"),
            ("per-answer latency p99 (ms)", "p99_ms"),
            ("batch throughput (answers/s)", "throughput"),
            ("index build, whole bank (s)", "build_s"),
            ("peak memory, max RSS (MB)", "peak_mb")]
    print(f"{'':<32}{ours['name']:>30}{raw['name']:>22}{'ratio':>8}")
    for label, key in rows:
        ratio = ours[key] / raw[key] if raw[key] else float("nan")
        print(f"{label:<32}{ours[key]:>30.2f}{raw[key]:>22.2f}{ratio:>8.2f}")
    print(f"\nindex: {ours['texts']} texts. The scorer's latency and throughput include "
          "sentence splitting, key-point alignment, the judge reading each key point with its "
          "passage, the FAISS search and calibration; raw encode only embeds the whole answer.")
    print(f"the scorer {'imported' if ours['imports_torch'] else 'did not import'} torch "
          "(onnxruntime and tokenizers serve the exports)")
    missed = []
    for label, key, limit, above in TARGETS:
        ratio = ours[key] / raw[key]
        ok = ratio >= limit if above else ratio <= limit
        print(f"target: {label} {'>=' if above else '<='} {limit}x raw encode: {ratio:.2f}x "
              f"({'met' if ok else 'MISSED'})")
        missed += [] if ok else [label]
    return 1 if missed else 0


if __name__ == "__main__":
    from argparse import Namespace
    from pathlib import Path

    part, bank, index, backend, graded, answers, weights = sys.argv[1:8]
    namespace = Namespace(bank=Path(bank), index=Path(index), backend=backend,
                          graded=Path(graded), answers=int(answers), weights=Path(weights))
    result = measure_raw(namespace) if part == "raw" else measure_scorer(namespace)
    print(json.dumps(result))
