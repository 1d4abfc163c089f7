"""Property tests: papers in the fixtures' layouts with random distractors and random planted grades.

Whatever Hypothesis draws, the extractor does not crash, reports no grade outside 1-4, names the planted
authority and year, and recovers exactly the planted grades: no more (no distractor read as a grade), no fewer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import AUTHORITIES_CSV
from etl.authorities import AuthorityIndex
from etl.documents import process_document
from etl.read import Document
from tests import generated

pytestmark = pytest.mark.unit

INDEX = AuthorityIndex.from_csv(AUTHORITIES_CSV)
AUTHORITIES = generated.authorities()

grades = st.dictionaries(st.sampled_from(generated.AREAS), st.integers(1, 4), min_size=1)
papers = st.builds(
    generated.Paper,
    official_name=st.sampled_from([row["official_name"] for row in AUTHORITIES]),
    year=st.sampled_from([2007, 2008]),
    grades=grades,
    layout=st.sampled_from(list(generated.LAYOUTS)),
    paragraph_number=st.builds(lambda a, b: f"{a}.{b}", st.integers(1, 9), st.integers(1, 19)),
    percentage=st.integers(1, 99),
    meeting_day=st.integers(1, 28),
    last_year=grades | st.just({}),
    with_key=st.booleans(),
)


def extracted(paper: generated.Paper):
    text = generated.render(paper)
    document = Document(path=Path("generated.txt"), sha256="", kind="text", lines=text.split("\n"))
    return process_document(document, INDEX, {})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers)
def test_the_planted_grades_and_only_they_are_recovered(paper):
    result = extracted(paper)
    assert not result.error and not result.held_back_reason, (result.error, result.held_back_reason, generated.render(paper))
    assert all(1 <= row["grade"] <= 4 for row in result.rows)
    assert {row["authority"] for row in result.rows} == {INDEX.lookup(paper.official_name).name}
    assert {row["year"] for row in result.rows} == {paper.year}
    assert {row["judgement_area"]: row["grade"] for row in result.rows} == paper.grades, generated.render(paper)
    assert len(result.rows) == len(paper.grades)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(list(generated.LAYOUTS)))
def test_random_text_around_a_paper_never_crashes_or_reports_a_grade_off_the_scale(noise, layout):
    paper = generated.Paper("Luton Borough Council", 2008, {"staying_safe": 3}, layout=layout)
    lines = [*noise.split("\n"), *generated.render(paper).split("\n"), *noise[::-1].split("\n")]
    result = process_document(Document(Path("noisy.txt"), "", "text", lines), INDEX, {})
    assert all(1 <= row["grade"] <= 4 for row in result.rows)
