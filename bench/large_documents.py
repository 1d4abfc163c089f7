"""Extraction time and peak memory of one large text document, by size: both should grow with the size, not its square.

Usage: python bench/large_documents.py [MB ...]   (default 0.25 1 4)
Prints figures; asserts nothing. Each document is one paragraph with no blank line (as long PDFs and minutes arrive),
its lines full of grade hints: area names, grade words, numbers, "grade", "scored"; some with full stops, most without.
Each size runs in a process of its own, so its peak memory is its own.
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = [
    "the", "council", "staying", "safe", "was", "judged", "good", "and", "being", "healthy", "adequate", "grade", "3",
    "capacity", "to", "improve", "outstanding", "scored", "4", "partners", "services", "for", "children", "in", "2007",
    "APA", "with", "more", "enjoying", "achieving", "inadequate", "out", "of", "overall", "effectiveness",
]  # fmt: skip


def hinted_prose(megabytes: float, rng: random.Random) -> str:
    """Lines of 80 characters or so, one paragraph: a full stop on one line in five."""
    lines = []
    for number in range(int(megabytes * 1024 * 1024 / 80)):
        words = " ".join(rng.choice(WORDS) for _ in range(13))
        lines.append(words + ("." if number % 5 == 0 else ""))
    return "\n".join(lines)


def measure_one(path: Path) -> None:
    """In its own process: extract the file, print seconds and peak resident memory in MB."""
    from etl import AUTHORITIES_CSV
    from etl.authorities import AuthorityIndex
    from etl.documents import process_file

    index = AuthorityIndex.from_csv(AUTHORITIES_CSV)
    start = time.perf_counter()
    process_file(path, index, {})
    took = time.perf_counter() - start
    print(f"{took:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        measure_one(Path(sys.argv[2]))
        return
    sizes = [float(arg) for arg in sys.argv[1:]] or [0.25, 1, 4]
    rng = random.Random(1)
    first = None
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = Path(folder) / f"hinted-{megabytes}mb.txt"
            path.write_text(hinted_prose(megabytes, rng))
            out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, check=True)
            seconds, peak = map(float, out.stdout.split())
            first = first or (megabytes, seconds)
            growth = (seconds / first[1]) / (megabytes / first[0])
            print(
                f"{megabytes:6.2f} MB: {seconds:6.2f} s ({seconds / megabytes:5.2f} s per MB, "
                f"{growth:4.2f}x the smallest's per MB), peak memory {peak:5.0f} MB"
            )


if __name__ == "__main__":
    main()
