"""The register of data files stays complete: every file under data/ is described, and nothing else."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest

from etl import DATA_DIR
from tests.conftest import REPO

pytestmark = pytest.mark.unit


def tracked_data_files() -> set[str]:
    listed = subprocess.run(["git", "ls-files", "data"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    files = {line.removeprefix("data/") for line in listed.splitlines()}
    return files or {p.name for p in DATA_DIR.iterdir() if p.is_file() and not p.name.endswith(".duckdb")}


def test_every_data_file_is_registered_with_source_and_terms():
    register = pd.read_csv(DATA_DIR / "register.csv", dtype=str, keep_default_na=False)
    assert set(register["file"]) == tracked_data_files()
    bundled = register[~register["file"].isin(["manifest.csv", "register.csv"])]
    assert (bundled[["what", "source", "licence_or_terms", "retrieved"]] != "").all().all()
