"""Extraction rules and vetoes on documents written for them, `etl explain`, and the scores on ../shared's sets."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from etl import rules
from tests.conftest import FIXTURES, SHARED, csv_rows, run_etl

pytestmark = pytest.mark.unit

RULES_DIR = FIXTURES / "rules"
KEY = ("authority", "year", "framework", "judgement_area", "grade", "rule")


def fixture_rows(name: str) -> list[dict[str, str]]:
    with open(RULES_DIR / name, newline="") as handle:
        return list(csv.DictReader(handle))


EXPECTED = fixture_rows("EXPECTED.csv")
VETOED = fixture_rows("VETOES.csv")
RULE_NAMES = {rule.__name__ for rule in [*rules.ROW_RULES, *rules.SENTENCE_RULES]}
VETO_NAMES = {veto.__name__ for veto in rules.VETOES}


def test_every_rule_and_veto_has_two_documents_of_its_own():
    documents_per_rule = {name: {row["file"] for row in EXPECTED if row["rule"] == name} for name in RULE_NAMES}
    documents_per_veto = {name: {row["file"] for row in VETOED if row["veto"] == name} for name in VETO_NAMES}
    assert {name: len(files) for name, files in documents_per_rule.items() if len(files) < 2} == {}
    assert {name: len(files) for name, files in documents_per_veto.items() if len(files) < 2} == {}


@pytest.mark.parametrize("name", sorted({row["file"] for row in EXPECTED + VETOED}))
def test_document_gives_exactly_its_grades_each_with_its_rule(name):
    result = run_etl("extract", str(RULES_DIR / name))
    found = {tuple(row[k] for k in KEY) for row in csv_rows(result.stdout)}
    assert found == {tuple(row[k] for k in KEY) for row in EXPECTED if row["file"] == name}, result.stderr


@pytest.mark.parametrize("row", VETOED, ids=lambda row: f"{row['veto']}-{row['file']}")
def test_explain_shows_the_veto_that_refused_a_candidate(row):
    result = run_etl("explain", str(RULES_DIR / row["file"]))
    pattern = rf"^\s+line\s+\d+\s+\w+\s+(?:APA|JAR) {row['judgement_area']}\s+\d\s+veto: {row['veto']}\b"
    assert re.search(pattern, result.stdout, re.MULTILINE), result.stdout


def test_explain_marks_what_was_kept_and_names_the_years():
    result = run_etl("explain", str(RULES_DIR / "kirklees_2007_cabinet_report.txt"))
    assert result.stdout.splitlines()[0].endswith("8 candidates, 3 kept; years: APA 2007, JAR not stated")
    assert re.search(r"grade_for_areas\s+APA being_healthy\s+4\s+kept", result.stdout)


def test_a_round_published_in_december_is_dated_by_the_paper_of_that_winter():
    rows = csv_rows(run_etl("extract", str(RULES_DIR / "hartlepool_2008_portfolio_report.txt")).stdout)
    assert {row["year"] for row in rows} == {"2008"}  # the paper is dated 15 January 2009


def test_a_statement_naming_several_authorities_gives_each_a_row():
    rows = csv_rows(run_etl("extract", str(RULES_DIR / "capital_2008_news_roundup.txt")).stdout)
    staying_safe = {row["authority"] for row in rows if row["judgement_area"] == "staying_safe"}
    assert staying_safe == {"Croydon", "Lambeth", "Southwark"}
    assert {row["authority"] for row in rows if row["judgement_area"] == "overall_effectiveness"} == {"Bexley"}


def test_the_manifest_never_overrides_an_authority_the_text_names(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,authority,year,note\ncapital_2008_news_roundup.txt,Bromley,,wrong guess\n")
    result = run_etl("extract", str(RULES_DIR / "capital_2008_news_roundup.txt"), "--manifest", str(manifest))
    assert "Bromley" not in {row["authority"] for row in csv_rows(result.stdout)}


def score(expected: Path, documents: list[Path], tmp_path: Path, *options: str) -> str:
    actual = tmp_path / f"{expected.parent.name}.csv"
    actual.write_text(run_etl("extract", *map(str, documents), *options).stdout)
    scored = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score_extraction.py"), str(expected), str(actual)],
        capture_output=True,
        text=True,
    )
    return scored.stdout


@pytest.mark.parametrize("folder", ["seeds", "extraction-dev/real", "extraction-dev/synthetic"])
def test_shared_sets_score_precision_one_and_recall_at_least_095(folder, shared_seeds, tmp_path):
    directory = SHARED / folder
    documents = sorted(p for p in directory.iterdir() if p.name not in ("EXPECTED.csv", "README.md"))  # every kind
    # The real excerpts r03 and r04 never name their council: their expected authority is blank (CONVENTIONS.md).
    output = score(directory / "EXPECTED.csv", documents, tmp_path)
    precision, recall = map(float, re.search(r"precision ([\d.]+), recall ([\d.]+)$", output.strip()).groups())
    assert precision == 1.0 and recall >= 0.95, output


def test_explain_summary_judges_each_rule_and_veto_against_the_expected_grades():
    result = run_etl("explain", str(RULES_DIR), "--summary", "--expected", str(RULES_DIR / "EXPECTED.csv"))
    table = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:] if not line.startswith("missed")}
    for rule in RULE_NAMES:
        made, kept, right, wrong, extra = map(int, table[rule])
        assert made >= kept == right > 0 and wrong == extra == 0, (rule, table[rule])
    assert all(int(table[veto][0]) >= int(table[veto][1]) for veto in VETO_NAMES)
    assert result.stdout.splitlines()[-1].startswith("missed: 0 of ")


def test_explain_summary_without_expected_grades_counts_only():
    result = run_etl("explain", str(RULES_DIR), "--summary")
    assert result.stdout.splitlines()[0].split() == ["rule", "made", "kept"] and "missed" not in result.stdout
