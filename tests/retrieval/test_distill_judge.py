"""Stage three of `make judge`: the student is built from the teacher's own layers."""

from __future__ import annotations

import pytest

from retrieval.commands.distill_judge import picked_layers, student_from
from retrieval.judge import BASE_LAYERS, base_model, read_manifest


def test_the_pick_is_uniform_and_ends_with_the_last_layer():
    assert picked_layers(2) == [2, 5]
    assert picked_layers(3) == [1, 3, 5]
    assert picked_layers(BASE_LAYERS) == list(range(BASE_LAYERS))


def test_a_student_holds_the_teachers_picked_layers_and_head():
    torch = pytest.importorskip("torch")
    teacher, _ = base_model(0)
    with torch.no_grad():  # a head unlike a fresh one, so a copy is told from a new init
        teacher.classifier.weight.add_(1.0)
    student, _ = student_from(teacher, 2)
    assert student.config.num_hidden_layers == 2
    t, s = teacher.state_dict(), student.state_dict()
    for mine, theirs in enumerate(picked_layers(2)):
        name = "bert.encoder.layer.{}.attention.self.query.weight"
        assert torch.equal(s[name.format(mine)], t[name.format(theirs)])
    assert torch.equal(s["classifier.weight"], t["classifier.weight"])
    frozen = [n for n, p in student.named_parameters() if not p.requires_grad]
    assert frozen and all("embeddings" in n for n in frozen)


def test_the_committed_judge_says_how_many_layers_it_serves():
    manifest = read_manifest()
    assert 1 <= manifest["layers"] <= BASE_LAYERS
    if manifest["layers"] < BASE_LAYERS:
        assert manifest["teacher"]["layers"] == BASE_LAYERS
        assert manifest["distillation"]["teacher_layers"] == picked_layers(manifest["layers"])
