"""The shape of a grade as every layer stores it: the columns of the database's grade rows, in order."""

from __future__ import annotations

GRADE_KEY = ["dfe_code", "year", "framework", "judgement_area", "grade"]  # which grade, for whom
GRADE_COLUMNS = [
    *GRADE_KEY,
    "how_stated",
    "origin",
    "source",
    "source_sha256",
    "locator",
    "line",
    "quote",
    "source_kind",
    "notes",
]
# What `python -m etl extract` prints for each grade a document states.
EXTRACTED_COLUMNS = ["file", "authority", *GRADE_KEY, "how_stated", "line", "quote", "rule"]
