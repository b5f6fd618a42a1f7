"""Maps scoring features to the 0-5 scale: ridge regression fitted on graded answers.

Stored as a small JSON beside the index, so the fit travels with the content it was made for.
Plain numpy: nothing to install beyond what encoding already needs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

CALIBRATION_FILE = "calibration.json"


@dataclass
class Calibration:
    feature_names: list[str]
    mean: list[float]
    scale: list[float]
    coefficients: list[float]
    intercept: float
    trained_on: int = 0
    source_hash: str = ""  # of the graded set and index it was fitted on: refit when it changes

    def predict(self, rows: np.ndarray) -> np.ndarray:
        rows = np.atleast_2d(np.asarray(rows, dtype=np.float64))
        standardised = (rows - np.array(self.mean)) / np.array(self.scale)
        return np.clip(standardised @ np.array(self.coefficients) + self.intercept, 0.0, 5.0)

    def save(self, directory: Path) -> None:
        Path(directory).mkdir(parents=True, exist_ok=True)
        (Path(directory) / CALIBRATION_FILE).write_text(json.dumps(asdict(self), indent=1))

    @classmethod
    def load(cls, directory: Path, feature_names: list[str]) -> Calibration | None:
        """None when there is no calibration or it was fitted on other features."""
        path = Path(directory) / CALIBRATION_FILE
        if not path.exists():
            return None
        calibration = cls(**json.loads(path.read_text()))
        return calibration if calibration.feature_names == feature_names else None


def fit_calibration(rows: np.ndarray, grades: np.ndarray, names: list[str],
                    alpha: float = 3.0) -> Calibration:
    rows = np.asarray(rows, dtype=np.float64)
    grades = np.asarray(grades, dtype=np.float64)
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    standardised = (rows - mean) / scale
    intercept = grades.mean()
    gram = standardised.T @ standardised + alpha * np.eye(rows.shape[1])
    coefficients = np.linalg.solve(gram, standardised.T @ (grades - intercept))
    return Calibration(names, mean.tolist(), scale.tolist(), coefficients.tolist(),
                       float(intercept), len(grades))
