"""The bank validator: a broken file is named with its line, question id and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from questionbank import BankError, load_bank
from questionbank.__main__ import main
from questionbank.coverage import coverage_table
from tests.conftest import DATA

GOOD = (DATA / "bank" / "statistics" / "hypothesis_testing.yml").read_text()


def bank_with(tmp_path: Path, text: str, name: str = "statistics/hypothesis_testing.yml") -> Path:
    root = tmp_path / "questions"
    shutil.copytree(DATA / "bank", root)
    (root / name).write_text(text)
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(BankError) as error:
        load_bank(root)
    return [str(p) for p in error.value.problems]


def test_the_fixture_bank_is_valid():
    assert len(load_bank(DATA / "bank")) == 5


def test_a_missing_field_names_file_line_id_and_field(tmp_path):
    broken = GOOD.replace("    hint: Which hypothesis do you assume when you compute it?\n", "")
    [problem] = problems(bank_with(tmp_path, broken))
    assert problem.startswith("questions/statistics/hypothesis_testing.yml:")
    assert "question 't-stat-pvalue'" in problem and "field 'hint'" in problem
    assert "Field required" in problem


def test_a_bad_value_points_at_its_line(tmp_path):
    broken = GOOD.replace("difficulty: junior", "difficulty: expert")
    [problem] = problems(bank_with(tmp_path, broken))
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "expert" in text)
    assert f"hypothesis_testing.yml:{line}, question 't-stat-pvalue', field 'difficulty'" in problem
    assert "junior" in problem  # says what is expected


def test_too_few_reference_answers_and_key_points(tmp_path):
    start = GOOD.index("      - >-\n        Under the null")
    end = GOOD.index("    key_points:")
    broken = GOOD[:start] + GOOD[end:]
    broken = broken.replace("      - It is not the probability that the null hypothesis is true\n", "")
    rejected = "      - The null is rejected when the p-value is below the significance level\n"
    broken = broken.replace(rejected, "")
    found = problems(bank_with(tmp_path, broken))
    assert any("field 'reference_answers'" in p and "at least 2" in p for p in found)
    assert any("field 'key_points'" in p and "at least 3" in p for p in found)


def test_a_follow_up_must_point_at_a_key_point(tmp_path):
    broken = GOOD.replace("      - key_point: 4", "      - key_point: 9")
    [problem] = problems(bank_with(tmp_path, broken))
    assert "question 't-stat-pvalue'" in problem and "follow_ups" in problem


def test_invalid_yaml_names_the_line(tmp_path):
    [problem] = problems(bank_with(tmp_path, GOOD.replace("    topic: hypothesis testing",
                                                          "    topic: [unclosed")))
    assert "hypothesis_testing.yml:" in problem and "not valid YAML" in problem


def test_duplicate_ids_across_files_are_reported(tmp_path):
    duplicate = GOOD.replace("topic: hypothesis testing", "topic: descriptive statistics")
    found = problems(bank_with(tmp_path, duplicate, "statistics/descriptive_statistics.yml"))
    assert any("t-stat-pvalue" in p and "duplicate" in p.lower() for p in found)


def test_a_question_in_the_wrong_file_is_reported(tmp_path):
    root = bank_with(tmp_path, GOOD, "statistics/sampling.yml")
    (root / "statistics" / "hypothesis_testing.yml").unlink()
    [problem] = problems(root)
    assert "field 'topic'" in problem and "hypothesis_testing.yml" in problem


def test_the_command_prints_problems_and_fails(tmp_path, capsys):
    root = bank_with(tmp_path, GOOD.replace("track: statistics", "track: physics"))
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    assert "1 problem(s)" in err and "field 'track'" in err


def test_coverage_table_counts_track_topic_and_level(capsys):
    assert main(["coverage", str(DATA / "bank")]) == 0
    table = capsys.readouterr().out
    assert "hypothesis testing" in table
    assert coverage_table(load_bank(DATA / "bank")).count("total") >= 4
