"""Build the dashboard's DuckDB database from the bundled data and the document store.

`load` copies any documents it is given into the store (data/documents beside the database)
and rebuilds the whole database aside, then swaps it in: the same inputs always give the same
database, and a load that fails leaves the previous one untouched. It prints nothing: it
returns a LoadReport and reports progress through a callback.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import AUTHORITIES_CSV, audit, batch, bundled, cache, decisions, indicators
from etl import neighbours as statistical_neighbours
from etl.authorities import AuthorityIndex
from etl.documents import DocumentResult, result_of
from etl.manifest import ManifestEntry, read_manifest, rows_without_documents
from etl.read import KINDS
from vocabulary.records import GRADE_COLUMNS

SCHEMA_SQL = (Path(__file__).parent / "schema.sql").read_text()

CONFLICTS_SQL = """
CREATE TABLE conflicts AS
SELECT dfe_code, year, framework, judgement_area,
       list(DISTINCT grade ORDER BY grade) AS grades,
       count(*) AS sources,
       string_agg(grade || ' from ' || source || ' (' || locator || ')', '; ' ORDER BY grade_id) AS detail
FROM grades
GROUP BY ALL
HAVING count(DISTINCT grade) > 1
"""

COVERAGE_SQL = """
SELECT framework, year, count(DISTINCT dfe_code) AS authorities, count(*) AS grades
FROM grades GROUP BY ALL ORDER BY framework, year
"""

AGREEMENT_SQL = """
CREATE VIEW grade_agreement AS
SELECT dfe_code, year, framework, judgement_area,
       count(*) AS sources,
       count(DISTINCT grade) AS distinct_grades,
       CASE WHEN count(DISTINCT grade) > 1 THEN 'conflict'
            WHEN count(*) > 1 THEN 'corroborated'
            ELSE 'single source' END AS agreement
FROM grades
GROUP BY ALL
"""


Progress = Callable[[int, int, DocumentResult], None]
RELEASE_HINT = "Name its authority and year in data/manifest.csv (file,authority,year,note) and load again"
INDICATORS_ADDED, NEIGHBOURS_ADDED = "indicators_added", "neighbours_added"  # beside the database: what editors added
OCR_HINT = "check them against the page on the Add documents page, or load again with --accept-ocr to take them all"


class LoadFailed(Exception):
    """The new database could not be built; the previous one is unchanged."""


@dataclass
class LoadReport:
    """What a load did: each stored document's result, the problems to report, notes, and the database's counts."""

    results: list[DocumentResult]
    problems: list[str]
    notes: list[str]
    counts: dict[str, int]
    coverage: pd.DataFrame

    @property
    def errors(self) -> int:
        return len(self.problems) + sum(result.status == "error" for result in self.results)


def load(
    paths: list[Path], manifest_path: Path | None, db_path: Path, progress: Progress | None = None, accept_ocr: bool = False
) -> LoadReport:
    """Store the given documents and indicator files, then rebuild the database from everything stored.

    One pass: each document is read and extracted once; progress(number, total, result) is called after each. Grades
    read by OCR wait for a person to confirm them; accept_ocr confirms them all, in the audit, as the OS user.
    """
    store = db_path.parent / "documents"
    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    manifest, problems = read_manifest(manifest_path, index)
    notes: list[str] = []
    for path in (p for p in paths if p.suffix.lower() in indicators.IMPORT_KINDS and not indicators.is_sidecar(p)):
        problems += store_indicator_file(path, index, db_path.parent / INDICATORS_ADDED, notes)
    documents = [p for p in paths if p.suffix.lower() not in indicators.IMPORT_KINDS]
    stored = stored_documents(store)
    problems += rows_without_documents(manifest, {p.name for p in [*stored, *documents]}, manifest_path)
    decided = decisions.decided(store)  # what people decided, from the audit: read once for the whole store
    manifest |= decisions.chosen(decided, index)  # keyed by SHA-256: what the user picked on the Add documents page
    entries = cache.folder(db_path.parent / "cache")  # this extractor version's readings, others dropped
    results, document_problems = process_documents(
        documents, stored, store, index, manifest, decided, progress, notes, entries, accept_ocr
    )
    series = stored_indicator_series(index, db_path.parent / INDICATORS_ADDED, entries)
    neighbours = statistical_neighbours.stored(index, db_path.parent / NEIGHBOURS_ADDED, bundled.NEIGHBOURS_CSV)
    try:
        counts, coverage = build_database(db_path, results, series, neighbours.rows, index)
    except (duckdb.Error, OSError, ValueError) as error:
        raise LoadFailed(str(error)) from error
    return LoadReport(results, problems + document_problems + series.problems + neighbours.problems, notes, counts, coverage)


def process_documents(
    new: list[Path],
    stored: list[Path],
    store: Path,
    index: AuthorityIndex,
    manifest: dict[str, ManifestEntry],
    decided: decisions.Decided,
    progress: Progress | None,
    notes: list[str],
    entries: Path,
    accept_ocr: bool,
) -> tuple[list[DocumentResult], list[str]]:
    """Every stored document's result, the new ones copied into the store first (once per content). Each is read only
    if this extractor version has not read its content before (etl/batch.py, etl/cache.py).

    A new document's refused grades are problems and its disagreements notes; a stored one's were said when it came.
    Each new one stored is an event in the audit, made by the operating-system user.
    """
    results: dict[str, DocumentResult] = {}  # by content, so a document stored twice is read once
    problems: list[str] = []
    candidates = [(path, False) for path in stored] + [(path, True) for path in new]

    def result(path: Path, reading: batch.Read) -> DocumentResult:
        if isinstance(reading, str):
            return DocumentResult(path=path, error=reading)
        return decisions.as_decided(result_of(reading, path, index, manifest), decided, index)

    outcomes: dict[Path, DocumentResult] = {}

    def told(done: int, total: int, path: Path, reading: batch.Read) -> None:
        outcomes[path] = result(path, reading)  # worked out once, as it is read, for the progress and below
        if progress:
            progress(done, total, outcomes[path])

    readings = batch.read_all([path for path, _ in candidates], entries, told)
    for path, is_new in candidates:
        outcome = outcomes[path]
        if outcome.ocr_waiting and accept_ocr:
            _accept_ocr(store, path, result_of(readings[path], path, index, manifest), decided, index)
            outcome = result(path, readings[path])
        if outcome.ocr_waiting:
            notes.append(f"{path}: {outcome.ocr_waiting} grades read by OCR wait for a person to confirm them: {OCR_HINT}")
        if is_new:
            problems += _what_went_wrong(path, outcome)
            notes += [f"{path}: note: {warning}" for warning in outcome.warnings]
        if not (is_new and outcome.error) and (outcome.sha256 or str(path)) not in results:
            if is_new:
                outcome = replace(outcome, path=_copy_into(store, path, outcome.sha256))
                audit.record(store, {"action": "load", "who": audit.command_line_user(), "sha256": outcome.sha256,
                                     "file_name": path.name})  # fmt: skip
            results[outcome.sha256 or str(path)] = outcome
    return sorted(results.values(), key=lambda result: result.path.name), problems


def _accept_ocr(store: Path, path: Path, read: DocumentResult, decided: decisions.Decided, index: AuthorityIndex) -> None:
    """Confirm every grade of a document read by OCR that no person has decided, in the audit, as the OS user."""
    rows = decisions.with_corrections(read, decided, index).rows
    waiting = [row for row in rows if row.get("ocr_page") and not decisions.verdict(decided, read.sha256, row)]
    decisions.decide(store, read.sha256, path.name, waiting, [True] * len(waiting), audit.command_line_user())
    decided.verdicts |= {(read.sha256, *decisions.key_of(row)): "confirm" for row in waiting}


def _what_went_wrong(path: Path, result: DocumentResult) -> list[str]:
    """A new document's problems, a line each: why it was refused, the grades it states that cannot be right, why it waits."""
    if result.error:
        return [f"{path}: {result.error}"]
    held = [f"{path}: stored but held back: {result.held_back_reason}. {RELEASE_HINT}"] if result.held_back_reason else []
    return [f"{path}: {refused}" for refused in result.refused] + held


def _indicator_file(path: Path, index: AuthorityIndex, entries: Path) -> indicators.Checked:
    sidecar = indicators.sidecar_of(path)
    key = hashlib.sha256(path.read_bytes() + (sidecar.read_bytes() if sidecar.exists() else b"")).hexdigest()
    checked = cache.recalled_indicators(entries, key)
    if checked is None:
        checked = indicators.read_indicator_file(path, index)
        cache.keep_indicators(entries, key, checked)
    return checked


def _copy_into(store: Path, path: Path, sha256: str) -> Path:
    """Copy aside, then rename into the content's SHA-256 folder, the file's own name kept for display: a load
    killed mid-copy leaves no half document in the store, and two files of one name never meet."""
    target = store / sha256 / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = store / f".{target.name}.partial-{os.getpid()}"
    shutil.copyfile(path, partial)
    os.replace(partial, target)
    return target


def store_indicator_file(path: Path, index: AuthorityIndex, store: Path, notes: list[str]) -> list[str]:
    """Keep a user's indicator file if any row of it loads; its bad rows are reported on every load."""
    checked = indicators.read_indicator_file(path, index)
    if checked.rows.empty:
        return checked.problems or [f"{path}: no indicator rows found"]
    store.mkdir(parents=True, exist_ok=True)
    for kept in (path, indicators.sidecar_of(path)):  # the definitions travel with the rows
        if kept.exists():
            shutil.copyfile(kept, store / kept.name)
    defined = f", {len(checked.definitions)} indicators defined" if len(checked.definitions) else ""
    notes.append(f"{path.name}: {len(checked.rows)} indicator rows{defined}, {len(checked.problems)} problems")
    return []


def stored_indicator_series(index: AuthorityIndex, store: Path, entries: Path) -> indicators.Checked:
    """The bundled series and every indicator file the user has added, each file read only if this version has not
    read its content (with its definitions) before."""
    kept = sorted(store.iterdir()) if store.is_dir() else []
    files = [p for p in kept if p.suffix.lower() in indicators.IMPORT_KINDS and not indicators.is_sidecar(p)]
    checked = [indicators.bundled_series(index), *(_indicator_file(path, index, entries) for path in files)]
    definitions = pd.concat(
        [pd.DataFrame(columns=[*indicators.CATALOGUE_COLUMNS, "file"])]
        + [c.definitions.assign(file=p.name) for c, p in zip(checked[1:], files)],
        ignore_index=True,
    )
    differ = definitions.drop_duplicates(indicators.CATALOGUE_COLUMNS).loc[lambda d: d["indicator_id"].duplicated(keep=False)]
    clashes = [
        f"{store}: indicator '{indicator}' is defined differently in {' and '.join(group['file'])}: the first is used"
        for indicator, group in differ.groupby("indicator_id")
    ]
    return indicators.Checked(
        pd.concat([c.rows for c in checked], ignore_index=True),
        [p for c in checked for p in c.problems] + clashes,
        definitions.drop_duplicates("indicator_id")[indicators.CATALOGUE_COLUMNS],
    )


def stored_documents(store: Path) -> list[Path]:
    """Each stored document: in its SHA-256 folder, or loose in the store as earlier versions kept them."""
    if not store.is_dir():
        return []
    files = [*store.glob("*"), *store.glob("*/*")]
    return sorted(p for p in files if p.is_file() and p.suffix.lower() in KINDS and not p.name.startswith("."))


def build_database(
    db_path: Path, results: list[DocumentResult], series: indicators.Checked, neighbours: pd.DataFrame, index: AuthorityIndex
) -> tuple[dict[str, int], pd.DataFrame]:
    """Write every table into a new file beside db_path, then swap it in; return its counts and coverage."""
    loaded_at = datetime.now().replace(microsecond=0)
    published, published_held = bundled.published_grades(index)
    seeds, seeds_held = bundled.seed_facts()
    documents, extracted, extracted_held = _document_frames(results, loaded_at)
    grades = pd.concat([extracted, seeds, published], ignore_index=True)
    grades.insert(0, "grade_id", range(1, len(grades) + 1))
    authorities = bundled.read_csv(AUTHORITIES_CSV)
    tables = {
        "authorities": authorities,
        "map_hexes": bundled.map_hexes(authorities),
        "documents": documents,
        "grades": grades,
        "held_back": pd.concat([extracted_held, seeds_held, published_held], ignore_index=True),
        "statistical_neighbours": neighbours,
        "indicator_catalogue": pd.concat([indicators.catalogue(), series.definitions], ignore_index=True),
        "indicators": series.rows,
    }
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_what_killed_loads_left(db_path)
    temporary = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(temporary)) as con:
            con.execute(SCHEMA_SQL)
            for table, frame in tables.items():
                _insert(con, table, frame)
            con.execute(CONFLICTS_SQL)
            con.execute(AGREEMENT_SQL)
            counts = _record_load(con, loaded_at, sum(r.status == "error" for r in results))
            coverage = con.execute(COVERAGE_SQL).df()
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    return counts, coverage


def _remove_what_killed_loads_left(db_path: Path) -> None:
    """Databases half-built, and documents half-copied, by loads that were killed (their process is gone)."""
    leftovers = [*db_path.parent.glob(f"{db_path.name}.tmp-*"), *(db_path.parent / "documents").glob(".*.partial-*")]
    for leftover in leftovers:
        pid = re.search(r"(?:tmp|partial)-(\d+)", leftover.name)
        if pid and not _running(int(pid[1])):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # running, as another user
    return True


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("staged", frame)
    columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    present = ", ".join(f'"{c}"' for c in columns if c in frame.columns)
    con.execute(f"INSERT INTO {table} ({present}) SELECT {present} FROM staged")
    con.unregister("staged")


def _record_load(con: duckdb.DuckDBPyConnection, loaded_at: datetime, errors: int) -> dict[str, int]:
    counts = {
        name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        for name in ("documents", "grades", "held_back", "conflicts", "indicators")
    }
    con.execute(
        "INSERT INTO load_info VALUES (?, ?, ?, ?, ?, ?)",
        [loaded_at, counts["documents"], counts["grades"], counts["held_back"], counts["conflicts"], errors],
    )
    return counts


def _stored_at(path: Path, otherwise: datetime) -> datetime:
    """When a document entered the store (its copy's time there): a later rebuild does not make it newer."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        return otherwise


def _document_frames(results: list[DocumentResult], loaded_at: datetime) -> tuple[pd.DataFrame, ...]:
    """(documents, loadable grades, held-back grades) from the processed store."""
    documents = pd.DataFrame(
        [
            {
                "document_id": number,
                "path": str(result.path),
                "file_name": result.path.name,
                "sha256": result.sha256 or None,
                "kind": result.kind or None,
                "status": result.status,
                "dfe_code": result.dfe_code or None,
                "authority_note": result.authority_note,
                "reason": result.error or result.held_back_reason or None,
                "grades": len(result.rows),
                "loaded_at": _stored_at(result.path, loaded_at),
            }
            for number, result in enumerate(results, start=1)
        ]
    )
    rows = [
        {
            **row,
            "source": result.path.name,
            "source_sha256": result.sha256,
            "origin": "document",
            "locator": row.get("locator") or f"line {row['line']}",
            "source_kind": "document added by the user",
        }
        for result in results
        for row in result.rows
    ]
    frame = pd.DataFrame(rows, columns=[*GRADE_COLUMNS, "rule", "authority", "reason"])
    held = frame["reason"] != ""
    grades = frame[~held].drop(columns=["reason"]).astype({"year": int})
    held_back = frame[held].assign(year=pd.to_numeric(frame.loc[held, "year"], errors="coerce"))
    return documents, grades, held_back
