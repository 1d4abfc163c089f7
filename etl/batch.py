"""Every document of a load read: each recalled where this extractor version has read its content before
(etl/cache.py), the others read and extracted on every core, with progress as they finish.

Reading a document is a pure map from its file to its Reading, so the work is spread over a process pool; what the
pool reads is kept at once, so a load killed part way has lost none of it.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from etl import REPO, cache
from etl.authorities import reference_index
from etl.documents import Reading, reading_of
from etl.read import UnreadableDocument, read_document

Read = Reading | str  # a document's reading, or the one-line reason it cannot be read
OnRead = Callable[[int, int, Path, Read], None]  # (number done, of how many, which, what it gave)
_SHA256 = re.compile(r"[0-9a-f]{64}")


def read_all(paths: list[Path], entries: Path, on_read: OnRead, workers: int | None = None) -> dict[Path, Read]:
    """Each file's reading, recalled or read; on_read is told as each one is done."""
    readings: dict[Path, Read] = {}
    missing: list[Path] = []
    for path in paths:
        sha256 = content_hash(path)
        kept = cache.recalled(entries, sha256) if sha256 else None
        if kept is None:
            missing.append(path)
        else:
            readings[path] = kept
            on_read(len(readings), len(paths), path, kept)
    for path, reading in _read_missing(missing, workers or os.cpu_count() or 1, entries):
        readings[path] = reading
        on_read(len(readings), len(paths), path, reading)
    return readings


def content_hash(path: Path) -> str | None:
    """The SHA-256 of a file: its store folder's name, or its bytes' (None if it cannot be opened)."""
    if _SHA256.fullmatch(path.parent.name):
        return path.parent.name
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _read_missing(paths: list[Path], cores: int, entries: Path):
    """(path, reading) as each is done: in this process for one file, else by a reader process of its own that spreads
    them over a pool. Its own process, so that the pool's workers never re-run whatever script is this process's
    __main__ (a Streamlit page is) and are never forked from a web server's threads."""
    if len(paths) <= 1 or cores <= 1:
        for path in paths:
            yield path, read_one(path, entries)
        return
    command = [sys.executable, "-m", "etl.batch", str(entries), str(cores), *map(str, paths)]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment) as reader:
        for line in reader.stdout:
            done = json.loads(line)
            path = Path(done["path"])
            yield path, done["error"] or cache.recalled(entries, done["sha256"]) or "its reading could not be kept"
    if reader.returncode:
        raise UnreadableDocument(f"the reading process stopped (exit code {reader.returncode})")


def _read_on_a_pool(entries: Path, cores: int, paths: list[Path]) -> None:
    """The reader process: every file read on a pool, each reading kept, and a line printed for each when done."""
    with ProcessPoolExecutor(min(cores, len(paths)), mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(read_one, path, entries): path for path in paths}
        for future in as_completed(futures):
            reading = future.result()
            done = {"path": str(futures[future]), "error": reading if isinstance(reading, str) else "",
                    "sha256": "" if isinstance(reading, str) else reading.sha256}  # fmt: skip
            print(json.dumps(done), flush=True)


def read_one(path: Path, entries: Path) -> Read:
    """One file read and extracted, its reading kept (without the candidates only the review shows: they are large)."""
    try:
        reading = reading_of(read_document(path), reference_index())
    except UnreadableDocument as error:
        return str(error)
    reading.vetoed = []
    cache.keep(entries, reading)
    return reading


def time_left(done: int, total: int, started: float) -> str:
    """'about 3 min left' at the pace so far, or '' before there is a pace to go by."""
    if done == 0 or done >= total:
        return ""
    seconds = (time.monotonic() - started) / done * (total - done)
    return f"about {seconds:.0f} s left" if seconds < 90 else f"about {seconds / 60:.0f} min left"


if __name__ == "__main__":  # the reader process: python -m etl.batch ENTRIES CORES PATH...
    _read_on_a_pool(Path(sys.argv[1]), int(sys.argv[2]), [Path(arg) for arg in sys.argv[3:]])
