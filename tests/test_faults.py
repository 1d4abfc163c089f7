"""A load killed at any moment: the database the dashboard reads is the old one or the new complete one, the
document store holds no half-copied file, and the next load completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.load import stored_documents
from tests import generated
from tests.conftest import REPO

pytestmark = pytest.mark.slow

PAPERS = 300
# Kill after this many documents' progress lines: early, in the middle, and (the last ones) in the copying.
KILL_AFTER = [1, 40, 90, 150, 210, 260, 299]
# Then after the last progress line, at these fractions of the time a whole load takes from there to its end:
# building the new database aside, then swapping it in.
OF_THE_BUILD = [0.2, 0.5, 0.8, 0.95, 1.0, 1.1, 1.5]


def state(db: Path) -> tuple:
    """What the dashboard would read: when the database was built and what it holds."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT (SELECT max(loaded_at) FROM load_info), (SELECT count(*) FROM documents), (SELECT count(*) FROM grades)"
        ).fetchone()


def load(db: Path, papers: Path, kill_after: int | None = None, wait_ms: float = 0) -> tuple[int, float]:
    """`python -m etl load` of the papers, killed with SIGKILL after kill_after progress lines (+ wait_ms);
    (exit status, milliseconds from the last progress line read to the end)."""
    command = [sys.executable, "-m", "etl", "load", "--db", str(db), "--manifest", str(db.parent / "none.csv"), str(papers)]
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True)
    last_line = time.perf_counter()
    for number, line in enumerate(process.stderr, start=1):
        if "[" not in line:  # the summary after the progress lines
            continue
        last_line = time.perf_counter()
        if kill_after is not None and number >= kill_after:
            time.sleep(wait_ms / 1000)
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait()
    return process.returncode, (time.perf_counter() - last_line) * 1000


def test_a_load_killed_at_any_moment_leaves_the_old_or_the_new_database(tmp_path):
    db = tmp_path / "data" / "db.duckdb"
    db.parent.mkdir()
    first = generated.batch(tmp_path / "first", 2, year=2007)  # the same names as two of the papers, other words
    assert load(db, first[0].parent)[0] == 0
    old = state(db)
    papers = generated.batch(tmp_path / "papers", PAPERS)[0].parent
    given = {path.read_bytes() for path in [*first, *papers.iterdir()]}
    new = (2 + PAPERS, old[2] + 7 * PAPERS)
    rehearsal = tmp_path / "rehearsal" / "db.duckdb"
    rehearsal.parent.mkdir()
    build_ms = load(rehearsal, papers)[1]
    kills = [(after, 0) for after in KILL_AFTER] + [(PAPERS + 2, build_ms * fraction) for fraction in OF_THE_BUILD]
    found_old = []
    for kill_after, wait_ms in kills:
        assert load(db, papers, kill_after, wait_ms)[0] in (-signal.SIGKILL, 0)
        now = state(db)
        assert now == old or now[1:] == new, (kill_after, wait_ms, now, old)
        found_old.append(now == old)
        stored = stored_documents(db.parent / "documents")
        assert all(document.read_bytes() in given for document in stored), "a half-copied document is in the store"
    assert found_old[0] and not found_old[-1], f"kills should find both the old and the new database: {found_old}"
    assert load(db, papers)[0] == 0
    assert state(db)[1:] == new
    assert not [p for p in db.parent.rglob("*") if ".tmp-" in p.name or ".partial-" in p.name]
