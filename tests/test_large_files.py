"""Large files, a tier of their own (slow): a 30 MB text is read through and refused, and nothing else is lost."""

from __future__ import annotations

import pytest

from tests.test_bad_input import assert_refused_alone

pytestmark = pytest.mark.slow


def test_a_30_mb_text_file_is_read_through_and_refused_for_having_no_grades(tmp_path, load_beside):
    path = tmp_path / "thirty_megabytes.txt"
    paragraph = "The board noted the minutes of the previous meeting and the partnership's plans for 2008.\n"
    path.write_text(paragraph * (30 * 1024 * 1024 // len(paragraph)))
    result, db, before = load_beside(path)
    assert_refused_alone(result, db, before, path, "no APA or JAR grades found")
