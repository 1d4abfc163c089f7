"""ETL for children's services inspection grades: documents and bundled data into DuckDB."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "data"
AUTHORITIES_CSV = DATA_DIR / "authorities.csv"
MANIFEST_CSV = DATA_DIR / "manifest.csv"


def default_db_path() -> Path:
    """The database the dashboard reads; APA_DB overrides it (tests, a second copy)."""
    return Path(os.environ.get("APA_DB", DATA_DIR / "children_services.duckdb"))
