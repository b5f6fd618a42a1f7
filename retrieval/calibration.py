"""Maps scoring features to the 0-5 scale: ridge regression fitted on human-graded answers.

Fitted by `make calibrate` on real students' answers (SemEval-2013 train splits) beside the
team's graded set, and committed beside the judge it was fitted for (retrieval/weights/): the
first `make run` needs no data set. Plain numpy.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

CALIBRATION_FILE = "calibration.json"


class StaleCalibrationError(RuntimeError):
    """The calibration was fitted for another judge or other features: run `make calibrate`."""


@dataclass
class Calibration:
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



# Two fits, chosen by the question: where a person wrote the key points (the bank: fitted on the
# team's graded set) and where they are derived from a reference answer (any `make score` file:
# fitted on real students' answers, SemEval-2013). One linear fit across both let the nine
# thousand public answers drown the bank's junk and keyword lists.
KINDS = ("authored", "derived")


def save_calibrations(calibrations: dict[str, Calibration], directory: Path) -> None:
    Path(directory).mkdir(parents=True, exist_ok=True)
    payload = {kind: asdict(calibrations[kind]) for kind in KINDS}
    (Path(directory) / CALIBRATION_FILE).write_text(json.dumps(payload, indent=1) + "\n")


def load_calibrations(directory: Path, feature_names: list[str], judge_name: str) -> dict[str, Calibration]:
    path = Path(directory) / CALIBRATION_FILE
    if not path.exists():
        raise StaleCalibrationError(f"no calibration at {path} (run `make calibrate`)")
    raw = json.loads(path.read_text())
    if set(raw) != set(KINDS):
        raise StaleCalibrationError(f"{path} is not a calibration of this version: run `make calibrate`")
    calibrations = {kind: Calibration(**raw[kind]) for kind in KINDS}
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
