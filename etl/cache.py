"""What each document's text said, and what each indicator file held, kept by content and the extractor's version, so
a load reads only what it has not read with this version (reading, a PDF's above all, and extracting are most of a
load's time; a LAIT-sized indicator file takes half a minute).

An entry is a document's Reading (etl/documents.py): what the text says before anything a person decided, a manifest
row or a choice is applied, so a decision made later changes nothing here. The version is a hash of the code,
vocabulary, authorities reference and reader libraries that produce a reading: a change to any of them reads every
document again. Entries are files in `data/cache/<version>/` (a document's `<sha256>.json`, an indicator file's
checked rows `indicators-<sha256>.pickle`, written by this code only), each written aside and renamed, so a
load killed part way leaves whole entries and the next load carries on from them. The folder can be deleted at any
time: it only saves time.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import pickle
import shutil
from importlib import metadata
from pathlib import Path

from etl import REPO
from etl.documents import Reading
from etl.extract import Finding
from etl.indicators import Checked
from etl.staging import write_atomically

# What a reading depends on: the reader and extractor, the vocabulary and the authorities reference.
SOURCES = [
    *(REPO / "etl" / f"{module}.py" for module in ("read", "blocks", "spans", "rules", "extract", "authorities", "documents")),
    REPO / "etl" / "indicators.py",
    *sorted((REPO / "vocabulary").glob("*.py")),
    REPO / "data" / "authorities.csv",
]
READER_LIBRARIES = ["pypdfium2", "python-docx"]


@functools.cache
def version() -> str:
    """The extractor's version: a hash of every file and library a reading depends on."""
    digest = hashlib.sha256()
    for path in SOURCES:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for library in READER_LIBRARIES:
        digest.update(f"{library}=={metadata.version(library)}".encode())
    return digest.hexdigest()[:16]


def folder(cache_root: Path) -> Path:
    """This version's entries; other versions' are dropped, as nothing will read them again."""
    current = cache_root / version()
    if cache_root.is_dir():
        for old in cache_root.iterdir():
            if old.is_dir() and old.name != current.name:
                shutil.rmtree(old, ignore_errors=True)
    current.mkdir(parents=True, exist_ok=True)
    return current


def recalled(entries: Path, sha256: str) -> Reading | None:
    """The reading kept for this content, or None."""
    path = entries / f"{sha256}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    findings = [Finding(**{**finding, "authorities": tuple(finding["authorities"])}) for finding in kept.pop("findings")]
    ocr_pages = {int(line): page for line, page in kept.pop("ocr_pages").items()}  # JSON's keys are strings
    return Reading(**kept, findings=findings, ocr_pages=ocr_pages)


def keep(entries: Path, reading: Reading) -> None:
    """Keep a reading (without the review's vetoed candidates), written aside and renamed into place."""
    kept = {field.name: getattr(reading, field.name) for field in dataclasses.fields(reading) if field.name != "vetoed"}
    kept["findings"] = [dataclasses.asdict(finding) for finding in reading.findings]
    write_atomically(entries / f"{reading.sha256}.json", json.dumps(kept, ensure_ascii=False).encode())


def recalled_indicators(entries: Path, key: str) -> Checked | None:
    """An indicator file's checked rows, definitions and problems kept for this content, or None."""
    try:
        return pickle.loads((entries / f"indicators-{key}.pickle").read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        return None


def keep_indicators(entries: Path, key: str, checked: Checked) -> None:
    write_atomically(entries / f"indicators-{key}.pickle", pickle.dumps(checked))
