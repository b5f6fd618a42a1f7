"""`python -m bot.serve run --model M ...`: Rasa's own CLI, serving without TensorFlow.

Rasa 3.6 imports TensorFlow (370 MB, 3 s) whenever it loads a model: through two modules that
only training uses, `rasa.utils.tensorflow.callback` (Keras callbacks) and `data_generator` (a
Keras Sequence), reached by way of `rasa.utils.train_utils`, and through the recipe validator's
names for DIET, TED and the response selector. Our model needs no TensorFlow at serve time (a
scikit-learn intent classifier, CRF entities, rules and memoization), so before Rasa loads, this
puts stand-ins for those modules in place; any use of them, and any import of TensorFlow itself,
then fails with a message that says why. A model that does need TensorFlow
(DIET, TED, a response selector) is served by Rasa as it is.
"""

from __future__ import annotations

import importlib.abc
import json
import sys
import tarfile
import types
from pathlib import Path

TRAINING_ONLY = {
    "rasa.utils.tensorflow.callback": ("RasaTrainingLogger", "RasaModelCheckpoint"),
    "rasa.utils.tensorflow.data_generator": ("RasaDataGenerator", "RasaBatchDataGenerator"),
    # The recipe validator, a node of every model's training graph, names these for its
    # training-time checks; loading a model looks the validator up, serving never runs it.
    "rasa.nlu.classifiers.diet_classifier": ("DIETClassifier",),
    "rasa.nlu.selectors.response_selector": ("ResponseSelector",),
    "rasa.core.policies.ted_policy": ("TEDPolicy",),
}
# Components whose modules import TensorFlow themselves.
NEEDS_TENSORFLOW = ("diet_classifier", "ted_policy", "unexpected_intent_policy", "response_selector",
                    "lm_featurizer", "convert_featurizer")


class TensorFlowLeftOut(ImportError):
    pass


def _stand_in(module: str, name: str) -> type:
    def refuse(*args, **kwargs):
        raise TensorFlowLeftOut(f"{module}.{name} is for training: `bot.serve` serves without "
                                "TensorFlow (train with `rasa train`)")

    return type(name, (), {"__init__": refuse, "__module__": module})


class _RefuseTensorFlow(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname == "tensorflow" or fullname.startswith("tensorflow."):
            raise TensorFlowLeftOut(
                f"{fullname} was imported while serving without TensorFlow: some component of "
                "the model needs it; serve it with `rasa run`")
        return None


def leave_out_tensorflow() -> None:
    for module, names in TRAINING_ONLY.items():
        stub = types.ModuleType(module, "stand-in: training only (bot/serve.py)")
        for name in names:
            setattr(stub, name, _stand_in(module, name))
        sys.modules[module] = stub
    sys.meta_path.insert(0, _RefuseTensorFlow())


def model_needs_tensorflow(model: Path) -> bool:
    """From the model's own metadata: does any node of its prediction graph use a component
    whose module imports TensorFlow?"""
    with tarfile.open(model, "r:gz") as archive:
        member = next((m for m in archive if m.name.endswith("metadata.json")), None)
        if member is None:
            return True  # not a model we can read: let Rasa say what is wrong with it
        metadata = json.load(archive.extractfile(member))
    nodes = metadata.get("predict_schema", {}).get("nodes", {}).values()
    return any(any(part in str(node.get("uses", "")) for part in NEEDS_TENSORFLOW) for node in nodes)


def _model_argument(argv: list[str]) -> Path | None:
    for i, arg in enumerate(argv):
        if arg in ("--model", "-m") and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--model="):
            return Path(arg.split("=", 1)[1])
    return None


def main(argv: list[str]) -> None:
    model = _model_argument(argv)
    if model is not None and model.is_file() and not model_needs_tensorflow(model):
        leave_out_tensorflow()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
