"""What a person decided about an added document, kept beside the store and keyed by the document's SHA-256.

Two git-ignored CSV files in the document store hold it, so a rebuild from the stored documents gives back
exactly what was confirmed:
- `choices.csv`: the authority and year a document does not state, picked by the user, with the date and initials;
- `decisions.csv`: each extracted grade confirmed or rejected. A document with decisions loads only its confirmed
  grades; one added from the command line (no decisions) loads all it states.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from etl.authorities import AuthorityIndex
from etl.documents import DocumentResult
from etl.manifest import ManifestEntry
from etl.staging import write_atomically

CHOICES = "choices.csv"
DECISIONS = "decisions.csv"
CHOICE_COLUMNS = ["sha256", "file_name", "dfe_code", "year", "initials", "chosen_on"]
DECISION_COLUMNS = ["sha256", "dfe_code", "framework", "judgement_area", "grade", "line", "decision", "initials", "decided_on"]
# A decision is about what a grade says, not where the extractor found it: a better extractor that reads the same
# grade from another line keeps the decision. The line is kept beside it, for the record. Files written when the line
# was part of the key are read as they are.
GRADE_KEY = ["dfe_code", "framework", "judgement_area", "grade"]


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
    table = pd.DataFrame(rows, columns=[*GRADE_KEY, "line"]).astype(str)
    table.insert(0, "sha256", sha256)
    table["decision"] = ["confirm" if yes else "reject" for yes in confirmed]
    table["initials"], table["decided_on"] = initials.strip(), date.today().isoformat()
    _replace_rows(store / DECISIONS, DECISION_COLUMNS, sha256, table)


def decisions(store: Path) -> pd.DataFrame:
    """Every grade's confirm or reject, for every document that has them."""
    return _read(store / DECISIONS, DECISION_COLUMNS)


def forget(store: Path, sha256: str) -> None:
    """Drop everything the user said about a document that leaves the store."""
    unchoose(store, sha256)
    _replace_rows(store / DECISIONS, DECISION_COLUMNS, sha256, pd.DataFrame(columns=DECISION_COLUMNS))


def confirmed_only(result: DocumentResult, decided: pd.DataFrame) -> DocumentResult:
    """A document's rows as the user decided them (of `decisions`): only confirmed grades, when any was recorded."""
    decided = decided[decided["sha256"] == result.sha256]
    if decided.empty:
        return result
    keep = {tuple(row) for row in decided.loc[decided["decision"] == "confirm", GRADE_KEY].itertuples(index=False)}
    result.rows = [row for row in result.rows if tuple(str(row[c]) for c in GRADE_KEY) in keep]
    return result


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=columns)
    return pd.read_csv(path, dtype=str, keep_default_na=False).reindex(columns=columns).fillna("")


def _replace_rows(path: Path, columns: list[str], sha256: str, rows: pd.DataFrame) -> None:
    """One document's rows replaced, written aside and renamed so a killed page never leaves half a file."""
    table = _read(path, columns)
    table = pd.concat([table[table["sha256"] != sha256], rows.reindex(columns=columns)], ignore_index=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, table.to_csv(index=False).encode())
