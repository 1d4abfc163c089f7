"""Shared paths and helpers for the test tiers (functions, ETL command line, pages, browser)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
DOCUMENTS = FIXTURES / "documents"
SHARED = REPO.parent / "shared"


def run_etl(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m etl ...` as a user would, from the repository root."""
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True, env=env)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    """The real seed documents beside the repository; their absence is a failure, not a skip."""
    seeds = SHARED / "seeds"
    if not (seeds / "EXPECTED.csv").exists():
        pytest.fail(f"{seeds} is missing: the seed documents must sit beside the repository as ../shared")
    return seeds


@pytest.fixture(scope="session")
def loaded_db(tmp_path_factory) -> Path:
    """A database built from the bundled data plus every fixture document, once per session."""
    db = tmp_path_factory.mktemp("db") / "test.duckdb"
    result = run_etl(
        "load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"), *map(str, sorted(DOCUMENTS.iterdir()))
    )
    assert db.exists(), result.stderr
    return db
