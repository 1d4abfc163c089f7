"""Build the dashboard's DuckDB database from the bundled data and the document store.

`load` first copies any documents it is given into the store (data/documents beside the
database), then rebuilds the whole database aside and swaps it in: the same inputs always give
the same database, and a load that fails leaves the previous one untouched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from etl import AUTHORITIES_CSV, bundled, indicators
from etl.documents import DocumentResult, process
from etl.normalise import AuthorityIndex, ManifestEntry, read_manifest
from etl.read import KINDS

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


def load_command(paths: list[Path], manifest_path: Path | None, db_path: Path) -> int:
    """Store the named documents, rebuild the database, print progress and a summary."""
    store = db_path.parent / "documents"
    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    manifest, problems = read_manifest(manifest_path, index)
    stored = {hashlib.sha256(p.read_bytes()).hexdigest() for p in stored_documents(store)}
    for path in paths:
        if path.suffix.lower() in indicators.IMPORT_KINDS:
            problems += store_indicator_file(path, index, db_path.parent / "indicators_added")
            continue
        problem = store_document(path, index, manifest, store, stored)
        if problem:
            problems.append(problem)
    documents = stored_documents(store)
    results = [_report(i, len(documents), process(p, index, manifest)) for i, p in enumerate(documents, start=1)]
    series = stored_indicator_series(index, db_path.parent / "indicators_added")
    problems += series.problems
    try:
        summary = build_database(db_path, index, results, series.rows)
    except (duckdb.Error, OSError, ValueError) as error:
        print(f"load failed, the previous database is unchanged: {error}", file=sys.stderr)
        return 2
    problems += summary.pop("problems")
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = len(problems) + sum(result.status == "error" for result in results)
    print(
        f"Loaded {db_path}: {summary['documents']} documents read, {summary['grades']} grades, "
        f"{summary['held_back']} held back, {summary['conflicts']} conflicts, "
        f"{summary['indicators']} indicator values, {errors} errors",
        file=sys.stderr,
    )
    print(summary["coverage"], file=sys.stderr)
    return 1 if errors else 0


def store_document(path: Path, index: AuthorityIndex, manifest: dict[str, ManifestEntry], store: Path, stored: set[str]) -> str:
    """Copy a readable document with grades into the store (once per content); else say why not."""
    result = process(path, index, manifest)
    if result.error:
        return f"{path}: {result.error}"
    if result.sha256 in stored:
        return ""
    stored.add(result.sha256)
    store.mkdir(parents=True, exist_ok=True)
    target = store / path.name
    if target.exists():
        target = store / f"{path.stem}-{result.sha256[:8]}{path.suffix}"
    shutil.copyfile(path, target)
    return ""


def store_indicator_file(path: Path, index: AuthorityIndex, store: Path) -> list[str]:
    """Keep a user's indicator file if any row of it loads; its bad rows are reported on every load."""
    checked = indicators.read_indicator_file(path, index)
    if checked.rows.empty:
        return checked.problems or [f"{path}: no indicator rows found"]
    store.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, store / path.name)
    print(f"{path.name}: {len(checked.rows)} indicator rows, {len(checked.problems)} rejected", file=sys.stderr)
    return []


def stored_indicator_series(index: AuthorityIndex, store: Path) -> indicators.Checked:
    """The bundled series and every indicator file the user has added."""
    files = sorted(p for p in store.iterdir() if p.suffix.lower() in indicators.IMPORT_KINDS) if store.is_dir() else []
    checked = [indicators.bundled_series(index), *(indicators.read_indicator_file(p, index) for p in files)]
    return indicators.Checked(pd.concat([c.rows for c in checked], ignore_index=True), [p for c in checked for p in c.problems])


def stored_documents(store: Path) -> list[Path]:
    if not store.is_dir():
        return []
    return sorted(p for p in store.iterdir() if p.is_file() and p.suffix.lower() in KINDS)


def build_database(db_path: Path, index: AuthorityIndex, results: list[DocumentResult], series: pd.DataFrame) -> dict:
    """Write every table into a new file beside db_path, then swap it in."""
    loaded_at = datetime.now().replace(microsecond=0)
    published, published_held = bundled.published_grades(index)
    seeds, seeds_held = bundled.seed_facts()
    documents, extracted, extracted_held = _document_frames(results, loaded_at)
    neighbours, problems = bundled.statistical_neighbours(index)
    grades = pd.concat([extracted, seeds, published], ignore_index=True)
    grades.insert(0, "grade_id", range(1, len(grades) + 1))
    tables = {
        "authorities": bundled.read_csv(AUTHORITIES_CSV),
        "documents": documents,
        "grades": grades,
        "held_back": pd.concat([extracted_held, seeds_held, published_held], ignore_index=True),
        "statistical_neighbours": neighbours,
        "indicator_catalogue": indicators.catalogue(),
        "indicators": series,
    }
    db_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        with duckdb.connect(str(temporary)) as con:
            con.execute(SCHEMA_SQL)
            for table, frame in tables.items():
                _insert(con, table, frame)
            con.execute(CONFLICTS_SQL)
            con.execute(AGREEMENT_SQL)
            summary = _summary(con, loaded_at, sum(r.status == "error" for r in results))
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    summary["problems"] = problems
    return summary


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("staged", frame)
    columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    present = ", ".join(f'"{c}"' for c in columns if c in frame.columns)
    con.execute(f"INSERT INTO {table} ({present}) SELECT {present} FROM staged")
    con.unregister("staged")


def _summary(con: duckdb.DuckDBPyConnection, loaded_at: datetime, errors: int) -> dict:
    counts = {
        name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        for name in ("documents", "grades", "held_back", "conflicts", "indicators")
    }
    con.execute(
        "INSERT INTO load_info VALUES (?, ?, ?, ?, ?, ?)",
        [loaded_at, counts["documents"], counts["grades"], counts["held_back"], counts["conflicts"], errors],
    )
    coverage = con.execute(
        """
        SELECT framework, year, count(DISTINCT dfe_code) AS authorities, count(*) AS grades
        FROM grades GROUP BY ALL ORDER BY framework, year
        """
    ).df()
    lines = ["Authorities with grades, by framework and year:"] + [
        f"  {row.framework} {row.year}: {row.authorities} authorities, {row.grades} grades" for row in coverage.itertuples()
    ]
    return {**counts, "coverage": "\n".join(lines)}


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
                "loaded_at": loaded_at,
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
            "locator": f"line {row['line']}",
            "source_kind": "document added by the user",
            "reason": result.held_back_reason,
        }
        for result in results
        for row in result.rows
    ]
    frame = pd.DataFrame(rows, columns=[*bundled.GRADE_COLUMNS, "authority", "reason"])
    held = frame["reason"] != ""
    grades = frame[~held].drop(columns=["reason"]).astype({"year": int})
    held_back = frame[held].assign(year=pd.to_numeric(frame.loc[held, "year"], errors="coerce"))
    return documents, grades, held_back


def _report(number: int, total: int, result: DocumentResult) -> DocumentResult:
    """One progress line per document, so a long load shows where it is."""
    detail = result.error or (f"held back: {result.held_back_reason}" if result.held_back_reason else "")
    print(f"[{number}/{total}] {result.path.name}: {len(result.rows)} grades {detail}".rstrip(), file=sys.stderr)
    return result
