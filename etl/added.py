"""Documents added in the browser: the user's choices for them, kept beside the store and keyed by SHA-256.

Two git-ignored CSV files in the document store hold what the user said, so a rebuild from the stored
documents gives back exactly what was confirmed:
- `choices.csv`: the authority and year a document does not state, picked by the user, with the date and initials;
- `decisions.csv`: each extracted grade confirmed or rejected. A document with decisions loads only its confirmed
  grades; one added from the command line (no decisions) loads all it states, as before.
Uploads wait in a staging folder until they are loaded or discarded, so a reload loses nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from etl.documents import DocumentResult, process_document
from etl.extract import extract
from etl.normalise import AuthorityIndex, ManifestEntry
from etl.read import KINDS, MAX_FILE_MB, Document
from etl.rules import VETOES
from etl.vocabulary import grade_label, inspection_area_label

CHOICES = "choices.csv"
DECISIONS = "decisions.csv"
CHOICE_COLUMNS = ["sha256", "file_name", "dfe_code", "year", "initials", "chosen_on"]
DECISION_COLUMNS = ["sha256", "dfe_code", "framework", "judgement_area", "grade", "line", "decision", "initials", "decided_on"]
GRADE_KEY = ["dfe_code", "framework", "judgement_area", "grade", "line"]
VETO_REASONS = {veto.__name__: (veto.__doc__ or veto.__name__).strip().split("\n")[0] for veto in VETOES}


class RefusedUpload(Exception):
    """An upload that cannot be staged; the message names the file and says why."""


@dataclass
class Review:
    """What the extractor made of one document, for the user to confirm: its result and the grades it did not take."""

    document: Document
    result: DocumentResult
    not_taken: pd.DataFrame  # line, grade_label, area_label, why, quote
    chosen: bool = False  # the user has picked its authority or year on the page

    @property
    def needs(self) -> list[str]:
        """What the user must name before the document's grades can load: 'authority', 'year' or both."""
        rows = self.result.rows
        return [need for need, column in (("authority", "dfe_code"), ("year", "year")) if any(not r[column] for r in rows)]


def stage(uploads: Path, name: str, data: bytes) -> Path:
    """Keep an upload under its SHA-256 until it is loaded or discarded; refuse what could never be read."""
    safe = Path(name).name
    if not safe or safe.startswith(".") or Path(safe).suffix.lower() not in KINDS:
        raise RefusedUpload(f"{name}: unsupported file type: use {', '.join(sorted(KINDS))}")
    if len(data) > MAX_FILE_MB * 1024 * 1024:
        raise RefusedUpload(f"{name}: file is over the {MAX_FILE_MB} MB limit: keep only the pages with the grades")
    folder = uploads / hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    _write_atomically(folder / safe, data)
    return folder / safe


def staged(uploads: Path) -> list[Path]:
    """The uploads awaiting review, oldest first."""
    if not uploads.is_dir():
        return []
    files = [p for folder in uploads.iterdir() if folder.is_dir() for p in folder.iterdir() if p.suffix.lower() in KINDS]
    return sorted(files, key=lambda p: p.stat().st_mtime)


def discard(path: Path) -> None:
    """Drop a staged upload (its SHA-256 folder)."""
    shutil.rmtree(path.parent, ignore_errors=True)


def review(document: Document, index: AuthorityIndex, store: Path) -> Review:
    """The document's grades as they would load with the choices already made for it, and what was not taken."""
    picked = choices(store, index)
    result = process_document(document, index, picked)
    candidates = extract(document, index).candidates
    not_taken = pd.DataFrame(
        [
            {
                "line": c.block.line,
                "grade_label": grade_label(c.grade, c.framework) if 1 <= c.grade <= 4 else str(c.grade),
                "area_label": inspection_area_label(c.framework, c.area),
                "why": VETO_REASONS.get(c.veto, c.veto),
                "quote": c.block.quote,
            }
            for c in candidates
            if c.veto
        ],
        columns=["line", "grade_label", "area_label", "why", "quote"],
    )
    return Review(document, result, not_taken, chosen=document.sha256 in picked)


def choices(store: Path, index: AuthorityIndex) -> dict[str, ManifestEntry]:
    """The user's authority and year for each document, keyed by SHA-256 (the manifest's shape)."""
    table = _read(store / CHOICES, CHOICE_COLUMNS)
    return {
        row.sha256: ManifestEntry(
            index.by_code.get(row.dfe_code),
            int(row.year) if row.year else None,
            f"chosen on the Add documents page on {row.chosen_on}" + (f" by {row.initials}" if row.initials else ""),
        )
        for row in table.itertuples()
    }


def choose(store: Path, sha256: str, file_name: str, dfe_code: str, year: int | None, initials: str = "") -> None:
    """Record the authority and year the user picked for a document that does not state them."""
    row = {"sha256": sha256, "file_name": file_name, "dfe_code": dfe_code, "year": str(year or "")}
    row |= {"initials": initials.strip(), "chosen_on": date.today().isoformat()}
    _replace_rows(store / CHOICES, CHOICE_COLUMNS, sha256, pd.DataFrame([row]))


def unchoose(store: Path, sha256: str) -> None:
    """Forget the authority and year picked for a document, so that they can be picked again."""
    _replace_rows(store / CHOICES, CHOICE_COLUMNS, sha256, pd.DataFrame(columns=CHOICE_COLUMNS))


def decide(store: Path, sha256: str, rows: list[dict], confirmed: list[bool], initials: str = "") -> None:
    """Record each grade's confirm or reject for one document, replacing what was decided before."""
    table = pd.DataFrame(rows, columns=GRADE_KEY).astype(str)
    table.insert(0, "sha256", sha256)
    table["decision"] = ["confirm" if yes else "reject" for yes in confirmed]
    table["initials"], table["decided_on"] = initials.strip(), date.today().isoformat()
    _replace_rows(store / DECISIONS, DECISION_COLUMNS, sha256, table)


def decisions(store: Path) -> pd.DataFrame:
    """Every grade's confirm or reject, for every document that has them."""
    return _read(store / DECISIONS, DECISION_COLUMNS)


def confirmed_only(result: DocumentResult, decided: pd.DataFrame) -> DocumentResult:
    """A document's rows as the user decided them (of `decisions`): only confirmed grades, when any was recorded."""
    decided = decided[decided["sha256"] == result.sha256]
    if decided.empty:
        return result
    keep = {tuple(row) for row in decided.loc[decided["decision"] == "confirm", GRADE_KEY].itertuples(index=False)}
    result.rows = [row for row in result.rows if tuple(str(row[c]) for c in GRADE_KEY) in keep]
    return result


def accept(staged_path: Path, store: Path) -> Path:
    """Move a reviewed upload into the store (its SHA-256 folder there, its own name kept)."""
    target = store / staged_path.parent.name / staged_path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged_path, target)
    discard(staged_path)
    return target


def remove(store: Path, sha256: str, stored_path: Path) -> None:
    """Take a document out of the store with everything the user said about it."""
    unchoose(store, sha256)
    _replace_rows(store / DECISIONS, DECISION_COLUMNS, sha256, pd.DataFrame(columns=DECISION_COLUMNS))
    if stored_path.parent.name == sha256:
        shutil.rmtree(stored_path.parent, ignore_errors=True)
    else:
        stored_path.unlink(missing_ok=True)


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=columns)
    return pd.read_csv(path, dtype=str, keep_default_na=False).reindex(columns=columns).fillna("")


def _replace_rows(path: Path, columns: list[str], sha256: str, rows: pd.DataFrame) -> None:
    """One document's rows replaced, written aside and renamed so a killed page never leaves half a file."""
    table = _read(path, columns)
    table = pd.concat([table[table["sha256"] != sha256], rows.reindex(columns=columns)], ignore_index=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(path, table.to_csv(index=False).encode())


def _write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)
