"""Shared paths and helpers for the test tiers (functions, ETL command line, pages, browser)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from etl import cli

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
DOCUMENTS = FIXTURES / "documents"
SHARED = REPO.parent / "shared"
TIERS = ("unit", "pages", "browser", "slow")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test belongs to exactly one tier, so `pytest -m unit` (or pages, browser, slow) runs a whole tier."""
    for item in items:
        tiers = {mark.name for mark in item.iter_markers() if mark.name in TIERS}
        if len(tiers) != 1:
            raise pytest.UsageError(f"{item.nodeid} has tier markers {sorted(tiers)}; give it exactly one of {TIERS}")


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_etl(*args: str) -> Ran:
    """`python -m etl ...` in this process: the command line's own main, with what it prints captured."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = cli.main(list(args))
        except SystemExit as exit:  # argparse's usage errors
            code = exit.code
    return Ran(code, stdout.getvalue(), stderr.getvalue())


def run_etl_as_a_user(*args: str) -> subprocess.CompletedProcess:
    """`python -m etl ...` in a new process from the repository root, exactly as a user types it."""
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=REPO, capture_output=True, text=True)


def machine_names(frame):
    """A table as a page shows it, under the column names the queries use (the pages show plain words)."""
    from insight.tables import COLUMN_LABELS

    return frame.rename(columns={label: name for name, label in COLUMN_LABELS.items()})


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


@pytest.fixture(scope="session")
def small_db(tmp_path_factory) -> Path:
    """A database of the real schema holding the 150 authorities and a few hand-written grades (fixtures/query_grades.csv)."""
    import duckdb

    from etl import AUTHORITIES_CSV
    from etl.load import AGREEMENT_SQL, CONFLICTS_SQL, SCHEMA_SQL

    db = tmp_path_factory.mktemp("small") / "small.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(SCHEMA_SQL)
        con.execute(f"INSERT INTO authorities SELECT * FROM read_csv('{AUTHORITIES_CSV}', all_varchar = true)")
        con.execute(
            "INSERT INTO grades BY NAME SELECT row_number() OVER () AS grade_id, *, 'table' AS how_stated, 'test' AS origin "
            f"FROM read_csv('{FIXTURES / 'query_grades.csv'}', all_varchar = true)"
        )
        con.execute(CONFLICTS_SQL)
        con.execute(AGREEMENT_SQL)
    return db


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> Path:
    """The bundled data alone, built once; each test that changes it works on its own copy (`db`)."""
    db = tmp_path_factory.mktemp("bundled") / "db.duckdb"
    result = run_etl("load", "--db", str(db), "--manifest", str(FIXTURES / "no-manifest.csv"))
    assert db.exists(), result.stderr
    return db


@pytest.fixture
def db(bundled_db, tmp_path, monkeypatch) -> Path:
    """A copy of the bundled data alone, in a data folder of its own, that the dashboard (APA_DB) reads."""
    copy = tmp_path / "data" / "db.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(bundled_db, copy)
    monkeypatch.setenv("APA_DB", str(copy))
    return copy


def open_page(page: str, **params: str):
    """A fresh app session (AppTest) on the database APA_DB names, opened at a page with these URL parameters."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    at.query_params.update(params)
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def app(loaded_db, monkeypatch):
    """open_page on the test database."""
    monkeypatch.setenv("APA_DB", str(loaded_db))
    return open_page


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SCREENSHOTS = REPO / "tests" / "screenshots"
SCRIPT_IDLE = '[data-test-script-state="notRunning"]'  # the page's script has finished its run


def wait_until_settled(page) -> None:
    """Until the page's rerun has finished: a click on a download while the run still draws the page can land on a
    button the run is about to replace, and nothing is downloaded."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
    page.locator(SCRIPT_IDLE).wait_for(state="attached", timeout=60000)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(
    script: Path,
    env_db: Path | None = None,
    timeout: float = 60,
    replies_log: Path | None = None,
    port: int | None = None,
    options: tuple[str, ...] = (),
) -> tuple[subprocess.Popen, str]:
    """Run a Streamlit script on a free localhost port (or this one) and wait until it answers its health check.

    With replies_log, the server writes down how long it takes to answer each rerun (tests/timed_streamlit.py);
    options are more of Streamlit's command-line options ("--secrets.files", path)."""
    import os
    import tempfile
    import time
    import urllib.request

    port = port or free_port()
    env = {**os.environ, "APA_DB": str(env_db)} if env_db else dict(os.environ)
    streamlit = [str(REPO / "tests" / "timed_streamlit.py"), str(replies_log)] if replies_log else ["-m", "streamlit"]
    command = [
        sys.executable,
        *streamlit,
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        *options,
    ]
    log = tempfile.TemporaryFile()  # noqa: SIM115  # a file, not a pipe: a full pipe nobody reads would stop the server
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.3)
    server.kill()
    log.seek(0)
    raise RuntimeError(f"Streamlit did not start: {log.read().decode()[-2000:]}")


@pytest.fixture(scope="session")
def app_url(loaded_db):
    server, url = start_streamlit(REPO / "dashboard.py", loaded_db)
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright; its absence fails the browser tests rather than skipping them."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A tab of its own, tall enough to hold a page's charts, that keeps downloads."""
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


# A database holding one document, and loads of bad files beside a good one into copies of it (test_bad_input,
# test_large_files).
ALREADY_LOADED = "solihull_2007_jar_report.txt"  # in the database before the bad batch
SAME_BATCH = "sunderland_2008_exec_report.txt"  # loaded beside each bad file
GRADE_COLUMNS = "dfe_code, year, framework, judgement_area, grade, source, locator, quote"


def grade_rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def loaded_before(tmp_path_factory) -> Path:
    """A database (and its document store) holding the bundled data and one document."""
    folder = tmp_path_factory.mktemp("before")
    result = run_etl(
        "load", "--db", str(folder / "db.duckdb"), "--manifest", str(folder / "none.csv"), str(DOCUMENTS / ALREADY_LOADED)
    )
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def load_beside(loaded_before, tmp_path) -> Callable[..., tuple]:
    """Load files beside a good one into a copy of the database: (result, db, grades before)."""
    shutil.copytree(loaded_before, tmp_path / "data")
    db = tmp_path / "data" / "db.duckdb"
    before = grade_rows(db, f"SELECT {GRADE_COLUMNS} FROM grades ORDER BY ALL")

    def load(*paths: Path, manifest: Path | None = None) -> tuple:
        manifest_args = ["--manifest", str(manifest or tmp_path / "none.csv")]
        result = run_etl("load", "--db", str(db), *manifest_args, *map(str, paths), str(DOCUMENTS / SAME_BATCH))
        return result, db, before

    return load
