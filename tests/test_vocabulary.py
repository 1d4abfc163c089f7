"""The vocabulary is the one statement of each domain fact: the database's checks and columns agree with it."""

from __future__ import annotations

import re

import pytest

from etl.load import SCHEMA_SQL
from vocabulary.areas import APA_2006_ONLY, APA_2007_AREAS, APA_AREAS, AREA_LABELS, JAR_ONLY_AREAS, judged
from vocabulary.comparison import enough_loaded
from vocabulary.frameworks import (
    FIRST_ROUND,
    FRAMEWORK_EVERYDAY,
    FRAMEWORK_HINTS,
    FRAMEWORK_IN_FULL,
    FRAMEWORKS,
    LAST_ROUND,
    ROUNDS,
    YEARS,
)
from vocabulary.grades import GRADE_LABELS, GRADE_WORD_PATTERN, GRADE_WORDS
from vocabulary.indicators import POLARITIES
from vocabulary.records import GRADE_COLUMNS

pytestmark = pytest.mark.unit


def table_sql(table: str) -> str:
    return re.search(rf"CREATE TABLE {table} \((.*?)\n\);", SCHEMA_SQL, re.S).group(1)


def columns(table: str) -> list[str]:
    return [line.split()[0] for line in table_sql(table).splitlines() if re.match(r"\s+[a-z_0-9]+ [A-Z]", line)]


def test_the_schemas_checks_are_the_vocabularys():
    grades = table_sql("grades")
    assert f"year BETWEEN {FIRST_ROUND} AND {LAST_ROUND}" in grades
    assert f"grade BETWEEN {min(GRADE_LABELS)} AND {max(GRADE_LABELS)}" in grades
    assert re.search(r"framework IN \(([^)]*)\)", grades).group(1) == ", ".join(f"'{f}'" for f in FRAMEWORKS)
    polarity = re.search(r"polarity IN \(([^)]*)\)", table_sql("indicator_catalogue")).group(1)
    assert polarity == ", ".join(f"'{p}'" for p in POLARITIES)


def test_a_grade_row_has_the_vocabularys_columns_in_order():
    assert [c for c in columns("grades") if c not in ("grade_id", "rule")] == GRADE_COLUMNS


def test_the_rounds_are_those_ofsted_and_the_audit_commission_held():
    assert list(ROUNDS["APA"]) == YEARS == [2005, 2006, 2007, 2008]
    assert list(ROUNDS["JAR"]) == [2005, 2006, 2007, 2008, 2009]  # the last JARs were published in 2009
    assert (FIRST_ROUND, LAST_ROUND) == (2005, 2009)


@pytest.mark.parametrize(
    ("area", "year", "was_judged"),
    [
        ("overall_effectiveness", 2006, False),
        ("overall_effectiveness", 2007, True),
        ("social_care", 2006, True),
        ("social_care", 2008, False),
        ("looked_after_children", 2006, False),
        ("staying_safe", 2005, True),
    ],
)
def test_what_the_apa_judged_changed_in_2007(area, year, was_judged):
    assert judged("APA", area, year) is was_judged


@pytest.mark.parametrize(
    ("area", "was_judged"),
    [("safeguarding", True), ("looked_after_children", True), ("being_healthy", True), ("social_care", True),
     ("overall_effectiveness", False), ("childrens_services", False), ("education", False)],
)  # fmt: skip
def test_a_jar_judged_its_own_areas_and_the_outcomes_never_the_apas_headline_grades(area, was_judged):
    assert judged("JAR", area, 2006) is was_judged


def test_the_area_lists_are_drawn_from_one_set_of_labels():
    assert set(APA_AREAS) | set(JAR_ONLY_AREAS) <= set(AREA_LABELS)
    assert set(APA_2007_AREAS) | APA_2006_ONLY == set(APA_AREAS)


def test_every_grade_word_is_found_by_the_one_pattern_and_the_longest_wins():
    pattern = re.compile(rf"\b{GRADE_WORD_PATTERN}\b", re.IGNORECASE)
    for word, grade in GRADE_WORDS.items():
        assert pattern.fullmatch(word.title()), word
        assert GRADE_WORDS[pattern.search(f"judged {word} overall").group(0)] == grade


def test_every_name_of_a_framework_holds_one_of_its_hints():
    """The extractor skips the framework patterns in a text holding no hint: a name without one would go unread."""
    names = [*FRAMEWORK_IN_FULL, *FRAMEWORK_IN_FULL.values(), *FRAMEWORK_EVERYDAY.values()]
    assert all(any(hint in name.lower() for hint in FRAMEWORK_HINTS) for name in names)


@pytest.mark.parametrize(
    ("loaded", "of", "enough"),
    [(50, 150, True), (49, 150, False), (11, 33, True), (10, 33, False), (3, 9, True), (2, 3, False), (150, 150, True)],
)
def test_a_rank_or_median_needs_a_third_of_the_set_loaded_and_never_fewer_than_three(loaded, of, enough):
    assert enough_loaded(loaded, of) is enough


def test_a_rank_always_says_of_how_many_loaded_and_of_englands_150_or_is_not_given():
    from insight.words import rank_text

    assert rank_text(12, 68, 1) == "12th= of 68 loaded, of 150"
    assert rank_text(1, 9, 0) == "", "9th of 9 loaded would read like a league position"
