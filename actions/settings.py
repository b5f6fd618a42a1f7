"""Action-server settings, all from the environment (the Makefile sets them)."""

from __future__ import annotations

import os
from pathlib import Path

BANK_DIR = Path(os.environ.get("BANK_DIR", "data/questions"))
INDEX_DIR = Path(os.environ.get("INDEX_DIR", "build/index"))
ENCODER_BACKEND = os.environ.get("ENCODER_BACKEND", "onnx-int8")
# Answers are scored side by side, one per core, each on one onnxruntime thread: at 8 candidates
# this served 9.5 turns/s against 7.6 for one answer at a time on every core (make load).
SCORER_WORKERS = int(os.environ.get("SCORER_WORKERS") or os.cpu_count() or 1)
os.environ.setdefault("ONNX_THREADS", "1")  # read by retrieval when it opens its sessions
DEFAULT_QUESTIONS = 5
MAX_QUESTIONS = 20
HINT_PENALTY = 1.0
