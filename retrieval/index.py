"""The bank index: embeddings of every question, reference answer, reference sentence and key
point, plus a FAISS index over reference answers and key points to find which question an answer
fits best. Persisted with a metadata file; a stale or mismatched index is refused on load."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from retrieval.encoder import Encoder
from retrieval.items import ScoringItem, content_hash
from retrieval.search import flat_index
from retrieval.text import split_sentences

FORMAT_VERSION = 1
INFO_FILE = "index_infos.json"
VECTORS_FILE = "vectors.npy"
FAISS_FILE = "bank.faiss"


class StaleIndexError(RuntimeError):
    """The index on disk was built from other content or another model: rebuild it."""


@dataclass
class ItemVectors:
    question: np.ndarray
    key_points: np.ndarray
    references: np.ndarray
    reference_sentences: np.ndarray
    reference_sentence_texts: list[str]


def _item_texts(item: ScoringItem) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """All texts of an item in one list, with the slice each part occupies."""
    parts = {
        "question": [item.question],
        "key_points": [k.text for k in item.effective_key_points],
        "references": list(item.reference_answers),
        "reference_sentences": [s for r in item.reference_answers for s in split_sentences(r)],
    }
    texts, layout, start = [], {}, 0
    for name, part in parts.items():
        texts += part
        layout[name] = (start, start + len(part))
        start += len(part)
    return texts, layout


def _slice(vectors: np.ndarray, layout: dict, texts: list[str]) -> ItemVectors:
    def rows(name: str) -> np.ndarray:
        start, end = layout[name]
        return vectors[start:end]

    start, end = layout["reference_sentences"]
    return ItemVectors(
        question=rows("question")[0],
        key_points=rows("key_points"),
        references=rows("references"),
        reference_sentences=rows("reference_sentences"),
        reference_sentence_texts=texts[start:end],
    )


def embed_item(item: ScoringItem, encoder: Encoder) -> ItemVectors:
    texts, layout = _item_texts(item)
    return _slice(encoder.encode(texts), layout, texts)


class BankIndex:
    def __init__(self, items: list[ScoringItem], matrix: np.ndarray, layouts: list[dict],
                 info: dict, searchable: faiss.Index | None = None):
        self.items = {item.id: item for item in items}
        self.matrix = matrix
        self.layouts = layouts
        self.info = info
        self.vectors: dict[str, ItemVectors] = {}
        owners, rows = [], []
        for item, layout in zip(items, layouts):
            texts = _item_texts(item)[0]
            offset = layout["offset"]
            local = {k: tuple(v) for k, v in layout.items() if k != "offset"}
            self.vectors[item.id] = _slice(matrix[offset : offset + len(texts)], local, texts)
            for name in ("references", "key_points"):
                start, end = local[name]
                rows += range(offset + start, offset + end)
                owners += [item.id] * (end - start)
        self.owners = owners
        self.searchable = searchable if searchable is not None else flat_index(matrix[rows])

    def __len__(self) -> int:
        return len(self.items)

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / VECTORS_FILE, self.matrix)
        faiss.write_index(self.searchable, str(directory / FAISS_FILE))
        info = {**self.info, "layouts": self.layouts}
        (directory / INFO_FILE).write_text(json.dumps(info, indent=1))


def build_index(items: list[ScoringItem], encoder: Encoder) -> BankIndex:
    """Embed every item in one batched pass (much faster than item by item)."""
    started = time.perf_counter()
    all_texts, layouts = [], []
    for item in items:
        texts, layout = _item_texts(item)
        layouts.append({"offset": len(all_texts), **layout})
        all_texts += texts
    matrix = encoder.encode(all_texts)
    info = {
        "format": FORMAT_VERSION,
        "model": encoder.name,
        "dimension": int(matrix.shape[1]),
        "content_hash": content_hash(items),
        "ids": [item.id for item in items],
        "texts": len(all_texts),
        "build_seconds": round(time.perf_counter() - started, 3),
    }
    return BankIndex(items, matrix, layouts, info)


def index_is_current(directory: Path, items: list[ScoringItem], encoder_name: str) -> str | None:
    """None when the index in `directory` matches these items and this model, else why not."""
    info_path = Path(directory) / INFO_FILE
    if not info_path.exists():
        return f"no index at {directory} (run `make index`)"
    try:
        info = json.loads(info_path.read_text())
    except json.JSONDecodeError as error:
        return f"{info_path} is corrupt ({error}); rebuild it with `make index`"
    if info.get("format") != FORMAT_VERSION:
        return f"index format {info.get('format')} is not {FORMAT_VERSION}; rebuild with `make index`"
    if info.get("model") != encoder_name:
        return f"index was built with {info.get('model')}, not {encoder_name}; rebuild with `make index`"
    if info.get("content_hash") != content_hash(items):
        return "the question bank changed since the index was built; rebuild it with `make index`"
    return None


def load_index(directory: Path, items: list[ScoringItem], encoder_name: str) -> BankIndex:
    problem = index_is_current(directory, items, encoder_name)
    if problem:
        raise StaleIndexError(problem)
    directory = Path(directory)
    info = json.loads((directory / INFO_FILE).read_text())
    layouts = info.pop("layouts")
    by_id = {item.id: item for item in items}
    ordered = [by_id[item_id] for item_id in info["ids"]]
    matrix = np.load(directory / VECTORS_FILE)
    if matrix.shape != (info["texts"], info["dimension"]):
        raise StaleIndexError(f"{directory / VECTORS_FILE} has shape {matrix.shape}; rebuild it")
    searchable = faiss.read_index(str(directory / FAISS_FILE))
    return BankIndex(ordered, matrix, layouts, info, searchable)
