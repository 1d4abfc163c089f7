"""`python -m etl extract|load`: a thin shell over the ETL functions."""

from __future__ import annotations

import argparse
import csv
import functools
import sys
import time
from pathlib import Path

from etl import AUTHORITIES_CSV, MANIFEST_CSV, default_db_path
from etl.authorities import AuthorityIndex
from etl.batch import time_left
from etl.documents import DocumentResult, process_file
from etl.manifest import read_manifest
from vocabulary.records import EXTRACTED_COLUMNS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    extract_cmd = commands.add_parser("extract", help="print the grades found in documents as CSV")
    extract_cmd.add_argument("paths", nargs="+", type=Path)
    extract_cmd.add_argument("--manifest", type=Path, default=None, help="CSV naming authority/year per file")
    explain_cmd = commands.add_parser("explain", help="print every candidate grade: its line, rule, and the veto that stopped it")
    explain_cmd.add_argument("paths", nargs="+", type=Path)
    explain_cmd.add_argument("--summary", action="store_true", help="what each rule and veto did across the documents")
    explain_cmd.add_argument("--expected", type=Path, default=None, help="with --summary: the grades a reader expects (CSV)")
    load_cmd = commands.add_parser("load", help="build the dashboard's database from bundled data and documents")
    load_cmd.add_argument("paths", nargs="*", type=Path, help="documents or indicator files to add")
    load_cmd.add_argument("--manifest", type=Path, default=MANIFEST_CSV)
    load_cmd.add_argument("--db", type=Path, default=None, help="database file (default data/children_services.duckdb)")
    load_cmd.add_argument(
        "--accept-ocr", action="store_true", help="confirm every grade read by OCR that waits (recorded in the audit as you)"
    )
    args = parser.parse_args(argv)
    args.paths, problems, notes = expand(args.paths)
    for line in [*notes, *problems]:
        print(line, file=sys.stderr)
    if args.command == "extract":
        status = extract_command(args.paths, args.manifest)
    elif args.command == "explain" and args.summary:
        status = summary_command(args.paths, args.expected)
    elif args.command == "explain":
        status = explain_command(args.paths)
    else:
        status = load_command(args.paths, args.manifest, args.db or default_db_path(), args.accept_ocr)
    return status or int(bool(problems))


def expand(paths: list[Path]) -> tuple[list[Path], list[str], list[str]]:
    """A folder stands for the documents and indicator files in it: (files, problems, notes).

    A folder with none of them is a problem; files of other kinds in it are skipped with a note.
    """
    from etl.indicators import IMPORT_KINDS
    from etl.read import KINDS

    expanded, problems, notes = [], [], []
    for path in paths:
        if not path.is_dir():
            expanded.append(path)
            continue
        files = sorted(p for p in path.iterdir() if p.is_file())
        usable = [p for p in files if p.suffix.lower() in {*KINDS, *IMPORT_KINDS}]
        if not usable:
            problems.append(f"{path}: no documents or indicator files in this folder (looked for {', '.join(sorted(KINDS))})")
        if len(usable) < len(files):
            skipped = ", ".join(p.name for p in files if p not in usable)
            notes.append(f"{path}: note: skipped files of other types: {skipped}")
        expanded += usable
    return expanded, problems, notes


def extract_command(paths: list[Path], manifest_path: Path | None) -> int:
    """Write every grade found to stdout; report problems on stderr, one line each."""
    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    manifest, problems = read_manifest(manifest_path, index)
    writer = csv.DictWriter(sys.stdout, fieldnames=EXTRACTED_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    failed = bool(problems)
    for problem in problems:
        print(f"manifest: {problem}", file=sys.stderr)
    for path in paths:
        result = process_file(path, index, manifest)
        writer.writerows(result.rows)
        if result.error:
            failed = True
            print(f"{path}: {result.error}", file=sys.stderr)
        elif result.held_back_reason:
            print(f"{path}: held back: {result.held_back_reason}", file=sys.stderr)
        refused = [] if result.error else result.refused  # an error already says them
        failed = failed or bool(refused)
        for line in refused:
            print(f"{path}: {line}", file=sys.stderr)
        for warning in result.warnings:
            print(f"{path}: note: {warning}", file=sys.stderr)
    return 1 if failed else 0


def explain_command(paths: list[Path]) -> int:
    """Every candidate grade of each document, with the rule that found it and what became of it."""
    from etl.extract import extract
    from etl.read import UnreadableDocument, read_document

    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    failed = False
    for path in paths:
        try:
            extraction = extract(read_document(path), index)
        except UnreadableDocument as error:
            print(f"{path}: {error}", file=sys.stderr)
            failed = True
            continue
        years = ", ".join(f"{framework} {year or 'not stated'}" for framework, year in extraction.years.items())
        print(f"{path}: {len(extraction.candidates)} candidates, {len(extraction.findings)} kept; years: {years}")
        for candidate in extraction.candidates:
            verdict = f"veto: {candidate.veto}" if candidate.veto else "kept"
            words = candidate.block.text[slice(*candidate.grade_at)].strip()
            print(
                f"  line {candidate.block.line:>4}  {candidate.rule:<18} {candidate.framework} {candidate.area:<22} "
                f"{candidate.grade}  {verdict:<26} «{words}» {candidate.block.quote[:100]}"
            )
    return 1 if failed else 0


def summary_command(paths: list[Path], expected_csv: Path | None) -> int:
    """One line for each rule and veto: what it made or stopped and, against expected grades, how often rightly."""
    from etl.read import KINDS
    from etl.summary import Expected, summarise

    expected = Expected.from_csv(expected_csv) if expected_csv else None
    documents = [path for path in paths if path.suffix.lower() in KINDS and path.name.lower() != "readme.md"]
    for line in summarise(documents, AuthorityIndex.from_csv(AUTHORITIES_CSV), expected).lines(expected):
        print(line)
    return 0


def load_command(paths: list[Path], manifest_path: Path | None, db_path: Path, accept_ocr: bool = False) -> int:
    """Rebuild the database with a progress bar on stderr, then the problems and a summary."""
    from etl.load import LoadFailed, load

    try:
        started = time.monotonic()
        report = load(paths, manifest_path, db_path, functools.partial(progress_bar, started=started), accept_ocr)
    except LoadFailed as error:
        print(f"load failed, the previous database is unchanged: {error}", file=sys.stderr)
        return 2
    for line in [*report.notes, *report.problems]:
        print(line, file=sys.stderr)
    counts = report.counts
    print(
        f"Loaded {db_path}: {counts['documents']} documents read, {counts['grades']} grades, "
        f"{counts['held_back']} held back, {counts['conflicts']} conflicts, "
        f"{counts['indicators']} indicator values, {report.errors} errors",
        file=sys.stderr,
    )
    print("Authorities with grades, by framework and year:", file=sys.stderr)
    for row in report.coverage.itertuples():
        authorities = f"{row.authorities} {'authority' if row.authorities == 1 else 'authorities'}"
        print(f"  {row.framework} {row.year}: {authorities}, {row.grades} grade{'' if row.grades == 1 else 's'}", file=sys.stderr)
    return 1 if report.errors else 0


def progress_bar(number: int, total: int, result: DocumentResult, started: float, width: int = 24) -> None:
    """One line per document: a bar of how far the load is and the time left at its pace, then what the document gave."""
    filled = round(width * number / total)
    detail = result.error or (f"held back: {result.held_back_reason}" if result.held_back_reason else "")
    left = time_left(number, total, started)
    bar = f"{'█' * filled}{'░' * (width - filled)} [{number}/{total}{', ' + left if left else ''}]"
    print(f"{bar} {result.path.name}: {len(result.rows)} grades {detail}".rstrip(), file=sys.stderr)
