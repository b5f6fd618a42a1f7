"""The Rasa server serves our model without TensorFlow (bot/serve.py), and still serves a model
that needs it as Rasa would."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

from bot.serve import model_needs_tensorflow

ROOT = Path(__file__).resolve().parents[2]


def model_with(tmp_path: Path, uses: list[str]) -> Path:
    metadata = {"predict_schema": {"nodes": {f"n{i}": {"uses": u} for i, u in enumerate(uses)}}}
    path = tmp_path / "model.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        data = json.dumps(metadata).encode()
        info = tarfile.TarInfo("metadata.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def test_the_models_metadata_says_whether_it_needs_tensorflow(tmp_path):
    ours = ["rasa.core.policies.rule_policy.RulePolicy",
            "bot.components.command_classifier.CommandClassifier"]
    assert not model_needs_tensorflow(model_with(tmp_path, ours))
    diet = "rasa.nlu.classifiers.diet_classifier.DIETClassifier"
    assert model_needs_tensorflow(model_with(tmp_path, ours + [diet]))


def test_what_serving_loads_never_imports_tensorflow_and_importing_it_says_why():
    script = """
import sys
from bot.serve import TensorFlowLeftOut, leave_out_tensorflow
leave_out_tensorflow()
import rasa.core.agent, rasa.server, rasa.core.run
import rasa.graph_components.validators.default_recipe_validator  # named by every model's schema
import rasa.core.policies.rule_policy, rasa.core.policies.memoization
import rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer
import rasa.nlu.featurizers.sparse_featurizer.lexical_syntactic_featurizer
import rasa.nlu.classifiers.fallback_classifier
import bot.components.command_classifier, bot.components.answer_guard, bot.components.text_prefix
assert "tensorflow" not in sys.modules, "tensorflow was imported"
try:
    import tensorflow
except TensorFlowLeftOut as error:
    assert "needs it" in str(error)
else:
    raise AssertionError("tensorflow imported")
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]
