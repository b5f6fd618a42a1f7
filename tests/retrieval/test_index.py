"""The persisted index: metadata, refusal of a stale or mismatched index, rebuild."""

from __future__ import annotations

import dataclasses
import json

import pytest

from retrieval import StaleIndexError, bank_items, build_index, ensure_index, load_index
from retrieval.index import INFO_FILE
from tests.conftest import DATA


@pytest.fixture
def saved(tmp_path, encoder):
    items = bank_items(DATA / "bank")
    build_index(items, encoder).save(tmp_path)
    return tmp_path, items


def test_metadata_names_model_dimension_hash_and_ids(saved, encoder):
    directory, items = saved
    info = json.loads((directory / INFO_FILE).read_text())
    assert info["model"] == encoder.name and encoder.name.startswith("all-MiniLM-L6-v2:onnx-int8")
    assert info["dimension"] == 384
    assert len(info["content_hash"]) == 64
    assert sorted(info["ids"]) == sorted(i.id for i in items)
    assert (directory / "bank.faiss").exists()


def test_a_current_index_loads_with_its_search_index(saved, encoder):
    directory, items = saved
    index = load_index(directory, items, encoder.name)
    assert len(index) == len(items) and index.searchable.ntotal == len(index.owners)


def test_a_changed_bank_is_refused_with_a_clear_message(saved, encoder):
    directory, items = saved
    changed = [dataclasses.replace(items[0], question=items[0].question + " Explain."), *items[1:]]
    with pytest.raises(StaleIndexError, match="question bank changed.*make index"):
        load_index(directory, changed, encoder.name)


def test_another_model_is_refused(saved):
    directory, items = saved
    with pytest.raises(StaleIndexError, match="built with all-MiniLM-L6-v2:onnx-int8.*, not other"):
        load_index(directory, items, "other")


def test_a_missing_or_corrupt_index_is_refused(tmp_path, saved, encoder):
    directory, items = saved
    with pytest.raises(StaleIndexError, match="no index"):
        load_index(tmp_path / "nowhere", items, encoder.name)
    (directory / INFO_FILE).write_text("{not json")
    with pytest.raises(StaleIndexError, match="corrupt"):
        load_index(directory, items, encoder.name)


def test_ensure_index_rebuilds_only_when_stale(tmp_path, encoder):
    _, rebuilt = ensure_index(encoder, DATA / "bank", tmp_path)
    assert rebuilt
    _, rebuilt = ensure_index(encoder, DATA / "bank", tmp_path)
    assert not rebuilt


def test_an_index_from_another_cpus_int8_kernels_is_rebuilt_when_asked(saved, encoder):
    from retrieval import load_scorer

    directory, items = saved
    info = json.loads((directory / INFO_FILE).read_text())
    other = "all-MiniLM-L6-v2:onnx-int8-" + ("avx2" if encoder.name.endswith("vnni") else "avx512_vnni")
    info["model"] = other  # as if built on a CPU with other int8 kernels
    (directory / INFO_FILE).write_text(json.dumps(info))
    with pytest.raises(StaleIndexError, match=other):
        load_scorer(DATA / "bank", directory)
    said = []
    scorer = load_scorer(DATA / "bank", directory, rebuild_stale_index=True, log=said.append)
    assert other in said[0] and scorer.index.info["model"] == encoder.name
    assert load_index(directory, items, encoder.name)
