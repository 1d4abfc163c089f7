"""Extraction time of one large text document, by size: seconds per megabyte should stay flat as files grow.

Usage: python bench/large_documents.py [MB ...]   (default 1 4 16)
Prints figures; asserts nothing. Each document is prose with no grades, one long paragraph after another.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from etl import AUTHORITIES_CSV  # noqa: E402
from etl.authorities import AuthorityIndex  # noqa: E402
from etl.documents import process_file  # noqa: E402

WORDS = [
    "the",
    "council",
    "and",
    "its",
    "partners",
    "have",
    "improved",
    "services",
    "for",
    "children",
    "in",
    "the",
    "area",
    "this",
    "year",
    "with",
    "more",
    "to",
    "do",
]


def prose(megabytes: int, rng: random.Random) -> str:
    lines = (" ".join(rng.choice(WORDS) for _ in range(12)) + "." for _ in range(megabytes * 1024 * 1024 // 80))
    return "\n".join(lines)


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [1, 4, 16]
    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = Path(folder) / f"prose-{megabytes}mb.txt"
            path.write_text(prose(megabytes, rng))
            start = time.perf_counter()
            process_file(path, index, {})
            took = time.perf_counter() - start
            print(f"{megabytes:4d} MB: {took:6.2f} s, {took / megabytes:5.2f} s per MB")


if __name__ == "__main__":
    main()
