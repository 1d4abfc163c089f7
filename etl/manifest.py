"""data/manifest.csv: the authority and year a person names for a document that does not state them."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from etl.authorities import Authority, AuthorityIndex
from vocabulary.frameworks import FIRST_ROUND, LAST_ROUND, is_any_round


@dataclass(frozen=True)
class ManifestEntry:
    authority: Authority | None
    year: int | None
    note: str
    row: int = 0  # the manifest's line, for messages


MANIFEST_COLUMNS = ("file", "authority", "year", "note")


def read_manifest(path: Path | None, index: AuthorityIndex) -> tuple[dict[str, ManifestEntry], list[str]]:
    """Entries keyed by file name, and one error line per row that cannot be read or names no known authority or year."""
    if path is None or not Path(path).exists():
        return {}, []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        return {}, []
    header = [cell.strip().lower() for cell in rows[0]]
    if "file" not in header or not {"authority", "year"} & set(header):
        separated = (
            " It looks separated by semicolons or tabs: save it as comma-separated CSV." if re.search("[;\t]", rows[0][0]) else ""
        )
        return {}, [
            f"{path}:1: the header must name the columns {','.join(MANIFEST_COLUMNS)}; it reads '{','.join(rows[0])}'.{separated}"
        ]
    entries: dict[str, ManifestEntry] = {}
    errors: list[str] = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(header, (cell.strip() for cell in cells)))
        error = _manifest_row_problem(row, len(cells), len(header), index)
        if error:
            errors.append(f"{path}:{line}: {error}")
            continue
        authority, year = index.lookup(row["authority"]) if row.get("authority") else None, row.get("year", "")
        entries[row["file"]] = ManifestEntry(authority, int(year) if year else None, row.get("note", ""), row=line)
    return entries, errors


def _manifest_row_problem(row: dict[str, str], width: int, expected: int, index: AuthorityIndex) -> str:
    """Why one manifest row cannot be used, or '' when it can."""
    name, year = row.get("authority", ""), row.get("year", "")
    if width > expected or width < 2:
        separated = "; is it separated by semicolons? Use commas" if width < 2 and ";" in row.get("file", "") else ""
        return f"{width} field(s) where the header has {expected} ({','.join(MANIFEST_COLUMNS)}){separated}"
    if not row.get("file"):
        return "no file named: the first column is the document's file name"
    if Path(row["file"]).name != row["file"] or row["file"] in (".", ".."):
        return f"'{row['file']}' is a path: name the document by its file name alone, as it is in data/documents"
    if name and index.lookup(name) is None:
        return f"unknown authority '{name}'{index.did_you_mean(name)} (use a name or DfE code from data/authorities.csv)"
    if year and not (year.isdigit() and is_any_round(int(year))):
        return f"year '{year}' is not an assessment year {FIRST_ROUND}-{LAST_ROUND}"
    return ""


def rows_without_documents(manifest: dict[str, ManifestEntry], names: set[str], path: Path | None) -> list[str]:
    """A manifest row naming no document that is stored or given: a misspelt file name would otherwise do nothing."""
    return [
        f"{path}:{entry.row}: no document named '{name}' is stored or given: check the file name"
        for name, entry in manifest.items()
        if name not in names
    ]
