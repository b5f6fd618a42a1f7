"""The committed judge: its hash check, and verdicts on pairs a bi-encoder cannot tell apart."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from retrieval.judge import CONTRADICTS, ENTAILS, WEIGHTS_DIR, Judge, JudgeWeightsError, padding_groups
from tests.known_gaps import JUDGE_DOUBTS_PARAPHRASES, JUDGE_READS_TOPIC


def _copy_of_weights(folder):
    folder.mkdir(exist_ok=True)
    for path in WEIGHTS_DIR.iterdir():
        shutil.copy(path, folder / path.name)
    return folder


def test_weights_that_do_not_match_their_manifest_are_refused(tmp_path):
    weights = _copy_of_weights(tmp_path) / "judge.safetensors"
    weights.write_bytes(weights.read_bytes()[:-16] + b"\0" * 16)
    with pytest.raises(JudgeWeightsError, match="does not match the sha256"):
        Judge(tmp_path).probabilities([("a", "b")])


def _weights_served_as(folder, served):
    _copy_of_weights(folder)
    manifest = json.loads((folder / "judge.json").read_text())
    (folder / "judge.json").write_text(json.dumps({**manifest, "served": served}))
    return Judge(folder, cache_dir=folder.parent / "cache")


def test_an_int8_judge_is_named_apart_and_reads_one_pair_a_call(tmp_path):
    # Its own name, so a calibration fitted to the fp32 verdicts is refused, and its own export.
    fp32, int8 = (_weights_served_as(tmp_path / s, s) for s in ("onnx", "onnx-int8"))
    assert fp32.name.endswith(":onnx") and int8.name == fp32.name + "-int8"
    assert int8.export_dir != fp32.export_dir
    assert (fp32.batch_size, int8.batch_size) == (8, 1)


def test_an_unknown_serving_mode_is_refused_with_the_file(tmp_path):
    with pytest.raises(JudgeWeightsError, match="judge.json: served 'onnx-fp8'"):
        _weights_served_as(tmp_path / "w", "onnx-fp8").probabilities([("a", "b")])


def test_missing_weights_name_the_command_that_builds_them(tmp_path):
    with pytest.raises(JudgeWeightsError, match="make judge"):
        Judge(tmp_path).probabilities([("a", "b")])


@pytest.mark.parametrize("text, point, expected", [
    pytest.param("Bagging trains models independently on bootstrap samples and averages them, "
                 "which lowers variance.", "Bagging mainly reduces variance", ENTAILS,
                 marks=JUDGE_DOUBTS_PARAPHRASES),
    pytest.param("Bagging mainly increases variance.", "Bagging mainly reduces variance", CONTRADICTS,
                 marks=JUDGE_READS_TOPIC),
    pytest.param("The p-value is not computed under the null hypothesis.",
                 "The p-value is computed assuming the null hypothesis is true", CONTRADICTS,
                 marks=JUDGE_READS_TOPIC),
    pytest.param("In k-fold cross-validation each fold trains the model once and tests it k-1 times.",
                 "Each fold is used once for testing while the model trains on the other k-1 folds",
                 CONTRADICTS, marks=JUDGE_READS_TOPIC),
])
def test_the_judge_reads_the_relation_not_the_words(judge, text, point, expected):
    verdict = judge.probabilities([(text, point)])[0]
    assert verdict.argmax() == expected, verdict


def test_pairs_pad_only_to_neighbours_of_their_length():
    lengths = [160, 30, 34, 70, 36, 31, 160, 33, 32, 35, 30]
    groups = padding_groups(lengths, batch_size=4)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
    spans = [[lengths[i] for i in g] for g in groups]
    assert all(len(s) <= 4 and max(s) <= 1.25 * min(s) for s in spans)
    assert [sorted(s) for s in spans] == [[30, 30, 31, 32], [33, 34, 35, 36], [70], [160, 160]]


def test_a_pair_gets_the_same_verdict_alone_and_beside_longer_ones(judge):
    pairs = [("Bagging lowers variance.", "Bagging mainly reduces variance"),
             ("Bagging trains many models on bootstrap samples of the training set and averages "
              "their predictions, so the ensemble varies less than any one of them.",
              "Bagging mainly reduces variance"),
             ("Boosting lowers bias.", "Bagging mainly reduces variance")]
    together = judge.probabilities(pairs)
    alone = [judge.probabilities([pair])[0] for pair in pairs]
    assert together == pytest.approx(np.array(alone), abs=1e-5)


def test_a_short_pair_is_fed_at_its_own_length(judge):
    # The export's tokenizer.json pads to a fixed 128 tokens: the judge must not inherit that.
    session, inputs, tokenizer = judge._session
    shapes = []

    class Recording:
        def run(self, names, feed):
            shapes.append(feed["input_ids"].shape)
            return session.run(names, feed)

    fresh = Judge(judge.directory)
    fresh.__dict__["_session"] = (Recording(), inputs, tokenizer)
    pair = ("Bagging lowers variance.", "Bagging mainly reduces variance")
    fresh.probabilities([pair])
    assert shapes == [(1, len(tokenizer.encode(*pair).ids))]
    assert shapes[0][1] < 20
