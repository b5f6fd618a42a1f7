"""Action-server settings, all from the environment (the Makefile sets them)."""

from __future__ import annotations

import os
from pathlib import Path

BANK_DIR = Path(os.environ.get("BANK_DIR", "data/questions"))
INDEX_DIR = Path(os.environ.get("INDEX_DIR", "build/index"))
ENCODER_BACKEND = os.environ.get("ENCODER_BACKEND", "onnx-int8")
DEFAULT_QUESTIONS = 5
MAX_QUESTIONS = 20
HINT_PENALTY = 1.0
