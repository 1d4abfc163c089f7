"""Large files, a tier of their own (slow): a 30 MB text full of grade-like words, in one paragraph with no blank line
(as long PDFs and minutes arrive), is read through in time and memory that grow with its length, and refused."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.test_bad_input import assert_refused_alone

pytestmark = pytest.mark.slow

# Grade words, areas, numbers and "grade" on every line, no full stop on most: the hardest text for the extractor's
# blocks, and no APA or JAR named, so nothing it finds is a grade.
HINTED_LINES = [
    "the board noted good progress on staying safe and the outstanding work of partners on being healthy",
    "with capacity to improve judged as the area to watch, a grade 3 target for schools scored against 4 out of 4",
    "and adequate plans for enjoying and achieving in 2008, while the overall effectiveness of the panel was good",
    "The minutes were agreed.",
]


def test_a_30_mb_paragraph_of_grade_like_words_is_read_through_and_refused(tmp_path, load_beside):
    path = tmp_path / "thirty_megabytes.txt"
    text = "\n".join(HINTED_LINES) + "\n"
    path.write_text(text * (30 * 1024 * 1024 // len(text)))
    result, db, before = load_beside(path)
    assert_refused_alone(result, db, before, path, "no APA or JAR grades found")
    assert peak_megabytes_extracting(path) < 1024


def peak_megabytes_extracting(path) -> float:
    """`python -m etl extract` of the file in a process of its own, and the most memory that process held."""
    measure = (
        "import resource, sys; from etl import cli; cli.main(['extract', sys.argv[1]]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)"
    )
    ran = subprocess.run([sys.executable, "-c", measure, str(path)], cwd=REPO, capture_output=True, text=True)
    return float(ran.stderr.strip().splitlines()[-1])
