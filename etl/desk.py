"""The dashboard's one door into the ETL: everything the Add documents page asks of it.

`ui/` and `pages/` import nothing else of `etl/` (a test checks): through here the page stages uploads, reads a
document for review (extracting it once), records the authority, year and grades a person decides, and loads or
removes a document with a rebuild. Every change is written before the rebuild, so a rebuild from the stored
documents, by the page or by `python -m etl load`, gives back exactly what was decided.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl import MANIFEST_CSV, audit, decisions, default_db_path, indicators, staging
from etl import neighbours as statistical_neighbours
from etl.authorities import reference_index as authority_index
from etl.batch import time_left
from etl.documents import DocumentResult, process_document
from etl.load import INDICATORS_ADDED, NEIGHBOURS_ADDED, LoadFailed, load
from etl.read import KINDS, MAX_FILE_MB, MAX_PDF_MB, Document, UnreadableDocument, page_picture, read_document
from etl.rules import VETOES
from etl.staging import RefusedUpload, discard, stage, staged
from vocabulary.areas import inspection_area_label
from vocabulary.grades import grade_label

# What the page uses as it is: the files it takes, reading a document and listing the uploads waiting.
__all__ = [
    "KINDS",
    "MAX_FILE_MB",
    "MAX_PDF_MB",
    "Document",
    "LoadFailed",
    "RefusedUpload",
    "UnreadableDocument",
    "page_picture",
    "read_document",
    "staged",
    "time_left",
]

Progress = Callable[[int, int], None]
# Why a veto refused a candidate, in its docstring's first paragraph's words
VETO_REASONS = {veto.__name__: " ".join((veto.__doc__ or veto.__name__).strip().split("\n\n")[0].split()) for veto in VETOES}
_ONE_REBUILD_AT_A_TIME = threading.Lock()  # two sessions' rebuilds would build the same file aside


def database_path() -> Path:
    """The database the dashboard reads (APA_DB overrides it)."""
    return Path(default_db_path())


def folders(db_path: Path) -> tuple[Path, Path]:
    """(uploads awaiting review, the document store), both beside the database."""
    return db_path.parent / "uploads", db_path.parent / "documents"


@dataclass
class Review:
    """What the extractor made of one document, for a person to confirm: its result and the grades it did not take."""

    document: Document
    result: DocumentResult
    not_taken: pd.DataFrame  # line, grade_label, area_label, why, quote
    chosen: bool = False  # the user has picked its authority or year on the page
    rejected: list[bool] = field(default_factory=list)  # for each row, whether a person rejected it

    @property
    def needs(self) -> list[str]:
        """What the user must name before the document's grades can load: 'authority', 'year' or both."""
        rows = self.result.rows
        return [need for need, column in (("authority", "dfe_code"), ("year", "year")) if any(not r[column] for r in rows)]


def review(document: Document, store: Path) -> Review:
    """The document's grades as they would load with what was decided for it (choices, corrections and grades added
    by hand; none left out yet for being rejected: the page shows every one, ticked as decided), and what the
    extractor did not take."""
    state = decisions.decided(store)
    picked = decisions.chosen(state, authority_index())
    result = decisions.with_corrections(process_document(document, authority_index(), picked), state, authority_index())
    not_taken = pd.DataFrame(
        [
            {
                "line": c.block.line,
                "grade_label": grade_label(c.grade, c.framework) if 1 <= c.grade <= 4 else str(c.grade),
                "area_label": inspection_area_label(c.framework, c.area),
                "why": VETO_REASONS.get(c.veto, c.veto),
                "quote": c.block.quote,
            }
            for c in result.vetoed
        ],
        columns=["line", "grade_label", "area_label", "why", "quote"],
    )
    rejected = [decisions.verdict(state, document.sha256, row) == "reject" for row in result.rows]
    return Review(document, result, not_taken, chosen=document.sha256 in picked, rejected=rejected)


def stage_upload(uploads: Path, name: str, data: bytes, who: str) -> Path:
    """Keep an upload for review, and say who brought it."""
    staged_path = stage(uploads, name, data)
    audit.record(_store_of(uploads), {"action": "stage", "who": who, "sha256": staged_path.parent.name, "file_name": name})
    return staged_path


def discard_upload(path: Path, who: str) -> None:
    """Drop an upload waiting for review, and say who did."""
    discard(path)
    event = {"action": "discard", "who": who, "sha256": path.parent.name, "file_name": path.name}
    audit.record(_store_of(path.parent.parent), event)


def choose(store: Path, document: Document, dfe_code: str, year: int | None, who: str) -> None:
    """Record the authority and year a person picked for a document that does not state them."""
    decisions.choose(store, document.sha256, document.name, dfe_code, year, who)


def unchoose(store: Path, document: Document, who: str) -> None:
    """Forget the authority and year picked, so that they can be picked again."""
    decisions.unchoose(store, document.sha256, document.name, who)


def correct(store: Path, document: Document, row: dict, change: dict, who: str, reason: str) -> None:
    """Change a found grade's area, grade, year or authority; the extractor's reading is kept beside it."""
    decisions.correct(store, document.sha256, document.name, row, change, who, reason)


def add(store: Path, document: Document, grade: dict, who: str, reason: str) -> None:
    """Add a grade the extractor missed, from a passage of the document's text."""
    decisions.add(store, document.sha256, document.name, grade, who, reason)


def confirm(
    path: Path, stored: bool, sha256: str, rows: list[dict], ticked: list[bool], who: str, db_path: Path, progress: Progress
) -> None:
    """Store the document and each grade's confirm or reject, then rebuild; a failed rebuild takes the document back
    out (LoadFailed says why, and the audit says it was removed) and the data is unchanged."""
    _, store = folders(db_path)
    decisions.decide(store, sha256, path.name, rows, ticked, who)  # first: a stored document never goes without them
    kept = path if stored else staging.accept(path, store)
    try:
        rebuild(db_path, progress)
    except LoadFailed:
        if not stored:
            decisions.remove(store, sha256, path.name, who)
            staging.unstore(sha256, kept)
        raise


def remove(sha256: str, stored_path: Path, db_path: Path, who: str, progress: Progress) -> None:
    """Take a document out of the store (an event in the audit, which keeps its history), then rebuild without it."""
    _, store = folders(db_path)
    decisions.remove(store, sha256, stored_path.name, who)
    staging.unstore(sha256, stored_path)
    rebuild(db_path, progress)


def rebuild(db_path: Path, progress: Progress) -> None:
    """Rebuild the database from everything stored; one rebuild at a time in this process."""
    with _ONE_REBUILD_AT_A_TIME:
        load([], MANIFEST_CSV, db_path, progress=lambda n, total, _: progress(n, total))


def add_indicator_file(
    db_path: Path, upload: tuple[str, bytes], definitions: bytes | None, who: str, progress: Progress
) -> indicators.Checked:
    """Check an indicator file (with its definitions file, if given) row by row; keep it and rebuild where any row
    loads. The reasons name the upload's own lines."""
    name, data = Path(upload[0]).name, upload[1]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        if definitions:
            indicators.sidecar_of(path).write_bytes(definitions)
        checked = indicators.read_indicator_file(path, authority_index())
        checked.problems = [problem.replace(str(path), name) for problem in checked.problems]
        if checked.rows.empty:
            return checked
        kept = db_path.parent / INDICATORS_ADDED
        kept.mkdir(parents=True, exist_ok=True)
        before = _snapshot([kept / name, indicators.sidecar_of(kept / name)])  # a file of this name is replaced
        for given in (path, indicators.sidecar_of(path)):
            if given.exists():
                shutil.copyfile(given, kept / given.name)
    _rebuild_or_undo(db_path, progress, before)
    reason = f"{len(checked.rows)} values; {len(checked.problems)} rows refused"
    audit.record(folders(db_path)[1], {"action": "add_indicators", "who": who, "file_name": name, "sha256": _sha(data),
                                       "reason": reason})  # fmt: skip
    return checked


def indicator_files(db_path: Path) -> list[str]:
    """The indicator files editors have added, by name (their definitions files travel with them)."""
    kept = db_path.parent / INDICATORS_ADDED
    files = sorted(kept.iterdir()) if kept.is_dir() else []
    return [p.name for p in files if p.suffix.lower() in indicators.IMPORT_KINDS and not indicators.is_sidecar(p)]


def remove_indicator_file(db_path: Path, name: str, who: str, progress: Progress) -> None:
    """Take an added indicator file out, with its definitions, and rebuild without it."""
    kept = db_path.parent / INDICATORS_ADDED / Path(name).name
    for path in (kept, indicators.sidecar_of(kept)):
        path.unlink(missing_ok=True)
    audit.record(folders(db_path)[1], {"action": "remove_indicators", "who": who, "file_name": kept.name})
    rebuild(db_path, progress)


def add_neighbour_list(
    db_path: Path, upload: tuple[str, bytes], model: str, model_date: str, who: str, progress: Progress
) -> statistical_neighbours.NeighbourList:
    """Place a statistical neighbour list on the 2005-2008 authorities; where any list is placed, it replaces the one
    in use (the file as uploaded kept beside it) and the data is rebuilt."""
    name, data = Path(upload[0]).name, upload[1]
    placed = statistical_neighbours.read_list(name, data, authority_index(), model, model_date)
    if placed.rows.empty:
        return placed
    kept = db_path.parent / NEIGHBOURS_ADDED
    uploaded = kept / f"uploaded-{name}"
    before = _snapshot([*(kept.iterdir() if kept.is_dir() else []), kept / statistical_neighbours.STORED, uploaded])
    shutil.rmtree(kept, ignore_errors=True)
    kept.mkdir(parents=True)
    placed.rows.to_csv(kept / statistical_neighbours.STORED, index=False)
    uploaded.write_bytes(data)
    _rebuild_or_undo(db_path, progress, before)
    reason = (
        f"model '{placed.rows['model'].iloc[0]}' ({model_date or 'no date given'}): {placed.rows['dfe_code'].nunique()} lists"
    )
    audit.record(folders(db_path)[1], {"action": "add_neighbours", "who": who, "file_name": name, "sha256": _sha(data),
                                       "reason": reason})  # fmt: skip
    return placed


def remove_neighbour_list(db_path: Path, who: str, progress: Progress) -> None:
    """Stop using the neighbour list an editor added, and rebuild."""
    shutil.rmtree(db_path.parent / NEIGHBOURS_ADDED, ignore_errors=True)
    audit.record(folders(db_path)[1], {"action": "remove_neighbours", "who": who})
    rebuild(db_path, progress)


def _snapshot(paths: list[Path]) -> dict[Path, bytes | None]:
    """What each of these files holds now (None: no such file), to put back if a rebuild fails."""
    return {path: path.read_bytes() if path.exists() else None for path in paths}


def _rebuild_or_undo(db_path: Path, progress: Progress, before: dict[Path, bytes | None]) -> None:
    """Rebuild with what was just kept; if the rebuild fails, put the files back as they were (LoadFailed says why)."""
    try:
        rebuild(db_path, progress)
    except LoadFailed:
        for path, data in before.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        raise


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def audit_table(db_path: Path) -> pd.DataFrame:
    """The audit, newest first."""
    return audit.as_table(folders(db_path)[1])


def _store_of(uploads: Path) -> Path:
    return uploads.parent / "documents"
