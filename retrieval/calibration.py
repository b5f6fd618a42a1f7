"""Maps scoring features to the 0-5 scale, fitted on human-graded answers.

Fitted by `make calibrate` on real students' answers (SemEval-2013 train splits) beside the
team's graded set, and committed beside the judge it was fitted for (retrieval/weights/): the
first `make run` needs no data set. Two models: ridge regression, and boosted trees where the
grade hangs on how signals combine (a keyword list has the words but no claim; a swapped answer
has the topic but a crossed point). scikit-learn fits the trees; serving walks them in numpy.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval.items import ScoringItem

CALIBRATION_FILE = "calibration.json"


class StaleCalibrationError(RuntimeError):
    """The calibration was fitted for another judge or other features: run `make calibrate`."""


@dataclass
class Calibration:
    """Ridge regression on standardised features."""

    feature_names: list[str]
    mean: list[float]
    scale: list[float]
    coefficients: list[float]
    intercept: float
    trained_on: int = 0
    sources: dict = field(default_factory=dict)  # hashes of what it was fitted on, and the judge's

    def predict(self, rows: np.ndarray) -> np.ndarray:
        rows = np.atleast_2d(np.asarray(rows, dtype=np.float64))
        standardised = (rows - np.array(self.mean)) / np.array(self.scale)
        return np.clip(standardised @ np.array(self.coefficients) + self.intercept, 0.0, 5.0)


@dataclass
class TreeCalibration:
    """Gradient-boosted regression trees, each a set of parallel node arrays (a leaf is a node
    whose `left` is -1). Monotone in the signals of MONOTONE: more entailment never lowers a
    grade and more contradiction never raises one, however the training rows fell."""

    feature_names: list[str]
    baseline: float
    trees: list[dict]  # {"feature", "threshold", "left", "right", "value"}: lists, one per node
    trained_on: int = 0
    sources: dict = field(default_factory=dict)

    def predict(self, rows: np.ndarray) -> np.ndarray:
        rows = np.atleast_2d(np.asarray(rows, dtype=np.float64))
        feature, threshold, left, right, value = self._stacked
        trees = np.arange(len(self.trees))
        node = np.zeros((len(rows), len(trees)), dtype=np.int64)  # every tree at once, level by level
        for _ in range(feature.shape[1]):
            inner = left[trees, node] >= 0
            if not inner.any():
                break
            goes_left = np.take_along_axis(rows, feature[trees, node], axis=1) <= threshold[trees, node]
            node = np.where(inner, np.where(goes_left, left[trees, node], right[trees, node]), node)
        return np.clip(self.baseline + value[trees, node].sum(axis=1), 0.0, 5.0)

    @cached_property
    def _stacked(self) -> tuple[np.ndarray, ...]:
        """The trees' node arrays padded to one width (trees x nodes); padding is a leaf of 0."""
        width = max(len(tree["value"]) for tree in self.trees)
        out = []
        for key, fill, dtype in [("feature", 0, np.int64), ("threshold", 0.0, np.float64),
                                 ("left", -1, np.int64), ("right", -1, np.int64), ("value", 0.0, np.float64)]:
            padded = [tree[key] + [fill] * (width - len(tree[key])) for tree in self.trees]
            out.append(np.array(padded, dtype=dtype))
        return tuple(out)


# Signs for the trees' monotone constraints: +1 the grade may only rise with the feature, -1 only
# fall; features not named are free.
MONOTONE = {"key_point_entailment": 1, "covered_share": 1, "reference_entailment": 1,
            "authored_entailment": 1, "gated_coverage": 1, "gated_similarity": 1, "gated_lexical": 1,
            "key_point_contradiction": -1, "reference_contradiction": -1, "role_swaps": -1,
            "contradicted_share": -1, "better_fit_margin": -1}
# Chosen from a small grid (150 or 300 rounds, 7, 15 or 31 leaves, monotone or free) on the graded
# set's CV by question; every point of it scored within 4 points of the others on the hard kinds,
# and choosing inside each training fold (nested CV) gave the same figure as this one.
TREE_SETTINGS = {"max_iter": 200, "learning_rate": 0.05, "max_leaf_nodes": 15,
                 "min_samples_leaf": 20, "l2_regularization": 1.0}


def fit_tree_calibration(rows: np.ndarray, grades: np.ndarray, names: list[str]) -> TreeCalibration:
    from sklearn.ensemble import HistGradientBoostingRegressor

    model = HistGradientBoostingRegressor(
        monotonic_cst=[MONOTONE.get(name, 0) for name in names], early_stopping=False,
        random_state=0, **TREE_SETTINGS)
    model.fit(np.asarray(rows, dtype=np.float64), np.asarray(grades, dtype=np.float64))
    trees = []
    for (predictor,) in model._predictors:  # one tree per boosting round for one output
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({"feature": nodes["feature_idx"].tolist(),
                      "threshold": [round(float(t), 9) for t in nodes["num_threshold"]],
                      "left": np.where(leaf, -1, nodes["left"].astype(np.int64)).tolist(),
                      "right": np.where(leaf, -1, nodes["right"].astype(np.int64)).tolist(),
                      "value": [round(float(v), 9) for v in nodes["value"]]})
    return TreeCalibration(list(names), float(np.ravel(model._baseline_prediction)[0]), trees, len(grades))


# Three fits, chosen by the question: where a person wrote the key points (the bank: fitted on
# the team's graded set), and where they are derived from a short or a long reference answer
# (a `make score` file, a coach's own question). One fit across them let the nine thousand
# public answers drown the bank's junk and keyword lists.
KINDS = ("authored", "derived", "derived_long")
# SemEval's references are one or two sentences (all but 10 of its 182 train questions), the
# bank's three or more (all of them): the SemEval fit scored the bank's graded answers, their key
# points removed, at 0.72 on average where the graders gave 1.86.
SHORT_REFERENCE_POINTS = 2


def calibration_kind(item: ScoringItem) -> str:
    if item.key_points:
        return "authored"
    return "derived" if len(item.effective_key_points) <= SHORT_REFERENCE_POINTS else "derived_long"


MODELS = {"ridge": Calibration, "trees": TreeCalibration}
AnyCalibration = Calibration | TreeCalibration


def save_calibrations(calibrations: dict[str, AnyCalibration], directory: Path) -> None:
    Path(directory).mkdir(parents=True, exist_ok=True)
    model_of = {cls: name for name, cls in MODELS.items()}
    payload = {kind: {"model": model_of[type(calibrations[kind])], **asdict(calibrations[kind])}
               for kind in KINDS}
    text = json.dumps(payload, indent=1)
    # A list of numbers on one line: the trees' node arrays are thousands of numbers.
    text = re.sub(r"\[\s*([-+0-9.eE,\s]+?)\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    (Path(directory) / CALIBRATION_FILE).write_text(text + "\n")


def load_calibrations(directory: Path, feature_names: list[str],
                      judge_name: str) -> dict[str, AnyCalibration]:
    path = Path(directory) / CALIBRATION_FILE
    if not path.exists():
        raise StaleCalibrationError(f"no calibration at {path} (run `make calibrate`)")
    raw = json.loads(path.read_text())
    if set(raw) != set(KINDS) or any(raw[kind].get("model") not in MODELS for kind in KINDS):
        raise StaleCalibrationError(f"{path} is not a calibration of this version: run `make calibrate`")
    calibrations = {kind: MODELS[raw[kind].pop("model")](**raw[kind]) for kind in KINDS}
    for calibration in calibrations.values():
        if calibration.feature_names != feature_names:
            raise StaleCalibrationError(f"{path} was fitted on other features: run `make calibrate`")
        if calibration.sources.get("judge") != judge_name:
            raise StaleCalibrationError(f"{path} was fitted for {calibration.sources.get('judge')}, "
                                        f"not {judge_name}: run `make calibrate`")
    return calibrations


def fit_calibration(rows: np.ndarray, grades: np.ndarray, names: list[str],
                    alpha: float = 3.0, weights: np.ndarray | None = None) -> Calibration:
    rows = np.asarray(rows, dtype=np.float64)
    grades = np.asarray(grades, dtype=np.float64)
    weights = np.ones(len(grades)) if weights is None else np.asarray(weights, dtype=np.float64)
    weights = weights / weights.mean()
    mean = np.average(rows, axis=0, weights=weights)
    scale = np.sqrt(np.average((rows - mean) ** 2, axis=0, weights=weights))
    scale[scale < 1e-9] = 1.0
    standardised = (rows - mean) / scale
    intercept = float(np.average(grades, weights=weights))
    weighted = standardised * weights[:, None]
    gram = weighted.T @ standardised + alpha * np.eye(rows.shape[1])
    coefficients = np.linalg.solve(gram, weighted.T @ (grades - intercept))
    # Least squares shrinks predictions toward the mean grade: a complete answer would get
    # about 3 of 5 and a wrong one 2. Stretch them (on the training rows only) until they spread
    # as the grades do; the order, and so every correlation, is unchanged.
    fitted = standardised @ coefficients
    spread = np.sqrt(np.average(fitted ** 2, weights=weights))
    if spread > 1e-9:
        coefficients = coefficients * np.sqrt(np.average((grades - intercept) ** 2, weights=weights)) / spread
    return Calibration(names, mean.tolist(), scale.tolist(), coefficients.tolist(),
                       intercept, len(grades))
