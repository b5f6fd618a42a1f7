"""`make index`: build the FAISS index when the bank or the encoder changed."""

from __future__ import annotations

import time

from retrieval.encoder import Encoder
from retrieval.index import build_index, index_is_current
from retrieval.judge import Judge
from retrieval.loading import bank_items


def run(args) -> int:
    encoder = Encoder(args.backend, cache_dir=args.index.parent / "encoder")
    items = bank_items(args.bank)
    judge = Judge(args.weights)
    if judge.ensure_exported():
        print(f"exported the judge to ONNX -> {judge.export_dir}")
    stale = index_is_current(args.index, items, encoder.name)
    if stale is None and not args.force:
        print(f"index is current ({len(items)} questions, {encoder.name})")
        return 0
    started = time.perf_counter()
    print(f"building the index: {stale or 'forced'}")
    index = build_index(items, encoder)
    index.save(args.index)
    print(f"indexed {len(items)} questions ({index.info['texts']} texts) "
          f"in {time.perf_counter() - started:.1f}s -> {args.index}")
    return 0
