"""Uploads waiting for review: each kept under its SHA-256 until it is loaded into the store or discarded.

A staged file is written aside and renamed into place, so a page killed mid-write never leaves half a file,
and a reload of the page loses nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from etl.read import KINDS, MAX_FILE_MB, MAX_PDF_MB


class RefusedUpload(Exception):
    """An upload that cannot be staged; the message names the file and says why."""


def stage(uploads: Path, name: str, data: bytes) -> Path:
    """Keep an upload under its SHA-256 until it is loaded or discarded; refuse what could never be read."""
    safe = Path(name).name
    if not safe or safe.startswith(".") or Path(safe).suffix.lower() not in KINDS:
        raise RefusedUpload(f"{name}: unsupported file type: use {', '.join(sorted(KINDS))}")
    limit = MAX_PDF_MB if Path(safe).suffix.lower() == ".pdf" else MAX_FILE_MB  # a scan is page images: far larger
    if len(data) > limit * 1024 * 1024:
        raise RefusedUpload(f"{name}: file is over the {limit} MB limit: keep only the pages with the grades")
    folder = uploads / hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / safe, data)
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


def accept(staged_path: Path, store: Path) -> Path:
    """Move a reviewed upload into the store (its SHA-256 folder there, its own name kept)."""
    target = store / staged_path.parent.name / staged_path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged_path, target)
    discard(staged_path)
    return target


def unstore(sha256: str, stored_path: Path) -> None:
    """Delete a stored document's file (its SHA-256 folder, or a file of the old flat store)."""
    if stored_path.parent.name == sha256:
        shutil.rmtree(stored_path.parent, ignore_errors=True)
    else:
        stored_path.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)
